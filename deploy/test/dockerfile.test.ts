import { existsSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { readRepoFile, repoPath } from './support.js';

interface Stage { image: string; name: string; body: string }

const dockerfile = readRepoFile('deploy/Dockerfile');
const args = Object.fromEntries(
  [...dockerfile.matchAll(/^ARG\s+([A-Z_]+)=(\S+)$/gm)].map((match) => [match[1], match[2]]),
);
// Stages in order, with ${ARG} image names resolved from the global ARG defaults.
const stages: Stage[] = dockerfile
  .split(/^(?=FROM\s)/m)
  .filter((chunk) => chunk.startsWith('FROM'))
  .map((chunk) => {
    const [, image = '', name = ''] = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(chunk) ?? [];
    return { image: image.replace(/\$\{(\w+)\}/g, (_, arg: string) => args[arg] ?? `\${${arg}}`), name, body: chunk };
  });
const stage = (name: string): Stage => {
  const found = stages.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`deploy/Dockerfile has no stage ${name}`);
  return found;
};
const ignorePatterns = (file: string): string[] =>
  readRepoFile(file).split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));

describe('deploy/Dockerfile', () => {
  it('builds the workspace with pnpm 9 on node:20-bookworm-slim and keeps production deps only', () => {
    const build = stage('build');
    expect(build.image).toBe('node:20-bookworm-slim');
    expect(build.body).toContain('npm install -g pnpm@9.15.9');
    expect(build.body).toMatch(/pnpm install --frozen-lockfile --offline\s/);
    expect(build.body).toContain('pnpm build');
    expect(build.body).toContain('pnpm install --frozen-lockfile --offline --prod');
  });

  it('ends with a runtime stage: ffmpeg from Debian, tini, production, not root', () => {
    const runtime = stages.at(-1);
    expect(runtime?.name).toBe('runtime');
    const body = runtime?.body ?? '';
    expect(runtime?.image).toBe('node:20-bookworm-slim');
    expect(body).toMatch(/apt-get install -y --no-install-recommends [^\n]*\bffmpeg\b/);
    expect(body).toMatch(/apt-get install -y --no-install-recommends [^\n]*\btini\b/);
    expect(body).toMatch(/^ENV NODE_ENV=production$/m);
    expect(body).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(body).toMatch(/^COPY --from=build \/app \/app$/m);
    const users = [...body.matchAll(/^USER\s+(\S+)/gm)].map((match) => match[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0']).not.toContain(users.at(-1));
    expect(body).toMatch(/^CMD \["node", "services\/[a-z-]+\/dist\/src\/main\.js"\]$/m);
  });

  it('has a webdav stage with the dav_ext module and our nginx.conf', () => {
    const webdav = stage('webdav');
    expect(webdav.body).toMatch(/apt-get install -y --no-install-recommends [^\n]*libnginx-mod-http-dav-ext/);
    expect(webdav.body).toContain('COPY deploy/nginx/nginx.conf /etc/nginx/nginx.conf');
  });

  it('copies only paths that exist in the repository', () => {
    const sources = [...dockerfile.matchAll(/^COPY\s+(?!--from)(.+)$/gm)].flatMap((match) => {
      const parts = (match[1] ?? '').trim().split(/\s+/).filter((part) => !part.startsWith('--'));
      return parts.slice(0, -1);
    });
    expect(sources.length).toBeGreaterThan(5);
    expect(sources.filter((source) => !existsSync(repoPath(source)))).toEqual([]);
  });

  it('is the build of every compose service that builds, with a target that exists', () => {
    const compose = parse(readRepoFile('docker-compose.yml'), { merge: true }) as {
      services: Record<string, { build?: { dockerfile?: string; target?: string } }>;
    };
    const builds = Object.values(compose.services).flatMap((service) => (service.build ? [service.build] : []));
    expect(builds.length).toBe(5);
    for (const build of builds) {
      expect(build.dockerfile).toBe('deploy/Dockerfile');
      expect(stages.map((candidate) => candidate.name)).toContain(build.target);
    }
  });

  it('keeps node_modules and dist out of the build context, and the root .dockerignore in step', () => {
    const patterns = ignorePatterns('deploy/Dockerfile.dockerignore');
    expect(patterns).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git']));
    expect(ignorePatterns('.dockerignore')).toEqual(patterns);
  });
});
