declare module 'm3u8-parser' {
  export interface Playlist {
    uri: string;
    attributes: { BANDWIDTH?: number; 'AVERAGE-BANDWIDTH'?: number; RESOLUTION?: { width: number; height: number }; CODECS?: string; 'FRAME-RATE'?: number };
  }
  export interface Manifest {
    playlists?: Playlist[];
    segments: { uri: string; duration: number }[];
    endList?: boolean;
    playlistType?: string;
    targetDuration?: number;
  }
  export class Parser {
    manifest: Manifest;
    push(chunk: string): void;
    end(): void;
  }
  const m3u8: { Parser: typeof Parser };
  export default m3u8;
}
