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

/** Deeper JSON than this is refused before it is walked (no schema here nests past a few levels). */
export const MAX_JSON_DEPTH = 32;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/**
 * Pure: the first string (value or key) in `value` that no service can store, as a
 * message naming it (`body/params/forceKeyFrames must not contain NUL characters`), or null.
 * Walked with an explicit stack, so a hostile nesting depth is a 400, not a stack overflow.
 */
export function findIllegalText(value: unknown, path: string): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      const problem = illegal(item.value);
      if (problem) return `${item.path} ${problem}`;
      continue;
    }
    // Plain JSON only: a streamed body (an upload) is not walked.
    const entries: [string, unknown][] = Array.isArray(item.value) ? item.value.map((v, i) => [String(i), v]) : isPlainObject(item.value) ? Object.entries(item.value) : [];
    if (entries.length === 0) continue;
    if (item.depth >= MAX_JSON_DEPTH) return `${item.path} is nested deeper than ${MAX_JSON_DEPTH} levels`;
    // Pushed in reverse so the first offending field (in document order) is the one named.
    for (const [key, child] of entries.reverse()) {
      if (!Array.isArray(item.value)) {
        const keyProblem = illegal(key);
        if (keyProblem) return `${item.path} has a field name that ${keyProblem}`;
      }
      stack.push({ value: child, path: `${item.path}/${key}`, depth: item.depth + 1 });
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

/**
 * Pure: what both APIs do to a parsed request before schema validation: the query
 * converted by its schema (when it has one), and the first text no service can store.
 */
export function checkRequestInput(request: { query: unknown; params: unknown; body: unknown }, querySchema?: TSchema): { query: unknown; problem: string | null } {
  const query = querySchema && request.query && typeof request.query === 'object' ? convertQuery(querySchema, request.query as Record<string, unknown>) : request.query;
  const problem = findIllegalText(query, 'querystring') ?? findIllegalText(request.params, 'params') ?? findIllegalText(request.body, 'body');
  return { query, problem };
}
