import { useState } from 'preact/hooks';

export interface TrackOption {
  id: string;
  name: string;
  detail: string;
}

interface Props {
  id: string;
  tracks: readonly TrackOption[];
  value: string[];
  error?: string | undefined;
  onChange(ids: string[]): void;
}

/** An ordered list of the preset's tracks: add, remove, move up and down (real buttons, so keyboard works). */
export function TrackPicker({ id, tracks, value, error, onChange }: Props) {
  const byId = new Map(tracks.map((t) => [t.id, t]));
  const remaining = tracks.filter((t) => !value.includes(t.id));
  const [toAdd, setToAdd] = useState('');
  const addId = remaining.some((t) => t.id === toAdd) ? toAdd : (remaining[0]?.id ?? '');
  const move = (i: number, delta: number) => {
    const next = [...value];
    const [item] = next.splice(i, 1);
    if (item !== undefined) next.splice(i + delta, 0, item);
    onChange(next);
  };
  return (
    <fieldset class="fields track-picker" aria-describedby={error ? `${id}-tracks-error` : undefined}>
      <legend>Tracks, in ladder order</legend>
      {value.length === 0 ? <p class="muted">No tracks yet.</p> : null}
      <ol class="picked">
        {value.map((trackId, i) => {
          const t = byId.get(trackId);
          const name = t?.name ?? trackId;
          return (
            <li key={trackId}>
              <span class="picked-name">
                {name}
                {t ? <small class="muted"> {t.detail}</small> : null}
              </span>
              <span class="picked-actions">
                <button type="button" aria-label={`Move ${name} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                  ↑ Up
                </button>
                <button type="button" aria-label={`Move ${name} down`} disabled={i === value.length - 1} onClick={() => move(i, 1)}>
                  ↓ Down
                </button>
                <button type="button" aria-label={`Remove ${name}`} onClick={() => onChange(value.filter((x) => x !== trackId))}>
                  Remove
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      {remaining.length ? (
        <div class="input-row">
          <label for={`${id}-add-track`} class="visually-hidden">
            Track to add
          </label>
          <select id={`${id}-add-track`} value={addId} onChange={(e) => setToAdd(e.currentTarget.value)}>
            {remaining.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.detail})
              </option>
            ))}
          </select>
          <button type="button" onClick={() => addId && onChange([...value, addId])}>
            Add track
          </button>
        </div>
      ) : tracks.length === 0 ? (
        <p class="muted">This preset has no tracks of this kind yet: add one above first.</p>
      ) : null}
      {error ? (
        <p id={`${id}-tracks-error`} class="field-error" role="alert" data-error-for="tracks">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
