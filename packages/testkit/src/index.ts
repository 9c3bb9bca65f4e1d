export * from './endpoints.js';
export * from './database.js';
export * from './broker.js';
export * from './media.js';
export * from './vhost.js';
export * from './ports.js';
