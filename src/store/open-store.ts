import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createStore, type StoreOptions } from './create-store.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { createPgliteDatabase } from './pglite-database.ts';
import type { Store } from '../app/ports/store.ts';
import { createPostgresDatabase } from './postgres-database.ts';

/** Which database to open, as src/config reads it. */
export interface OpenStoreOptions extends StoreOptions {
  /** `DATABASE_URL`: PostgreSQL. When absent or null, PGlite is used. */
  databaseUrl?: string | null;
  /**
   * `DATA_DIR`: PGlite keeps its files in its `pglite` folder, apart from the other files there (the
   * master key, the JWT secret). In memory when absent.
   */
  dataDirectory?: string;
  /** Told when a PostgreSQL connection breaks (the server restarted or went away); the pool makes new ones. */
  onConnectionError?: (error: Error) => void;
}

/** A store and the database under it, which the caller closes at shutdown. */
export interface OpenedStore {
  store: Store;
  database: Database;
}

/** The folder of DATA_DIR where PGlite keeps its files. */
export const PGLITE_FOLDER = 'pglite';

/**
 * Opens the configured database (PostgreSQL when a URL is given, else PGlite), applies pending
 * migrations and builds the store: what the service does at startup.
 */
export async function openStore(options: OpenStoreOptions): Promise<OpenedStore> {
  const database = await openDatabase(options);
  try {
    await migrate(database);
    return { store: createStore(database, options), database };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

async function openDatabase(options: OpenStoreOptions): Promise<Database> {
  if (options.databaseUrl) {
    return createPostgresDatabase({ connectionString: options.databaseUrl, ...(options.onConnectionError ? { onIdleError: options.onConnectionError } : {}) });
  }
  if (options.dataDirectory === undefined) return createPgliteDatabase();
  const dataDirectory = join(options.dataDirectory, PGLITE_FOLDER);
  await mkdir(dataDirectory, { recursive: true });
  return createPgliteDatabase({ dataDirectory });
}
