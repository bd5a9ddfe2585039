/**
 * The store: Postgres (PGlite embedded, or PostgreSQL) implementing the application's Store port
 * (src/app/ports/store.ts). Only the composition root and the store's tests import from here.
 */
export { createStore, type StoreOptions } from './create-store.ts';
export type { Database, QueryResult } from './database.ts';
export { migrate, type MigrationReport } from './migrate.ts';
export { openStore, PGLITE_FOLDER, type OpenedStore, type OpenStoreOptions } from './open-store.ts';
export { createPgliteDatabase, type PgliteOptions } from './pglite-database.ts';
export { createPostgresDatabase, type PostgresOptions } from './postgres-database.ts';
export type { MasterKey } from './secret-box.ts';
