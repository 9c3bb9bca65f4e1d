import { readFile } from 'node:fs/promises';
import type { Preset } from '@dvt/contracts';
import { ApiError, type Client } from '../client.js';
import { presetRows } from '../format.js';

export async function listPresets(api: Client, out: NodeJS.WriteStream): Promise<number> {
  const all: Preset[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.listPresets(cursor);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  out.write(`${presetRows(all)}\n`);
  return 0;
}

export async function exportPreset(api: Client, name: string, out: NodeJS.WriteStream): Promise<number> {
  out.write(`${JSON.stringify(await api.exportPreset(name), null, 2)}\n`);
  return 0;
}

export async function importPreset(api: Client, file: string, replace: boolean, out: NodeJS.WriteStream): Promise<number> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not a JSON preset document (${(err as Error).message})`);
  }
  const preset = await api.importPreset(doc, replace).catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 409 && !replace) throw new ApiError(`${err.message.replace(/ \(pass replace=true to replace it\)$/, '')}: pass --replace to replace it`, 409);
    throw err;
  });
  out.write(`imported preset ${preset.name} (${preset.id})\n`);
  return 0;
}
