import type { ComponentChildren } from 'preact';
import type { FieldDef } from '../field-def.js';

export type { FieldDef } from '../field-def.js';

const domId = (form: string, key: string) => `${form}-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;

interface FieldProps {
  form: string;
  def: FieldDef;
  value: string;
  error?: string | undefined;
  onInput(value: string): void;
}

/** One labelled input; its hint and the API's message for it are tied to it with aria-describedby. */
export function Field({ form, def, value, error, onInput }: FieldProps) {
  const id = domId(form, def.key);
  const described = [def.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: def.key,
    value,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': described,
    'data-field': def.key,
  };
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label for={id}>
        {def.label}
        {def.unit ? <span class="unit"> ({def.unit})</span> : null}
      </label>
      {def.kind === 'select' ? (
        <select {...common} onChange={(e) => onInput(e.currentTarget.value)}>
          {(def.options ?? []).map((o) => (
            <option key={String(o)} value={String(o)}>
              {String(o)}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={def.kind === 'text' ? 'text' : 'number'}
          inputMode={def.kind === 'int' ? 'numeric' : def.kind === 'number' ? 'decimal' : undefined}
          min={def.min}
          max={def.max}
          step={def.step ?? (def.kind === 'int' ? 1 : 'any')}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
      )}
      {def.hint ? (
        <small id={`${id}-hint`} class="hint">
          {def.hint}
        </small>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="field-error" role="alert" data-error-for={def.key}>
          {breakablePath(error)}
        </p>
      ) : null}
    </div>
  );
}

/** API messages start with a long JSON path: let it wrap after each `/` rather than mid-word. */
function breakablePath(message: string) {
  return message.split('/').map((part, i, all) => (i < all.length - 1 ? [part, '/', <wbr key={i} />] : part));
}

export function FormError({ message }: { message: string | null }) {
  return message ? (
    <p class="form-error" role="alert">
      {message}
    </p>
  ) : null;
}

export function Fieldset({ legend, children }: { legend: string; children: ComponentChildren }) {
  return (
    <fieldset class="fields">
      <legend>{legend}</legend>
      <div class="field-grid">{children}</div>
    </fieldset>
  );
}
