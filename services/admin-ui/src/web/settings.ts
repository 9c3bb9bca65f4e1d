export interface UiSettings {
  proxiedMediaBases: string[];
}

let settings: Promise<UiSettings> | undefined;

/** Deployment facts from the UI server (/ui-settings.json), fetched once. */
export function uiSettings(): Promise<UiSettings> {
  settings ??= fetch('ui-settings.json')
    .then((r) => (r.ok ? (r.json() as Promise<UiSettings>) : { proxiedMediaBases: [] }))
    .catch(() => ({ proxiedMediaBases: [] }));
  return settings;
}
