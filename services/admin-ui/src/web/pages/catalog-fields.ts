import { AUDIO_CODECS, H264_PROFILES, PIX_FMTS, SAMPLE_RATES, VIDEO_CODECS, X264_PRESETS } from '@dvt/contracts';
import type { FieldDef } from '../field-def.js';

/** One labelled field per param, keyed by its path in the request body (how API messages name it). */
export const VIDEO_TRACK_FIELDS: readonly FieldDef[] = [
  { key: 'name', label: 'Name', kind: 'text', hint: 'Letters, digits, - and _' },
  { key: 'params.codec', label: 'Codec', kind: 'select', options: VIDEO_CODECS },
  { key: 'params.constantRateFactor', label: 'CRF', kind: 'int', min: 0, max: 51, hint: '0-51, lower is better quality' },
  { key: 'params.preset', label: 'x264 preset', kind: 'select', options: X264_PRESETS },
  { key: 'params.maxRate', label: 'Max rate', kind: 'int', min: 1, unit: 'bit/s' },
  { key: 'params.bufSize', label: 'Buffer size', kind: 'int', min: 1, unit: 'bits' },
  { key: 'params.profile', label: 'H.264 profile', kind: 'select', options: H264_PROFILES },
  { key: 'params.pixFmt', label: 'Pixel format', kind: 'select', options: PIX_FMTS },
  { key: 'params.width', label: 'Width', kind: 'int', min: 2, max: 7680, step: 2, unit: 'px' },
  { key: 'params.height', label: 'Height', kind: 'int', min: 2, max: 4320, step: 2, unit: 'px' },
  { key: 'params.frameRate', label: 'Frame rate', kind: 'number', min: 0, max: 240, unit: 'fps' },
  { key: 'params.gopSize', label: 'GOP size', kind: 'int', min: 1, max: 1000, unit: 'frames' },
  { key: 'params.forceKeyFrames', label: 'Forced key frames', kind: 'text', hint: 'ffmpeg -force_key_frames expression' },
];

export const AUDIO_TRACK_FIELDS: readonly FieldDef[] = [
  { key: 'name', label: 'Name', kind: 'text', hint: 'Letters, digits, - and _' },
  { key: 'params.codec', label: 'Codec', kind: 'select', options: AUDIO_CODECS },
  { key: 'params.bitrate', label: 'Bitrate', kind: 'int', min: 8000, max: 1_024_000, unit: 'bit/s' },
  { key: 'params.channels', label: 'Channels', kind: 'int', min: 1, max: 8 },
  { key: 'params.sampleRate', label: 'Sample rate', kind: 'select', options: SAMPLE_RATES, unit: 'Hz' },
];

const PROFILE_HEAD: readonly FieldDef[] = [
  { key: 'name', label: 'Name', kind: 'text', hint: 'Letters, digits, - and _' },
  { key: 'orderNumber', label: 'Order', kind: 'int', min: 0, hint: 'Lower is tried first' },
];

export const VIDEO_PROFILE_FIELDS: readonly FieldDef[] = [
  ...PROFILE_HEAD,
  { key: 'segmentDuration', label: 'Segment duration', kind: 'number', min: 0, max: 60, unit: 's' },
  { key: 'condition.minWidth', label: 'Min width', kind: 'int', min: 0, unit: 'px', hint: '0: no bound' },
  { key: 'condition.minHeight', label: 'Min height', kind: 'int', min: 0, unit: 'px', hint: '0: no bound' },
  { key: 'condition.minBitrate', label: 'Min bitrate', kind: 'int', min: 0, unit: 'bit/s', hint: '0: no bound' },
  { key: 'condition.minFrameRate', label: 'Min frame rate', kind: 'number', min: 0, unit: 'fps', hint: '0: no bound' },
  { key: 'condition.minDar', label: 'Min aspect ratio', kind: 'number', min: 0, hint: 'e.g. 1.33; 0: no bound' },
  { key: 'condition.maxDar', label: 'Max aspect ratio', kind: 'number', min: 0, hint: 'e.g. 1.78; 0: no bound' },
];

export const AUDIO_PROFILE_FIELDS: readonly FieldDef[] = [
  ...PROFILE_HEAD,
  { key: 'condition.minBitrate', label: 'Min bitrate', kind: 'int', min: 0, unit: 'bit/s', hint: '0: no bound' },
  { key: 'condition.minSampleRate', label: 'Min sample rate', kind: 'int', min: 0, unit: 'Hz', hint: '0: no bound' },
];

export const NEW_VIDEO_TRACK = {
  name: '',
  params: { codec: 'libx264', constantRateFactor: 23, preset: 'medium', maxRate: 3_000_000, bufSize: 6_000_000, profile: 'main', pixFmt: 'yuv420p', width: 1280, height: 720, frameRate: 30, gopSize: 60, forceKeyFrames: 'expr:gte(t,n_forced*2)' },
};
export const NEW_AUDIO_TRACK = { name: '', params: { codec: 'aac', bitrate: 128_000, channels: 2, sampleRate: 48_000 } };
export const NEW_VIDEO_PROFILE = { name: '', orderNumber: 0, segmentDuration: 4, condition: { minWidth: 0, minHeight: 0, minBitrate: 0, minFrameRate: 0, minDar: 0, maxDar: 0 } };
export const NEW_AUDIO_PROFILE = { name: '', orderNumber: 0, condition: { minBitrate: 0, minSampleRate: 0 } };

export type FormValues = Record<string, string>;

/** Pure: a nested document to one string per field (what inputs hold). */
export function toValues(doc: unknown, fields: readonly FieldDef[]): FormValues {
  const out: FormValues = {};
  for (const f of fields) {
    let v: unknown = doc;
    for (const k of f.key.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    out[f.key] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}

/**
 * Pure: field strings back to a nested body. Numbers are converted, empty fields
 * are left out (so the API names what is missing); nothing is validated here:
 * the API is the one judge, and its message lands beside the field.
 */
export function toBody(values: FormValues, fields: readonly FieldDef[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = (values[f.key] ?? '').trim();
    if (raw === '') continue;
    const numeric = f.kind === 'int' || f.kind === 'number' || (f.kind === 'select' && typeof f.options?.[0] === 'number');
    const value = numeric && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
    const path = f.key.split('.');
    let node = body;
    for (const k of path.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1] as string] = value;
  }
  return body;
}
