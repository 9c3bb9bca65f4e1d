import './formats.js';

export * from './common.js';
export * from './catalog.js';
export * from './snapshot.js';
export * from './default-preset.js';
export * from './status.js';
export * from './video.js';
export * from './messages.js';
export * from './worker-api.js';
export * from './validate.js';
export * from './request-input.js';
export * from './topology.js';
