import { TRANSCODABLE_FROM, VIDEO_STATUSES, type Video, type VideoStatus } from '@dvt/contracts';
import { useState } from 'preact/hooks';
import { errorMessage } from '../api/client.js';
import { videos } from '../api/video.js';
import { Pager, useCursorPager } from '../components/Pager.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { formatDate } from '../format.js';
import { useInterval, useLoad, usePageTitle } from '../hooks.js';
import { href } from '../router.js';
import { displayName } from '../upload-names.js';
import { VideoCreateForm } from './VideoCreateForm.js';
import { FormError } from '../components/Field.js';

const PAGE_SIZE = 25;
const busy = (v: Video) => v.status === 'queued' || v.status === 'process';

export function VideosPage() {
  const heading = usePageTitle('Videos');
  const [status, setStatus] = useState<VideoStatus | ''>('');
  const [search, setSearch] = useState('');
  const [searchDraft, setSearchDraft] = useState('');
  const pager = useCursorPager();
  const list = useLoad(() => videos.list({ status, search, cursor: pager.cursor, limit: PAGE_SIZE }), [status, search, pager.cursor]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const items = list.data?.items ?? [];
  // Live list: refresh while anything shown is still moving.
  useInterval(list.reload, items.some(busy) ? 2000 : null);

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = items.length > 0 && items.every((v) => selected.has(v.id));

  async function transcodeSelected() {
    const chosen = items.filter((v) => selected.has(v.id));
    const ok: string[] = [];
    const skipped: string[] = [];
    const failed: string[] = [];
    for (const v of chosen) {
      if (!TRANSCODABLE_FROM.includes(v.status)) {
        skipped.push(`${displayName(v.source)} (${v.status})`);
        continue;
      }
      try {
        await videos.transcode(v.id);
        ok.push(displayName(v.source));
      } catch (err) {
        failed.push(`${displayName(v.source)}: ${errorMessage(err)}`);
      }
    }
    setNotice(
      [
        `Queued ${ok.length} video${ok.length === 1 ? '' : 's'} for transcoding.`,
        skipped.length ? `Skipped ${skipped.length} that cannot be queued now: ${skipped.join(', ')}.` : '',
        failed.length ? `Failed: ${failed.join('; ')}.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
    setSelected(new Set());
    await list.reload();
  }

  return (
    <section>
      <div class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          Videos
        </h1>
        <button type="button" class={creating ? '' : 'primary'} aria-expanded={creating} onClick={() => setCreating(!creating)}>
          {creating ? 'Close the form' : 'Add a video'}
        </button>
      </div>
      {creating ? <VideoCreateForm /> : null}

      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          pager.reset();
          setSearch(searchDraft.trim());
        }}
      >
        <div class="field">
          <label for="video-status-filter">Status</label>
          <select
            id="video-status-filter"
            value={status}
            onChange={(e) => {
              pager.reset();
              setStatus(e.currentTarget.value as VideoStatus | '');
            }}
          >
            <option value="">All statuses</option>
            {VIDEO_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div class="field grow">
          <label for="video-search">Search source URL or basename</label>
          <input id="video-search" type="search" value={searchDraft} onInput={(e) => setSearchDraft(e.currentTarget.value)} />
        </div>
        <button type="submit">Search</button>
      </form>

      <div class="bulk" role="group" aria-label="Actions on selected videos">
        <span aria-live="polite">{selected.size} selected</span>
        <button type="button" disabled={selected.size === 0} onClick={transcodeSelected}>
          Transcode selected
        </button>
      </div>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <FormError message={list.error ? `Could not load videos: ${list.error}` : null} />

      {items.length ? (
      <table class="list videos">
        <caption class="visually-hidden">Videos{status ? ` with status ${status}` : ''}</caption>
        <thead>
          <tr>
            <th scope="col" class="select">
              <input
                type="checkbox"
                aria-label="Select all videos on this page"
                checked={allSelected}
                onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((v) => v.id)))}
              />
            </th>
            <th scope="col">Source</th>
            <th scope="col">Status</th>
            <th scope="col">Preset</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {items.map((v) => (
            <tr key={v.id} data-video-id={v.id}>
              <td class="select">
                <input type="checkbox" aria-label={`Select ${displayName(v.source)}`} checked={selected.has(v.id)} onChange={() => toggle(v.id)} />
              </td>
              <td class="source" data-label="Source">
                <a href={href.video(v.id)}>{displayName(v.source)}</a>
                <small class="muted truncate" title={v.source}>
                  {v.source}
                </small>
              </td>
              <td data-label="Status">
                <StatusBadge status={v.status} progress={v.progress} />
              </td>
              <td data-label="Preset">{v.preset}</td>
              <td data-label="Created" class="date">{formatDate(v.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      ) : null}
      {!list.loading && items.length === 0 && !list.error ? <p class="empty">No videos{status || search ? ' match these filters' : ' yet'}.</p> : null}
      <Pager page={pager.page} nextCursor={list.data?.nextCursor ?? null} onNext={pager.next} onPrevious={pager.previous} />
    </section>
  );
}
