import type { AudioTrack, VideoTrack } from '@dvt/contracts';
import { useState } from 'preact/hooks';
import { catalog } from '../api/catalog.js';
import { EntityForm } from '../components/EntityForm.js';
import { ItemActions } from '../components/ItemActions.js';
import { useActionError } from '../hooks.js';
import { AUDIO_TRACK_FIELDS, NEW_AUDIO_TRACK, NEW_VIDEO_TRACK, toValues, VIDEO_TRACK_FIELDS } from './catalog-fields.js';
import { audioTrackSummary, videoTrackSummary } from './summaries.js';
import { FormError } from '../components/Field.js';

type Props =
  | { kind: 'video'; presetId: string; tracks: VideoTrack[]; onChanged(): Promise<void> }
  | { kind: 'audio'; presetId: string; tracks: AudioTrack[]; onChanged(): Promise<void> };

/** A preset's video or audio tracks inline, each editable in place (the seed admin's inlines). */
export function TracksSection(props: Props) {
  const { kind, presetId, onChanged } = props;
  const [editing, setEditing] = useState<string | null>(null); // track id, or 'new'
  const [error, run] = useActionError();
  const api = kind === 'video' ? catalog.videoTracks : catalog.audioTracks;
  const fields = kind === 'video' ? VIDEO_TRACK_FIELDS : AUDIO_TRACK_FIELDS;
  const title = kind === 'video' ? 'Video tracks' : 'Audio tracks';
  const tracks: (VideoTrack | AudioTrack)[] = props.tracks;
  const summary = (t: VideoTrack | AudioTrack) => (kind === 'video' ? videoTrackSummary(t as VideoTrack) : audioTrackSummary(t as AudioTrack));

  async function save(id: string | null, body: Record<string, unknown>) {
    if (id) await api.update(id, body as never);
    else await api.create({ ...body, presetId } as never);
    setEditing(null);
    await onChanged();
  }

  return (
    <section class="inline-section" aria-labelledby={`${kind}-tracks-title`}>
      <div class="section-head">
        <h2 id={`${kind}-tracks-title`}>
          {title} <span class="count">({tracks.length})</span>
        </h2>
        <button type="button" onClick={() => setEditing('new')} disabled={editing === 'new'}>
          Add {kind} track
        </button>
      </div>
      <FormError message={error} />
      <ul class="items">
        {tracks.map((t) =>
          editing === t.id ? (
            <li key={t.id}>
              <EntityForm
                id={`${kind}-track-${t.id}`}
                title={`Edit ${kind} track ${t.name}`}
                fields={fields}
                initial={toValues(t, fields)}
                submitLabel="Save track"
                onSubmit={(body) => save(t.id, body)}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={t.id} class="item" data-track={t.name}>
              <div>
                <strong>{t.name}</strong>
                <span class="muted"> {summary(t)}</span>
              </div>
              <ItemActions
                what={`${kind} track`}
                name={t.name}
                question={`Delete ${kind} track ${t.name}? Profiles that list it lose it.`}
                onEdit={() => setEditing(t.id)}
                onDelete={() =>
                  run(async () => {
                    await api.remove(t.id);
                    await onChanged();
                  })
                }
              />
            </li>
          ),
        )}
      </ul>
      {tracks.length === 0 && editing !== 'new' ? <p class="empty">No {kind} tracks yet.</p> : null}
      {editing === 'new' ? (
        <EntityForm
          id={`new-${kind}-track`}
          title={`New ${kind} track`}
          fields={fields}
          initial={toValues(kind === 'video' ? NEW_VIDEO_TRACK : NEW_AUDIO_TRACK, fields)}
          submitLabel={`Create ${kind} track`}
          onSubmit={(body) => save(null, body)}
          onCancel={() => setEditing(null)}
        />
      ) : null}
    </section>
  );
}
