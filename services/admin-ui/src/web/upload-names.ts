import { sourceName } from './format.js';

// Uploaded sources are stored under keys that keep only a slug of the file name
// (`{uuid}-my-clip.mp4`), so this browser remembers the exact name it uploaded.
const STORAGE = 'dvt.uploadNames';
const LIMIT = 500;

function read(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(STORAGE) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

export function rememberUpload(source: string, filename: string): void {
  const names = read();
  names[source] = filename;
  const keys = Object.keys(names);
  for (const k of keys.slice(0, Math.max(0, keys.length - LIMIT))) delete names[k];
  try {
    localStorage.setItem(STORAGE, JSON.stringify(names));
  } catch {
    // storage full or disabled: the URL's own name is shown instead
  }
}

/** What to call a video: the uploaded file's name when this browser uploaded it, else the URL's last segment. */
export function displayName(source: string): string {
  return read()[source] ?? sourceName(source);
}
