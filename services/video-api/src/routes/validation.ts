import type { FastifyError } from 'fastify';

interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Pure: one line naming the offending field, e.g. `body/source must match format "uri"`. */
export function validationMessage(err: Pick<FastifyError, 'validation' | 'validationContext' | 'message'>): string {
  const first = (err.validation as AjvError[] | undefined)?.[0];
  if (!first) return err.message;
  const where = err.validationContext ?? 'request';
  const path = first.instancePath.replace(/^\//, '');
  const at = (field: string) => `${where}/${[path, field].filter(Boolean).join('/')}`;
  if (first.keyword === 'required') return `${at(String(first.params.missingProperty))} is required`;
  if (first.keyword === 'additionalProperties') return `${at(String(first.params.additionalProperty))} is not allowed`;
  // A union of literals (status, phase) fails on each branch; one line is enough.
  if (first.keyword === 'const' || first.keyword === 'anyOf') return `${at('')} must be one of the allowed values`.replace('/ must', ' must');
  return `${at('')} ${first.message ?? 'is invalid'}`.replace(/\/ /, ' ');
}
