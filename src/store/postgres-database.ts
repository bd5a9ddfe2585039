import pg from 'pg';
import { DteError } from '../core/errors.ts';
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
    query: <Row>(sql: string, parameters: readonly unknown[] = []) => unavailableAsDteError(() => run<Row>(pool, sql, parameters)),
    transaction: (work) => unavailableAsDteError(() => inTransaction(pool, work, options.onIdleError)),
    exclusively: (key, work) => unavailableAsDteError(() => exclusively(pool, key, work)),
    close: () => pool.end(),
  };
}

/** Holds a session advisory lock on a connection of its own while `work` runs on the pool. */
async function exclusively<T>(pool: pg.Pool, key: string, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const listener = (): void => undefined;
  client.on('error', listener);
  let broken = false;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => {
        // A connection that cannot unlock is dropped: its lock goes with it.
        broken = true;
      });
    }
  } finally {
    client.off('error', listener);
    client.release(broken);
  }
}

/**
 * SQLSTATE classes and codes, and Node error codes, that say the server cannot be reached or is going
 * away: connection exceptions (08), operator intervention (57P01 admin shutdown, 57P02 crash
 * shutdown, 57P03 cannot connect now), and a refused, reset or timed-out socket.
 */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|server closed the connection/i;

/** Whether an error says the database cannot be reached (rather than that a statement failed). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return UNAVAILABLE_MESSAGES.test(error.message);
}

/**
 * Runs database work and turns a lost or refused connection into a retryable DATABASE_UNAVAILABLE
 * DteError (HTTP 503 with Retry-After), so that an outage is never a 500 and never ends the process.
 */
async function unavailableAsDteError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DteError || !isDatabaseUnavailable(error)) throw error;
    throw new DteError('DATABASE_UNAVAILABLE', 'The database cannot be reached now; nothing was saved by this request. Try again shortly.', {
      retryable: true, cause: error,
    });
  }
}

async function inTransaction<T>(pool: pg.Pool, work: (transaction: Database) => Promise<T>, onError?: (error: Error) => void): Promise<T> {
  const client = await pool.connect();
  // A checked-out client whose server goes away emits 'error'; unheard, Node would end the process.
  // The statement in flight rejects with the same error, which the caller sees.
  let broken = false;
  const listener = (error: Error): void => {
    broken = true;
    onError?.(error);
  };
  client.on('error', listener);
  try {
    await client.query('BEGIN');
    const result = await work(clientDatabase(client));
    const commit = await client.query('COMMIT').catch((error: unknown) => {
      // Lost while committing: whether it was saved is not known, so the message must not say it was not.
      if (!isDatabaseUnavailable(error)) throw error;
      throw new DteError('DATABASE_UNAVAILABLE', 'The database connection was lost while saving: this request may or may not have been saved. '
        + 'Send it again with the same Idempotency-Key (or look the document up) rather than as a new one.', { retryable: true, cause: error });
    });
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
    client.off('error', listener);
    client.release(broken);
  }
}

function clientDatabase(client: pg.PoolClient): Database {
  const database: Database = {
    query: <Row>(sql: string, parameters: readonly unknown[] = []) => run<Row>(client, sql, parameters),
    transaction: (work) => withSavepoint(database, work),
    close: () => Promise.reject(new Error('Close the database, not one of its transactions.')),
    exclusively: () => Promise.reject(new Error('Take a lock on the database, not in one of its transactions.')),
  };
  return database;
}

async function run<Row>(queryable: pg.Pool | pg.PoolClient, sql: string, parameters: readonly unknown[]): Promise<QueryResult<Row>> {
  const result = await queryable.query(sql, [...parameters]);
  return { rows: result.rows as Row[] };
}
