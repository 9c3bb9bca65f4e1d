import type { Migration, MigrationProvider } from 'kysely';
import * as catalog from './0001-catalog.js';
import * as defaultPreset from './0002-default-preset.js';
import * as paramBounds from './0003-param-bounds.js';

/** Migrations listed in code (not read from disk), so src under jest and dist behave alike. */
export const migrations: Record<string, Migration> = {
  '0001-catalog': catalog,
  '0002-default-preset': defaultPreset,
  '0003-param-bounds': paramBounds,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => migrations };
