import { describe, expect, it } from '@jest/globals';
import { classifyLeaseAnswer } from './video-api.client.js';

const body = (statusCode: number, error: string, message: string) => JSON.stringify({ statusCode, error, message });

describe('classifyLeaseAnswer', () => {
  it.each([
    [200, '{}', 'ok'],
    [409, body(409, 'Conflict', 'video is done'), 'conflict'],
    // video-api's own 404 for a deleted video: not ours any more
    [404, body(404, 'Not Found', 'video not found'), 'gone'],
    // a VIDEO_API_URL that reaches another route or service
    [404, body(404, 'Not Found', 'Route POST:/api/internal/videos/x/claim not found'), 'config'],
    [404, '<html>404 Not Found</html>', 'config'],
    [404, '', 'config'],
    // a wrong WORKER_API_KEY
    [401, body(401, 'Unauthorized', 'missing or invalid worker key'), 'config'],
    [403, body(403, 'Forbidden', 'forbidden'), 'config'],
    [500, body(500, 'Internal Server Error', 'boom'), 'retry'],
    [503, '', 'retry'],
  ])('%i %s -> %s', (status, text, expected) => {
    expect(classifyLeaseAnswer(status, text)).toBe(expected);
  });
});
