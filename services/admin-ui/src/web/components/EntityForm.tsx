import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { errorMessage } from '../api/client.js';
import { formErrors, noErrors, type FormErrors } from '../api/field-errors.js';
import { toBody, type FormValues } from '../pages/catalog-fields.js';
import { Field, FormError, type FieldDef } from './Field.js';

export interface ExtraPart {
  /** Field paths this part owns, so API messages naming them land here. */
  fields: string[];
  body(): Record<string, unknown>;
  render(errors: Record<string, string>): ComponentChildren;
}

interface Props {
  id: string;
  title: string;
  fields: readonly FieldDef[];
  initial: FormValues;
  submitLabel: string;
  extra?: ExtraPart;
  onSubmit(body: Record<string, unknown>): Promise<unknown>;
  onCancel?(): void;
}

/**
 * A form with one labelled field per FieldDef. No browser-side validation
 * (noValidate): the API judges, and its 400 message is shown beside the field it names.
 */
export function EntityForm({ id, title, fields, initial, submitLabel, extra, onSubmit, onCancel }: Props) {
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const known = [...fields.map((f) => f.key), ...(extra?.fields ?? [])];

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    try {
      await onSubmit({ ...toBody(values, fields), ...(extra?.body() ?? {}) });
    } catch (err) {
      const next = formErrors(errorMessage(err), known);
      setErrors(next);
      const first = Object.keys(next.fields)[0];
      if (first) document.getElementById(`${id}-${first.replace(/[^A-Za-z0-9_-]/g, '-')}`)?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card entity-form" id={id} onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <FormError message={errors.form} />
      <div class="field-grid">
        {fields.map((def) => (
          <Field
            key={def.key}
            form={id}
            def={def}
            value={values[def.key] ?? ''}
            error={errors.fields[def.key]}
            onInput={(v) => setValues((s) => ({ ...s, [def.key]: v }))}
          />
        ))}
      </div>
      {extra?.render(errors.fields)}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
