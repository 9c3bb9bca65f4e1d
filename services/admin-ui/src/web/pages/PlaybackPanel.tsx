import type { Playback } from '@dvt/contracts';
import { useEffect, useState } from 'preact/hooks';
import { playableUrl } from '../format.js';
import { uiSettings } from '../settings.js';
import { HlsPlayer } from './HlsPlayer.js';

/** The player, and the public playback URL(s) to copy. */
export function PlaybackPanel({ playback }: { playback: Playback }) {
  const [src, setSrc] = useState<string | null>(null);
  const [copied, setCopied] = useState<string>('');
  useEffect(() => {
    void uiSettings().then((s) => setSrc(playableUrl(playback.hls, s.proxiedMediaBases, window.location.origin)));
  }, [playback.hls]);

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Copied the playback URL.');
    } catch {
      // Clipboard API refused (insecure origin): select the text so Ctrl+C works.
      const input = document.getElementById('playback-url') as HTMLInputElement | null;
      input?.select();
      setCopied('Select and copy the URL (the browser refused clipboard access).');
    }
  }

  return (
    <div class="card">
      <h2>Playback</h2>
      {src ? <HlsPlayer src={src} /> : null}
      <div class="field copy-field">
        <label for="playback-url">Playback URL (HLS master playlist)</label>
        <div class="input-row">
          <input id="playback-url" type="text" readOnly value={playback.hls} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => copy(playback.hls)}>
            Copy
          </button>
        </div>
        <small class="hint" role="status">
          {copied}
        </small>
      </div>
      {playback.edges.length > 1 ? (
        <details>
          <summary>Same playlist on {playback.edges.length} edges</summary>
          <ul class="edges">
            {playback.edges.map((e) => (
              <li key={e} class="wrap mono">
                {e}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
