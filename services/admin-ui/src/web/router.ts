import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'videos' }
  | { page: 'video'; id: string }
  | { page: 'presets' }
  | { page: 'preset'; id: string }
  | { page: 'not-found'; path: string };

/** Pure: a location hash (`#/videos/ID`) to a route. Hash routing needs no server fallback. */
export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\?.*$/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts[0] === 'videos' && parts.length === 1)) return { page: 'videos' };
  if (parts[0] === 'videos' && parts.length === 2 && parts[1]) return { page: 'video', id: parts[1] };
  if (parts[0] === 'presets' && parts.length === 1) return { page: 'presets' };
  if (parts[0] === 'presets' && parts.length === 2 && parts[1]) return { page: 'preset', id: parts[1] };
  return { page: 'not-found', path };
}

export const href = {
  videos: () => '#/videos',
  video: (id: string) => `#/videos/${encodeURIComponent(id)}`,
  presets: () => '#/presets',
  preset: (id: string) => `#/presets/${encodeURIComponent(id)}`,
};

export const navigate = (to: string): void => {
  window.location.hash = to;
};

export function useRoute(): Route {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return parseHash(hash);
}
