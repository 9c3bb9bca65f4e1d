import { PROGRESS_PHASES, TRANSCODABLE_FROM, type Preset, type Video } from '@dvt/contracts';
import { useState } from 'preact/hooks';
import { allPresets } from '../api/catalog.js';
import { videos } from '../api/video.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { formatDate, formatDuration } from '../format.js';
import { useActionError, useInterval, useLoad, usePageTitle } from '../hooks.js';
import { href, navigate } from '../router.js';
import { displayName } from '../upload-names.js';
import { PlaybackPanel } from './PlaybackPanel.js';
import { FormError } from '../components/Field.js';

const moving = (v: Video | undefined) => v?.status === 'queued' || v?.status === 'process';

export function VideoPage({ id }: { id: string }) {
  const video = useLoad(() => videos.get(id), [id]);
  const v = video.data;
  const heading = usePageTitle(v ? displayName(v.source) : 'Video');
  const [actionError, run] = useActionError();
  const presets = useLoad<Preset[]>(allPresets, []);
  // null: the video's own preset
  const [preset, setPreset] = useState<string | null>(null);
  // Live progress: poll about every second while the worker has it (or it waits for one).
  useInterval(video.reload, moving(v) ? 1000 : null);

  const act = (action: () => Promise<unknown>) =>
    run(async () => {
      await action();
      await video.reload();
    });

  return (
    <section>
      <p class="crumbs">
        <a href={href.videos()}>← All videos</a>
      </p>
      <div class="page-head">
        <h1 ref={heading} tabIndex={-1} class="truncate">
          {v ? displayName(v.source) : 'Video'}
        </h1>
        {v ? <StatusBadge status={v.status} progress={v.progress} /> : null}
      </div>
      <FormError message={video.error && !v ? `Could not load the video: ${video.error}` : null} />
      {v ? (
        <>
          <div class="actions">
            <label class="inline-field">
              <span>Preset</span>
              <select value={preset ?? v.preset} disabled={!TRANSCODABLE_FROM.includes(v.status)} onChange={(e) => setPreset(e.currentTarget.value)}>
                {[v.preset, ...(presets.data ?? []).map((p) => p.name).filter((name) => name !== v.preset)].map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              disabled={!TRANSCODABLE_FROM.includes(v.status)}
              onClick={() =>
                act(async () => {
                  await videos.transcode(v.id, preset && preset !== v.preset ? preset : undefined);
                  setPreset(null);
                })
              }
            >
              {v.status === 'new' ? 'Transcode' : 'Transcode again'}
            </button>
            <ConfirmButton
              label="Delete video"
              question={`Delete ${displayName(v.source)} and its results?`}
              disabled={v.status === 'process'}
              onConfirm={() => act(async () => {
                await videos.remove(v.id);
                navigate(href.videos());
              })}
            />
          </div>
          <FormError message={actionError} />
          <div class="video-layout">
            <div class="video-main">
              {moving(v) ? <ProgressPanel video={v} /> : null}
              {v.status === 'error' && v.error ? (
                <div class="card error-card" role="alert">
                  <h2>Transcoding failed</h2>
                  <pre class="wrap">{v.error}</pre>
                </div>
              ) : null}
              {v.status === 'done' && v.playback ? <PlaybackPanel playback={v.playback} /> : null}
              {v.status === 'new' ? (
                <p class="card muted">Not transcoded yet: use “Transcode” to queue it.</p>
              ) : null}
            </div>
            <VideoFacts video={v} />
          </div>
        </>
      ) : null}
    </section>
  );
}

function ProgressPanel({ video }: { video: Video }) {
  const p = video.progress;
  const current = p ? PROGRESS_PHASES.indexOf(p.phase) : -1;
  const percent = p ? Math.floor(p.percent) : 0;
  return (
    <div class="card progress-card">
      <h2>Progress</h2>
      <p class="progress-text" aria-live="polite" data-testid="progress-text">
        {video.status === 'queued' ? 'Waiting for a worker…' : p ? `${p.phase}: ${percent}%` : 'Starting…'}
      </p>
      <progress max={100} value={percent} aria-label="Transcoding progress" />
      <ol class="phases">
        {PROGRESS_PHASES.map((phase, i) => (
          <li key={phase} class={i < current ? 'phase--done' : i === current ? 'phase--current' : ''}>
            {phase}
            <span class="visually-hidden">{i < current ? ' (finished)' : i === current ? ' (current)' : ''}</span>
            <span aria-hidden="true">{i < current ? ' ✓' : i === current ? ' ●' : ''}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

function VideoFacts({ video: v }: { video: Video }) {
  return (
    <div class="card video-facts">
      <h2>Details</h2>
      <dl class="facts">
        <dt>Source</dt>
        <dd class="wrap">
          <a href={v.source} rel="noreferrer noopener" target="_blank">
            {v.source}
          </a>
        </dd>
        <dt>Preset</dt>
        <dd>{v.preset}</dd>
        <dt>Status</dt>
        <dd>{v.status}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(v.duration)}</dd>
        <dt>Basename</dt>
        <dd class="mono">{v.basename}</dd>
        <dt>Video id</dt>
        <dd class="mono">{v.id}</dd>
        <dt>Task id</dt>
        <dd class="mono">{v.taskId ?? '—'}</dd>
        <dt>Created</dt>
        <dd>{formatDate(v.createdAt)}</dd>
        <dt>Modified</dt>
        <dd>{formatDate(v.modifiedAt)}</dd>
        {v.error && v.status !== 'error' ? (
          <>
            <dt>Last error</dt>
            <dd class="wrap">{v.error}</dd>
          </>
        ) : null}
      </dl>
      <details>
        <summary>Metadata {v.metadata ? '' : '(none yet)'}</summary>
        <pre class="metadata">{v.metadata ? JSON.stringify(v.metadata, null, 2) : 'The worker records metadata when it analyzes the source.'}</pre>
      </details>
    </div>
  );
}
