import { useState } from 'preact/hooks';
import { catalog } from '../api/catalog.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { EntityForm } from '../components/EntityForm.js';
import { formatDate } from '../format.js';
import { useActionError, useLoad, usePageTitle } from '../hooks.js';
import { href, navigate } from '../router.js';
import { ProfilesSection } from './ProfilesSection.js';
import { TracksSection } from './TracksSection.js';
import { FormError } from '../components/Field.js';

const NAME_FIELDS = [{ key: 'name', label: 'Name', kind: 'text', hint: 'A slug: letters, digits, - and _' }] as const;

async function loadPreset(id: string) {
  const [preset, videoTracks, audioTracks, videoProfiles, audioProfiles] = await Promise.all([
    catalog.presets.get(id),
    catalog.videoTracks.list({ presetId: id }),
    catalog.audioTracks.list({ presetId: id }),
    catalog.videoProfiles.list({ presetId: id }),
    catalog.audioProfiles.list({ presetId: id }),
  ]);
  const byOrder = <T extends { orderNumber: number }>(a: T, b: T) => a.orderNumber - b.orderNumber;
  return {
    preset,
    videoTracks: videoTracks.items,
    audioTracks: audioTracks.items,
    videoProfiles: videoProfiles.items.sort(byOrder),
    audioProfiles: audioProfiles.items.sort(byOrder),
  };
}

/** Save a document as a file, without a server round trip. */
function download(name: string, doc: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function PresetPage({ id }: { id: string }) {
  const data = useLoad(() => loadPreset(id), [id]);
  const d = data.data;
  const heading = usePageTitle(d ? `Preset ${d.preset.name}` : 'Preset');
  const [renaming, setRenaming] = useState(false);
  const [error, run] = useActionError();

  return (
    <section>
      <p class="crumbs">
        <a href={href.presets()}>← All presets</a>
      </p>
      <div class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {d ? `Preset ${d.preset.name}` : 'Preset'}
        </h1>
      </div>
      <FormError message={data.error && !d ? `Could not load the preset: ${data.error}` : null} />
      {d ? (
        <>
          <p class="muted">
            Created {formatDate(d.preset.createdAt)} · modified {formatDate(d.preset.modifiedAt)}
          </p>
          <div class="actions">
            <button type="button" onClick={() => setRenaming(!renaming)} aria-expanded={renaming}>
              Rename
            </button>
            <button
              type="button"
              onClick={() => run(async () => download(`preset-${d.preset.name}.json`, await catalog.presets.exportJson(d.preset.id)))}
            >
              Export JSON
            </button>
            <ConfirmButton
              label="Delete preset"
              question={`Delete preset ${d.preset.name} with all its tracks and profiles?`}
              onConfirm={() =>
                run(async () => {
                  await catalog.presets.remove(d.preset.id);
                  navigate(href.presets());
                })
              }
            />
          </div>
          <FormError message={error} />
          {renaming ? (
            <EntityForm
              id="rename-preset"
              title="Rename preset"
              fields={NAME_FIELDS}
              initial={{ name: d.preset.name }}
              submitLabel="Save name"
              onSubmit={async (body) => {
                await catalog.presets.rename(d.preset.id, String(body.name ?? ''));
                setRenaming(false);
                await data.reload();
              }}
              onCancel={() => setRenaming(false)}
            />
          ) : null}
          <TracksSection kind="video" presetId={d.preset.id} tracks={d.videoTracks} onChanged={data.reload} />
          <TracksSection kind="audio" presetId={d.preset.id} tracks={d.audioTracks} onChanged={data.reload} />
          <ProfilesSection kind="video" presetId={d.preset.id} profiles={d.videoProfiles} tracks={d.videoTracks} onChanged={data.reload} />
          <ProfilesSection kind="audio" presetId={d.preset.id} profiles={d.audioProfiles} tracks={d.audioTracks} onChanged={data.reload} />
        </>
      ) : null}
    </section>
  );
}
