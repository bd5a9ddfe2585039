import { PGlite, type Transaction } from '@electric-sql/pglite';
import { withSavepoint, type Database, type QueryResult } from './database.ts';

/** Where PGlite keeps its files. */
export interface PgliteOptions {
  /** A folder (`DATA_DIR`); the database lives in memory and is lost on close when absent. */
  dataDirectory?: string;
}

/**
 * Opens the embedded Postgres (PGlite, WASM). It has one connection: PGlite runs one transaction at a
 * time and makes every other query wait for it, so row locks (`FOR UPDATE`) are trivially held and the
 * store's SQL is correct here as on PostgreSQL.
 */
export async function createPgliteDatabase(options: PgliteOptions = {}): Promise<Database> {
  const engine = options.dataDirectory === undefined ? await PGlite.create() : await PGlite.create(options.dataDirectory);
  // One process owns a PGlite folder, so a lock within the process is a lock for every user.
  const locks = new Map<string, Promise<unknown>>();
  return {
    query: <Row>(sql: string, parameters: readonly unknown[] = []) => run<Row>(engine, sql, parameters),
    transaction: (work) => engine.transaction((transaction) => work(transactionDatabase(transaction))),
    exclusively<T>(key: string, work: () => Promise<T>): Promise<T> {
      const previous = locks.get(key) ?? Promise.resolve();
      const next = previous.then(work, work);
      const settled = next.catch(() => undefined);
      locks.set(key, settled);
      void settled.then(() => {
        if (locks.get(key) === settled) locks.delete(key);
      });
      return next;
    },
    close: () => engine.close(),
  };
}

function transactionDatabase(transaction: Transaction): Database {
  const database: Database = {
    query: <Row>(sql: string, parameters: readonly unknown[] = []) => run<Row>(transaction, sql, parameters),
    transaction: (work) => withSavepoint(database, work),
    close: () => Promise.reject(new Error('Close the database, not one of its transactions.')),
    exclusively: () => Promise.reject(new Error('Take a lock on the database, not in one of its transactions.')),
  };
  return database;
}

async function run<Row>(engine: PGlite | Transaction, sql: string, parameters: readonly unknown[]): Promise<QueryResult<Row>> {
  const result = await engine.query<Row>(sql, [...parameters]);
  return { rows: result.rows };
}
