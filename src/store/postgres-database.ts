import pg from 'pg';
import { withSavepoint, type Database, type QueryResult } from './database.ts';

/** How to reach PostgreSQL. */
export interface PostgresOptions {
  /** `DATABASE_URL`, e.g. `postgres://user@host:5432/dte`. */
  connectionString: string;
  /** A schema to work in instead of `public` (tests give each run its own); letters, digits and `_`. */
  schema?: string;
  /** The pool's size; 10 when absent. */
  maxConnections?: number;
  /** Milliseconds to wait for a connection before failing; 10 s when absent. */
  connectionTimeout?: number;
  /**
   * Called when an idle pooled connection breaks (the server restarted, say). The pool drops it and the
   * next query opens another; without a listener Node would end the process.
   */
  onIdleError?: (error: Error) => void;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens a pool of connections to PostgreSQL. Each transaction holds one connection from BEGIN to
 * COMMIT, so row locks taken in it (`SELECT … FOR UPDATE`) serialise concurrent transactions.
 */
export function createPostgresDatabase(options: PostgresOptions): Database {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`"${options.schema}" is not a usable schema name: use lower-case letters, digits and _.`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeout ?? 10_000,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  return {
    query: <Row>(sql: string, parameters: readonly unknown[] = []) => run<Row>(pool, sql, parameters),
    transaction: (work) => inTransaction(pool, work),
    close: () => pool.end(),
  };
}

async function inTransaction<T>(pool: pg.Pool, work: (transaction: Database) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(clientDatabase(client));
    const commit = await client.query('COMMIT');
    if (commit.command === 'ROLLBACK') {
      throw new Error('The transaction was rolled back at COMMIT because one of its statements had failed; nothing was saved.');
    }
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

function clientDatabase(client: pg.PoolClient): Database {
  const database: Database = {
    query: <Row>(sql: string, parameters: readonly unknown[] = []) => run<Row>(client, sql, parameters),
    transaction: (work) => withSavepoint(database, work),
    close: () => Promise.reject(new Error('Close the database, not one of its transactions.')),
  };
  return database;
}

async function run<Row>(queryable: pg.Pool | pg.PoolClient, sql: string, parameters: readonly unknown[]): Promise<QueryResult<Row>> {
  const result = await queryable.query(sql, [...parameters]);
  return { rows: result.rows as Row[] };
}
