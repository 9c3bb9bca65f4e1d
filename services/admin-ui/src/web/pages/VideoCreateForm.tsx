import type { Preset } from '@dvt/contracts';
import { useRef, useState } from 'preact/hooks';
import { allPresets } from '../api/catalog.js';
import { errorMessage } from '../api/client.js';
import { uploadFile, videos, type Upload } from '../api/video.js';
import { formatBytes } from '../format.js';
import { useLoad } from '../hooks.js';
import { href, navigate } from '../router.js';
import { rememberUpload } from '../upload-names.js';
import { FormError } from '../components/Field.js';

type Mode = 'url' | 'file';

/** Create a video from a URL, or upload a file first (with progress) and create it from the stored source. */
export function VideoCreateForm() {
  const presets = useLoad<Preset[]>(allPresets, []);
  const [mode, setMode] = useState<Mode>('file');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [preset, setPreset] = useState('default');
  const [transcode, setTranscode] = useState(true);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = useRef<Upload | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      let source = url.trim();
      if (mode === 'file') {
        if (!file) throw new Error('Choose a file to upload.');
        setProgress({ sent: 0, total: file.size });
        upload.current = uploadFile(file, (sent, total) => setProgress({ sent, total }));
        source = await upload.current.promise.then(
          (r) => {
            rememberUpload(r.source, file.name);
            return r.source;
          },
          (err: unknown) => Promise.reject(new Error(`Upload failed: ${errorMessage(err)}`)),
        );
      }
      const video = await videos.create({ source, preset, transcode }).catch((err: unknown) => Promise.reject(new Error(`Could not create the video: ${errorMessage(err)}`)));
      navigate(href.video(video.id));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      upload.current = null;
      setBusy(false);
    }
  }

  const percent = progress && progress.total > 0 ? Math.floor((progress.sent / progress.total) * 100) : 0;
  return (
    <form class="card create-video" onSubmit={submit} noValidate aria-labelledby="create-video-title">
      <h2 id="create-video-title">New video</h2>
      <fieldset class="choice">
        <legend>Source</legend>
        <label>
          <input type="radio" name="source-mode" value="file" checked={mode === 'file'} onChange={() => setMode('file')} /> Upload a file
        </label>
        <label>
          <input type="radio" name="source-mode" value="url" checked={mode === 'url'} onChange={() => setMode('url')} /> From a URL
        </label>
      </fieldset>
      {mode === 'url' ? (
        <div class="field">
          <label for="video-source-url">Source URL (http, https or ftp)</label>
          <input id="video-source-url" type="url" placeholder="https://example.com/movie.mp4" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        </div>
      ) : (
        <div class="field">
          <label for="video-source-file">Media file</label>
          <input id="video-source-file" type="file" accept="video/*,audio/*,.mkv,.ts,.mov" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
          {file ? <small class="hint">{`${file.name}, ${formatBytes(file.size)}`}</small> : null}
        </div>
      )}
      <div class="field-row">
        <div class="field">
          <label for="video-preset">Preset</label>
          <select id="video-preset" value={preset} onChange={(e) => setPreset(e.currentTarget.value)}>
            {(presets.data ?? [{ name: 'default' } as Preset]).map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
          {presets.error ? <small class="field-error">Could not load presets: {presets.error}</small> : null}
        </div>
        <label class="check">
          <input type="checkbox" checked={transcode} onChange={(e) => setTranscode(e.currentTarget.checked)} /> Transcode now
        </label>
      </div>
      {progress ? (
        <div class="upload-progress">
          <label for="upload-progress">Upload</label>
          <progress id="upload-progress" max={100} value={percent} />
          <span aria-live="polite">
            {percent}% ({formatBytes(progress.sent)} of {formatBytes(progress.total)})
          </span>
        </div>
      ) : null}
      <FormError message={error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {mode === 'file' ? 'Upload and create' : 'Create video'}
        </button>
        {busy && upload.current ? (
          <button type="button" onClick={() => upload.current?.abort()}>
            Cancel upload
          </button>
        ) : null}
      </div>
    </form>
  );
}
