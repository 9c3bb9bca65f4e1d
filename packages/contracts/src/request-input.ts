import type { TSchema } from '@sinclair/typebox';

// PostgreSQL's text and jsonb refuse NUL, and an unpaired surrogate is not valid UTF-8:
// either would fail deep in a query or a URL encoder instead of as the client's mistake.
const NUL = String.fromCharCode(0);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const illegal = (text: string): string | null => {
  if (text.includes(NUL)) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired UTF-16 surrogates (invalid Unicode)';
  return null;
};

/**
 * Pure: the first string (value or key) in `value` that no service can store, as a
 * message naming it (`body/params/forceKeyFrames must not contain NUL characters`), or null.
 */
export function findIllegalText(value: unknown, path: string): string | null {
  if (typeof value === 'string') {
    const problem = illegal(value);
    return problem ? `${path} ${problem}` : null;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findIllegalText(item, `${path}/${i}`);
      if (found) return found;
    }
    return null;
  }
  // Plain JSON objects only: a streamed body (an upload) is not walked.
  if (value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = illegal(key);
      if (keyProblem) return `${path} has a field name that ${keyProblem}`;
      const found = findIllegalText(item, `${path}/${key}`);
      if (found) return found;
    }
  }
  return null;
}

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)$/;

const typeOf = (schema: TSchema | undefined): string | undefined => {
  if (!schema) return undefined;
  if (typeof schema.type === 'string') return schema.type;
  // Optional(...) and unions of one primitive type keep the type on a branch.
  const branches = (schema.anyOf ?? schema.oneOf) as TSchema[] | undefined;
  const types = new Set(branches?.map((b) => b.type).filter((t): t is string => typeof t === 'string'));
  return types.size === 1 ? [...types][0] : undefined;
};

/**
 * Pure: a query string's values converted to what its object schema declares, strictly:
 * "25" -> 25 for an integer, "true"/"false" -> booleans; anything else ("1e3", "0x10",
 * "Infinity", "1.5" for an integer) is left a string, so validation names the field.
 * Defaults are applied for absent properties.
 */
export function convertQuery(schema: TSchema, query: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, TSchema>;
  const out: Record<string, unknown> = { ...query };
  for (const [name, prop] of Object.entries(properties)) {
    const raw = out[name];
    if (raw === undefined) {
      if (prop.default !== undefined) out[name] = prop.default;
      continue;
    }
    if (typeof raw !== 'string') continue;
    const type = typeOf(prop);
    if (type === 'integer' && INTEGER.test(raw)) out[name] = Number(raw);
    else if (type === 'number' && NUMBER.test(raw)) out[name] = Number(raw);
    else if (type === 'boolean' && (raw === 'true' || raw === 'false')) out[name] = raw === 'true';
  }
  return out;
}
