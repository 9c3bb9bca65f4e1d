import './formats.js';
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { JOB_MESSAGE_VERSION, JobMessage, WorkerEvent } from './messages.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A validator compiled once; its error names the first offending field by JSON path. */
export function compileParser<T extends TSchema>(schema: T, what: string) {
  const check = TypeCompiler.Compile(schema);
  return (value: unknown): Parsed<Static<T>> => {
    if (check.Check(value)) return { ok: true, value };
    const first = check.Errors(value).First();
    const path = first?.path ? first.path : '/';
    return { ok: false, error: `invalid ${what}: ${path} ${first?.message ?? 'is invalid'}`.trim() };
  };
}

const checkJob = compileParser(JobMessage, 'job message');
const checkEvent = compileParser(WorkerEvent, 'worker event');

function decode(raw: Buffer | string, what: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8')) };
  } catch (err) {
    return { ok: false, error: `${what} is not valid JSON: ${(err as Error).message}` };
  }
}

/** Parses a job message body: JSON, then a known version, then the v1 schema. */
export function parseJobMessage(raw: Buffer | string): Parsed<JobMessage> {
  const decoded = decode(raw, 'job message');
  if (!decoded.ok) return decoded;
  const body = decoded.value as { version?: unknown } | null;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, error: 'job message is not a JSON object' };
  if (body.version !== JOB_MESSAGE_VERSION) return { ok: false, error: `job message has unknown version ${JSON.stringify(body.version)} (this worker reads ${JOB_MESSAGE_VERSION})` };
  return checkJob(body);
}

export function parseWorkerEvent(raw: Buffer | string): Parsed<WorkerEvent> {
  const decoded = decode(raw, 'worker event');
  if (!decoded.ok) return decoded;
  return checkEvent(decoded.value);
}

/** Best effort for poison messages: the ids of the video and task, when they can be read at all. */
export function peekJobIds(raw: Buffer | string): { videoId: string; taskId: string } | null {
  const decoded = decode(raw, 'job message');
  if (!decoded.ok) return null;
  const body = decoded.value as Record<string, unknown> | null;
  if (!body || typeof body !== 'object') return null;
  const { videoId, taskId } = body;
  const uuid = /^[0-9a-f-]{36}$/i;
  return typeof videoId === 'string' && typeof taskId === 'string' && uuid.test(videoId) && uuid.test(taskId) ? { videoId, taskId } : null;
}

/** Fills schema defaults (e.g. condition bounds of 0) into a copy of `value`. */
export function withDefaults<T extends TSchema>(schema: T, value: unknown): Static<T> {
  return Value.Default(schema, structuredClone(value)) as Static<T>;
}
