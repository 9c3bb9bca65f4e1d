/** Pure display helpers. */

export const formatDate = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds * 10) / 10;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (s < 60) return `${s.toFixed(1)} s`;
  const rest = (s % 60).toFixed(1).padStart(4, '0');
  return `${h ? `${h}:${String(m).padStart(2, '0')}` : m}:${rest} (${Math.round(s)} s)`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

export function formatBitrate(bps: number | undefined): string {
  if (!bps) return '—';
  return bps >= 1_000_000 ? `${(bps / 1_000_000).toFixed(1)} Mbit/s` : `${Math.round(bps / 1000)} kbit/s`;
}

// video-api stores an upload as `{uuid}-{slug of the file name}.{ext}`.
const UPLOAD_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-(?=[a-z0-9])/;

/** The last path segment of a source URL, decoded, without an upload's UUID prefix: what a person recognises. */
export function sourceName(source: string): string {
  try {
    const url = new URL(source);
    const last = url.pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last).replace(UPLOAD_KEY, '') : url.host;
  } catch {
    return source;
  }
}

/**
 * Pure: the URL the player should load. A playback URL under a media base the UI
 * server proxies is played through this origin; any other edge is played directly.
 */
export function playableUrl(hls: string, proxiedBases: readonly string[], origin: string): string {
  for (const base of proxiedBases) {
    const b = base.replace(/\/+$/, '');
    if (hls.startsWith(`${b}/`)) return `${origin}/media/${hls.slice(b.length + 1)}`;
  }
  return hls;
}
