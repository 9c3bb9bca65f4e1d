import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { download, readText, type Storage } from '../storage/storage.js';

/**
 * The job's shared, resumable workspace `{VIDEO_TEMP_URI}/{basename}/` plus a
 * private local scratch directory where ffmpeg writes. A result enters the
 * workspace only through `commit` (rename or PUT+MOVE), so a half-written
 * checkpoint never exists under its final name.
 */
export class Workspace {
  private constructor(
    readonly storage: Storage,
    readonly basename: string,
    readonly scratch: string,
  ) {}

  /** On a local backend the scratch lives inside the workspace (same file system: commits are renames). */
  static async open(storage: Storage, basename: string): Promise<Workspace> {
    const local = storage.localPath(basename);
    let scratch: string;
    if (local) {
      scratch = path.join(local, `.scratch-${randomBytes(4).toString('hex')}`);
      await mkdir(scratch, { recursive: true });
    } else {
      scratch = await mkdtemp(path.join(tmpdir(), `dvt-worker-${basename}-`));
    }
    return new Workspace(storage, basename, scratch);
  }

  key(name: string): string {
    return `${this.basename}/${name}`;
  }

  has(name: string): Promise<boolean> {
    return this.storage.exists(this.key(name));
  }

  async readJson<T>(name: string): Promise<T | null> {
    const text = await readText(this.storage, this.key(name));
    return text === null ? null : (JSON.parse(text) as T);
  }

  writeJson(name: string, value: unknown): Promise<void> {
    return this.storage.put(this.key(name), JSON.stringify(value, null, 2));
  }

  /** A fresh path in the scratch directory (parents created). */
  async scratchPath(name: string): Promise<string> {
    const file = path.join(this.scratch, name);
    await mkdir(path.dirname(file), { recursive: true });
    return file;
  }

  /** A local path ffmpeg can read for a workspace object (downloaded into scratch on remote backends). */
  async local(name: string): Promise<string> {
    const local = this.storage.localPath(this.key(name));
    if (local) return local;
    const dest = path.join(this.scratch, 'in', name);
    await download(this.storage, this.key(name), dest);
    return dest;
  }

  commit(name: string, localFile: string): Promise<void> {
    return this.storage.put(this.key(name), { path: localFile, move: true });
  }

  /** Removes the local scratch (always, on every exit path). */
  dispose(): Promise<void> {
    return rm(this.scratch, { recursive: true, force: true });
  }
}
