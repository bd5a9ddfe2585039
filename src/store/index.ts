/**
 * The store: Postgres (PGlite embedded, or PostgreSQL) behind the ports of ports.ts. The application
 * layer imports from here.
 */
export { createStore, type StoreOptions } from './create-store.ts';
export type { Database, QueryResult } from './database.ts';
export { DOCUMENT_STATES, DOCUMENT_TRANSITIONS, isDocumentState, type DocumentState } from './document-states.ts';
export { migrate, type MigrationReport } from './migrate.ts';
export { openStore, PGLITE_FOLDER, type OpenedStore, type OpenStoreOptions } from './open-store.ts';
export { createPgliteDatabase, type PgliteOptions } from './pglite-database.ts';
export type * from './ports.ts';
export { createPostgresDatabase, type PostgresOptions } from './postgres-database.ts';
export type * from './records.ts';
export type { MasterKey } from './secret-box.ts';
