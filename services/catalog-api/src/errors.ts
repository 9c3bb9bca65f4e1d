import type { FastifyError, FastifyInstance, FastifySchemaValidationError } from 'fastify';
import { STATUS_CODES } from 'node:http';

/** An error whose message is safe to show the client. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string) => new HttpError(400, message, 'BAD_REQUEST');
export const notFound = (message: string) => new HttpError(404, message, 'NOT_FOUND');
export const conflict = (message: string) => new HttpError(409, message, 'CONFLICT');

interface PgError {
  code?: string;
  constraint?: string;
  message?: string;
  errors?: unknown[];
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', '57P01', '57P02', '57P03', '3D000', '53300']);
const CONNECTION_MESSAGES = [/timeout exceeded when trying to connect/i, /connection terminated/i, /Connection ended unexpectedly/i, /Client has encountered a connection error/i];

/** True for errors meaning "the database cannot be reached", whatever layer raised them. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as PgError;
  if (e.code && (CONNECTION_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  if (e.message && CONNECTION_MESSAGES.some((re) => re.test(e.message!))) return true;
  return Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable);
}

export const pgCode = (err: unknown): string | undefined => (err as PgError | null)?.code;
export const pgConstraint = (err: unknown): string | undefined => (err as PgError | null)?.constraint;

interface AjvLikeError extends FastifySchemaValidationError {
  schema?: unknown;
}

/** One message naming the field: `body/params/constantRateFactor must be <= 51`. */
export function formatSchemaErrors(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const list = errors as AjvLikeError[];
  // A union of literals fails on every branch and then on anyOf; the anyOf says it best.
  const first = list.find((e) => e.keyword === 'anyOf') ?? list[0];
  let message = 'is invalid';
  let path = `${dataVar}${first?.instancePath ?? ''}`;
  if (first) {
    const params = first.params as Record<string, unknown>;
    if (first.keyword === 'additionalProperties') {
      path += `/${String(params.additionalProperty)}`;
      message = 'is not a known field';
    } else if (first.keyword === 'required') {
      path += `/${String(params.missingProperty)}`;
      message = 'is required';
    } else if (first.keyword === 'const') {
      // a union of one literal collapses to a const
      message = `must be one of: ${String(params.allowedValue)}`;
    } else if (first.keyword === 'anyOf' && Array.isArray(first.schema) && first.schema.every((s) => s && typeof s === 'object' && 'const' in s)) {
      message = `must be one of: ${first.schema.map((s: { const: unknown }) => String(s.const)).join(', ')}`;
    } else {
      message = first.message ?? message;
    }
  }
  return new Error(`${path} ${message}`);
}

const send = (statusCode: number, message: string, code?: string) => ({
  statusCode,
  error: STATUS_CODES[statusCode] ?? 'Error',
  message,
  ...(code ? { code } : {}),
});

/** The one place errors become responses: client errors say why, server errors say nothing internal. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).send(send(err.statusCode, err.message, err.code));
    }
    if (err.validation) {
      return reply.code(400).send(send(400, err.message, 'VALIDATION'));
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err }, 'database unavailable');
      return reply.code(503).send(send(503, 'the database is unavailable, try again later', 'DATABASE_UNAVAILABLE'));
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send(send(413, `request body is larger than the limit of ${request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit} bytes`, err.code));
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send(send(415, `content-type ${request.headers['content-type'] ?? '(none)'} is not supported: send application/json`, err.code));
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send(send(status, err.message, err.code));
    }
    request.log.error({ err }, 'request failed');
    return reply.code(500).send(send(500, 'internal error (logged on the server)'));
  });
}
