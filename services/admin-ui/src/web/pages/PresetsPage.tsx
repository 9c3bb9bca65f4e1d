import { useState } from 'preact/hooks';
import { catalog } from '../api/catalog.js';
import { errorMessage } from '../api/client.js';
import { EntityForm } from '../components/EntityForm.js';
import { Pager, useCursorPager } from '../components/Pager.js';
import { formatDate } from '../format.js';
import { useLoad, usePageTitle } from '../hooks.js';
import { href, navigate } from '../router.js';
import { FormError } from '../components/Field.js';

const PRESET_FIELDS = [{ key: 'name', label: 'Name', kind: 'text', hint: 'A slug: letters, digits, - and _' }] as const;

export function PresetsPage() {
  const heading = usePageTitle('Presets');
  const [search, setSearch] = useState('');
  const [draft, setDraft] = useState('');
  const pager = useCursorPager();
  const list = useLoad(() => catalog.presets.list({ search, cursor: pager.cursor, limit: 50 }), [search, pager.cursor]);
  const [creating, setCreating] = useState(false);
  const [importError, setImportError] = useState<string | null>(null);
  const [importFile, setImportFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);

  async function importPreset(e: Event) {
    e.preventDefault();
    setImportError(null);
    if (!importFile) return setImportError('Choose a JSON file exported from a preset.');
    let doc: unknown;
    try {
      doc = JSON.parse(await importFile.text());
    } catch (err) {
      return setImportError(`${importFile.name} is not valid JSON: ${errorMessage(err)}`);
    }
    try {
      const preset = await catalog.presets.importJson(doc, replace);
      navigate(href.preset(preset.id));
    } catch (err) {
      setImportError(errorMessage(err));
    }
  }

  const items = list.data?.items ?? [];
  return (
    <section>
      <div class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          Presets
        </h1>
        <button type="button" class={creating ? '' : 'primary'} aria-expanded={creating} onClick={() => setCreating(!creating)}>
          {creating ? 'Close the form' : 'New preset'}
        </button>
      </div>
      {creating ? (
        <EntityForm
          id="new-preset"
          title="New preset"
          fields={PRESET_FIELDS}
          initial={{ name: '' }}
          submitLabel="Create preset"
          onSubmit={async (body) => {
            const preset = await catalog.presets.create(String(body.name ?? ''));
            navigate(href.preset(preset.id));
          }}
          onCancel={() => setCreating(false)}
        />
      ) : null}

      <div class="toolbar">
        <form
          class="filters grow"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            pager.reset();
            setSearch(draft.trim());
          }}
        >
          <div class="field grow">
            <label for="preset-search">Search presets by name</label>
            <input id="preset-search" type="search" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
          </div>
          <button type="submit">Search</button>
        </form>
        <form class="filters import" onSubmit={importPreset}>
          <div class="field">
            <label for="preset-import">Import a preset (JSON)</label>
            <input id="preset-import" type="file" accept="application/json,.json" onChange={(e) => setImportFile(e.currentTarget.files?.[0] ?? null)} />
          </div>
          <label class="check">
            <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.currentTarget.checked)} /> Replace a preset of the same name
          </label>
          <button type="submit">Import</button>
        </form>
      </div>
      <FormError message={importError ? `Import failed: ${importError}` : null} />
      <FormError message={list.error ? `Could not load presets: ${list.error}` : null} />
      {items.length ? (
      <table class="list">
        <caption class="visually-hidden">Presets</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Created</th>
            <th scope="col">Modified</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id}>
              <td data-label="Name">
                <a href={href.preset(p.id)}>{p.name}</a>
              </td>
              <td data-label="Created">{formatDate(p.createdAt)}</td>
              <td data-label="Modified">{formatDate(p.modifiedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      ) : null}
      {!list.loading && items.length === 0 && !list.error ? <p class="empty">No presets{search ? ` named like “${search}”` : ''}.</p> : null}
      <Pager page={pager.page} nextCursor={list.data?.nextCursor ?? null} onNext={pager.next} onPrevious={pager.previous} />
    </section>
  );
}
