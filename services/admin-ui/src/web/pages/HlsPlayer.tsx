import type Hls from 'hls.js';
import type { ErrorData, Level } from 'hls.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatBitrate } from '../format.js';

const AUTO = -1;
const levelLabel = (l: Level) => `${l.width && l.height ? `${l.width}×${l.height}` : l.name || 'audio'} · ${formatBitrate(l.bitrate)}`;

/** hls.js player (native HLS where hls.js is unsupported) with a rendition picker. */
export function HlsPlayer({ src }: { src: string }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const hlsRef = useRef<Hls | null>(null);
  const [levels, setLevels] = useState<Level[]>([]);
  const [choice, setChoice] = useState<number>(AUTO);
  const [playing, setPlaying] = useState<number>(AUTO);
  const [fatal, setFatal] = useState<string | null>(null);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    setFatal(null);
    let hls: Hls | null = null;
    let cancelled = false;
    // hls.js is most of the bundle: load it only when there is something to play.
    void import('hls.js').then(({ default: HlsJs }) => {
      if (cancelled) return;
      if (!HlsJs.isSupported()) {
        if (video.canPlayType('application/vnd.apple.mpegurl')) video.src = src;
        else setFatal('This browser cannot play HLS.');
        return;
      }
      hls = new HlsJs({ enableWorker: true });
      hlsRef.current = hls;
      hls.on(HlsJs.Events.MANIFEST_PARSED, (_e, data) => setLevels(data.levels));
      hls.on(HlsJs.Events.LEVEL_SWITCHED, (_e, data) => setPlaying(data.level));
      hls.on(HlsJs.Events.ERROR, (_e, data: ErrorData) => {
        if (data.fatal) setFatal(`${data.type}: ${data.details}${data.response ? ` (HTTP ${data.response.code})` : ''}`);
      });
      hls.loadSource(src);
      hls.attachMedia(video);
    }, (err: unknown) => setFatal(`Could not load the player: ${String(err)}`));
    return () => {
      cancelled = true;
      hls?.destroy();
      hlsRef.current = null;
    };
  }, [src]);

  function choose(value: number) {
    setChoice(value);
    const hls = hlsRef.current;
    if (!hls) return;
    if (value === AUTO) hls.currentLevel = AUTO;
    else hls.currentLevel = value; // switch now, flushing the buffer
  }

  const playingLevel = levels[playing];
  return (
    <div class="player">
      {/* Muted so autoplay is allowed; the controls unmute. */}
      <video ref={videoRef} controls muted autoplay playsInline aria-label="Transcoded video" data-testid="player" />
      {fatal ? (
        <p class="form-error" role="alert" data-testid="player-error">
          Playback failed: {fatal}
        </p>
      ) : null}
      {levels.length ? (
        <div class="field-row rendition">
          <div class="field">
            <label for="rendition">Rendition</label>
            <select id="rendition" value={String(choice)} onChange={(e) => choose(Number(e.currentTarget.value))}>
              <option value={String(AUTO)}>Auto (adaptive)</option>
              {levels.map((l, i) => (
                <option key={i} value={String(i)}>
                  {levelLabel(l)}
                </option>
              ))}
            </select>
          </div>
          <p class="muted" aria-live="polite">
            {playingLevel ? `Playing ${levelLabel(playingLevel)}` : 'Loading…'}
          </p>
        </div>
      ) : null}
    </div>
  );
}
