import type { Config } from './config.js';

/** What the browser needs to know about the deployment; never secrets. */
export interface UiSettings {
  /**
   * Media bases the proxy serves at `/media`: a playback URL under one of them
   * is played through this origin, any other one directly (video-api sends CORS).
   */
  proxiedMediaBases: string[];
}

/** Pure: the settings served at /ui-settings.json. */
export function uiSettings(config: Pick<Config, 'VIDEO_API_URL'>): UiSettings {
  return { proxiedMediaBases: [`${config.VIDEO_API_URL}/media`] };
}
