import type { PageOf, UploadResponse, Video, VideoCreate, VideoStatus } from '@dvt/contracts';
import { ApiError, apiUrl, authHeaders, errorFromResponse, request } from './client.js';

const enc = encodeURIComponent;

export const videos = {
  list: (query: { status?: VideoStatus | ''; search?: string; cursor?: string; limit?: number }) =>
    request<PageOf<Video>>('video', 'GET', '/videos', { query }),
  get: (id: string) => request<Video>('video', 'GET', `/videos/${enc(id)}`),
  create: (body: VideoCreate) => request<Video>('video', 'POST', '/videos', { body }),
  /** Queues the video again; a preset other than its own switches it (no body keeps it). */
  transcode: (id: string, preset?: string) => request<Video>('video', 'POST', `/videos/${enc(id)}/transcode`, preset ? { body: { preset } } : {}),
  remove: (id: string) => request<void>('video', 'DELETE', `/videos/${enc(id)}`),
};

export interface Upload {
  promise: Promise<UploadResponse>;
  abort(): void;
}

/**
 * Streams a file as the raw body of POST /uploads. XMLHttpRequest rather than
 * fetch because only it reports upload progress.
 */
export function uploadFile(file: File, onProgress: (sent: number, total: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadResponse>((resolve, reject) => {
    xhr.open('POST', apiUrl('video', '/uploads', { filename: file.name }));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadResponse);
        } catch {
          reject(new ApiError(xhr.status, 'The upload answer was not JSON'));
        }
      } else reject(errorFromResponse(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'Network error during the upload'));
    xhr.onabort = () => reject(new ApiError(0, 'Upload cancelled'));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}
