import type { AudioProfile, AudioTrack, VideoProfile, VideoTrack } from '@dvt/contracts';
import { useState } from 'preact/hooks';
import { catalog } from '../api/catalog.js';
import { EntityForm } from '../components/EntityForm.js';
import { ItemActions } from '../components/ItemActions.js';
import { useActionError } from '../hooks.js';
import { TrackPicker, type TrackOption } from '../components/TrackPicker.js';
import { AUDIO_PROFILE_FIELDS, NEW_AUDIO_PROFILE, NEW_VIDEO_PROFILE, toValues, VIDEO_PROFILE_FIELDS } from './catalog-fields.js';
import { audioProfileSummary, audioTrackSummary, videoProfileSummary, videoTrackSummary } from './summaries.js';
import { FormError } from '../components/Field.js';

type Profile = VideoProfile | AudioProfile;
type Props =
  | { kind: 'video'; presetId: string; profiles: VideoProfile[]; tracks: VideoTrack[]; onChanged(): Promise<void> }
  | { kind: 'audio'; presetId: string; profiles: AudioProfile[]; tracks: AudioTrack[]; onChanged(): Promise<void> };

/** A preset's video or audio profiles inline: condition fields and an ordered track picker. */
export function ProfilesSection(props: Props) {
  const { kind, presetId, onChanged } = props;
  const [editing, setEditing] = useState<string | null>(null);
  const [error, run] = useActionError();
  const api = kind === 'video' ? catalog.videoProfiles : catalog.audioProfiles;
  const profiles: Profile[] = props.profiles;
  const options: TrackOption[] =
    props.kind === 'video'
      ? props.tracks.map((t) => ({ id: t.id, name: t.name, detail: videoTrackSummary(t) }))
      : props.tracks.map((t) => ({ id: t.id, name: t.name, detail: audioTrackSummary(t) }));
  const names = new Map(options.map((o) => [o.id, o.name]));
  const summary = (p: Profile) => (kind === 'video' ? videoProfileSummary(p as VideoProfile) : audioProfileSummary(p as AudioProfile));

  async function save(id: string | null, body: Record<string, unknown>) {
    if (id) await api.update(id, body as never);
    else await api.create({ ...body, presetId } as never);
    setEditing(null);
    await onChanged();
  }

  const nextOrder = profiles.reduce((m, p) => Math.max(m, p.orderNumber + 1), 0);
  return (
    <section class="inline-section" aria-labelledby={`${kind}-profiles-title`}>
      <div class="section-head">
        <h2 id={`${kind}-profiles-title`}>
          {kind === 'video' ? 'Video profiles' : 'Audio profiles'} <span class="count">({profiles.length})</span>
        </h2>
        <button type="button" onClick={() => setEditing('new')} disabled={editing === 'new'}>
          Add {kind} profile
        </button>
      </div>
      <FormError message={error} />
      <ul class="items">
        {profiles.map((p) =>
          editing === p.id ? (
            <li key={p.id}>
              <ProfileForm kind={kind} id={`${kind}-profile-${p.id}`} title={`Edit ${kind} profile ${p.name}`} profile={p} options={options} onSubmit={(b) => save(p.id, b)} onCancel={() => setEditing(null)} />
            </li>
          ) : (
            <li key={p.id} class="item" data-profile={p.name}>
              <div>
                <strong>{p.name}</strong>
                <span class="muted"> {summary(p)}</span>
                <div class="muted">Tracks: {p.tracks.length ? p.tracks.map((t) => names.get(t) ?? t).join(' → ') : 'none'}</div>
              </div>
              <ItemActions
                what={`${kind} profile`}
                name={p.name}
                question={`Delete ${kind} profile ${p.name}?`}
                onEdit={() => setEditing(p.id)}
                onDelete={() =>
                  run(async () => {
                    await api.remove(p.id);
                    await onChanged();
                  })
                }
              />
            </li>
          ),
        )}
      </ul>
      {profiles.length === 0 && editing !== 'new' ? <p class="empty">No {kind} profiles yet.</p> : null}
      {editing === 'new' ? (
        <ProfileForm
          kind={kind}
          id={`new-${kind}-profile`}
          title={`New ${kind} profile`}
          profile={{ ...(kind === 'video' ? NEW_VIDEO_PROFILE : NEW_AUDIO_PROFILE), orderNumber: nextOrder, tracks: [] }}
          options={options}
          onSubmit={(b) => save(null, b)}
          onCancel={() => setEditing(null)}
        />
      ) : null}
    </section>
  );
}

interface FormProps {
  kind: 'video' | 'audio';
  id: string;
  title: string;
  profile: { tracks: string[] } & Record<string, unknown>;
  options: TrackOption[];
  onSubmit(body: Record<string, unknown>): Promise<void>;
  onCancel(): void;
}

function ProfileForm({ kind, id, title, profile, options, onSubmit, onCancel }: FormProps) {
  const [tracks, setTracks] = useState<string[]>(profile.tracks);
  const fields = kind === 'video' ? VIDEO_PROFILE_FIELDS : AUDIO_PROFILE_FIELDS;
  return (
    <EntityForm
      id={id}
      title={title}
      fields={fields}
      initial={toValues(profile, fields)}
      submitLabel={title.startsWith('New') ? `Create ${kind} profile` : 'Save profile'}
      onSubmit={onSubmit}
      onCancel={onCancel}
      extra={{
        fields: ['tracks'],
        body: () => ({ tracks }),
        render: (errors) => <TrackPicker id={id} tracks={options} value={tracks} error={errors.tracks} onChange={setTracks} />,
      }}
    />
  );
}
