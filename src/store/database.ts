/**
 * The database port: the few operations the store needs, so that the same SQL (one Postgres dialect)
 * runs on PGlite, embedded, and on PostgreSQL, and so that tests can count on one behaviour.
 */

/** Rows returned by a query, typed by the caller who wrote the SELECT. */
export interface QueryResult<Row> {
  rows: Row[];
}

/**
 * A Postgres database, or a transaction on one. Parameters are `$1`, `$2`, … One statement per call.
 */
export interface Database {
  query<Row = Record<string, unknown>>(sql: string, parameters?: readonly unknown[]): Promise<QueryResult<Row>>;
  /**
   * Runs `work` in a transaction: committed when it resolves, rolled back when it throws. On a
   * transaction this makes a savepoint, so a nested failure undoes only the nested work. `work` must use
   * the database it receives, never the outer one: on PGlite the outer one waits for the transaction to
   * end, so using it inside would never finish.
   */
  transaction<T>(work: (transaction: Database) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while holding the lock named `key` for every user of this database (see
   * Store.exclusively). Only on the database itself, not on a transaction.
   */
  exclusively<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Releases connections (PostgreSQL) or the embedded engine (PGlite). */
  close(): Promise<void>;
}

let savepointCounter = 0;

/**
 * Runs `work` inside a savepoint of an open transaction. Both adapters nest transactions this way, so a
 * nested failure behaves the same on both engines.
 */
export async function withSavepoint<T>(transaction: Database, work: (transaction: Database) => Promise<T>): Promise<T> {
  savepointCounter += 1;
  const name = `nested_${savepointCounter}`;
  await transaction.query(`SAVEPOINT ${name}`);
  try {
    const result = await work(transaction);
    await transaction.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await transaction.query(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}

/** Postgres SQLSTATE codes the store turns into DteErrors. */
export const SQL_STATE = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
} as const;

/** The SQLSTATE of a database error from either engine (both expose `code`), if it has one. */
export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
