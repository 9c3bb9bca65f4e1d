declare module 'm3u8-parser' {
  export interface Manifest {
    playlists?: { uri: string; attributes: { BANDWIDTH?: number; RESOLUTION?: { width: number; height: number }; CODECS?: string } }[];
    segments: { uri: string; duration: number }[];
    targetDuration?: number;
    endList?: boolean;
  }
  export class Parser {
    push(chunk: string): void;
    end(): void;
    manifest: Manifest;
  }
}
