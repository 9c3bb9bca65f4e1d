/**
 * Pure: which form field an API message names. fastify's validation messages
 * start with the JSON path of the offending value (`body/params/constantRateFactor
 * must be <= 51`, `body/params must have required property 'width'`); the field is
 * the longest known field that the path starts with. null: a message for the form.
 */
export function fieldOfMessage(message: string, fields: readonly string[]): string | null {
  const m = /^(?:body)?\/?([A-Za-z0-9_]+(?:[/.][A-Za-z0-9_]+)*)(?=[\s:]|$)/.exec(message.trim());
  if (!m?.[1]) return null;
  const segments = m[1].split(/[/.]/).filter((s) => s !== 'body');
  const required = /must have required property '([^']+)'/.exec(message);
  if (required?.[1]) segments.push(required[1]);
  for (let n = segments.length; n > 0; n--) {
    const candidate = segments.slice(0, n).join('.');
    if (fields.includes(candidate)) return candidate;
  }
  return null;
}

export interface FormErrors {
  /** field path (e.g. `params.constantRateFactor`) -> message */
  fields: Record<string, string>;
  form: string | null;
}

export const noErrors: FormErrors = { fields: {}, form: null };

/** Pure: places one API message beside its field, or at the top of the form. */
export function formErrors(message: string, fields: readonly string[]): FormErrors {
  const field = fieldOfMessage(message, fields);
  return field ? { fields: { [field]: message }, form: null } : { fields: {}, form: message };
}
