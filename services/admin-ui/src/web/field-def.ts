/** How a form field is drawn and converted; pure data so the conversions are unit-testable. */
export type FieldKind = 'int' | 'number' | 'text' | 'select';

export interface FieldDef {
  /** Path in the request body, e.g. `params.constantRateFactor`: also how API errors find it. */
  key: string;
  label: string;
  kind: FieldKind;
  options?: readonly (string | number)[];
  hint?: string;
  min?: number;
  max?: number;
  step?: number | 'any';
  unit?: string;
}
