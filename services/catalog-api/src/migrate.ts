import { loadConfigOrExit, prepareDatabase } from './startup.js';

// Creates the database when missing and applies pending migrations, then exits.
const { config, logger } = loadConfigOrExit();
const db = await prepareDatabase(config, logger);
await db.destroy();
