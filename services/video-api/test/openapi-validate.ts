import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Validates an OpenAPI document with @apidevtools/swagger-parser in a child node:
 * swagger-parser 13 requires an ESM-only dependency, which Node 20 loads by itself
 * (require(esm)) but jest's module system does not.
 */
export async function validateOpenApi(doc: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(doc));
    const script = "import SwaggerParser from '@apidevtools/swagger-parser'; const api = await SwaggerParser.validate(process.argv[1]); console.log(`valid ${api.openapi}`);";
    const { stdout } = await execa('node', ['--input-type=module', '-e', script, file], { cwd: serviceDir, reject: false, all: true });
    return stdout.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
