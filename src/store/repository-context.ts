import { DteError } from '../core/errors.ts';
import { sqlStateOf, SQL_STATE, type Database } from './database.ts';
import type { SecretBox } from './secret-box.ts';

/** What every repository is built on: a database (or a transaction on one) and the secret box. */
export interface RepositoryContext {
  database: Database;
  secrets: SecretBox;
  /** Whether `database` is a transaction opened by Store.transaction. */
  inTransaction: boolean;
}

/**
 * Runs several statements as one: in the caller's transaction when there is one (no savepoint
 * needed, a throw rolls the whole of it back), else in a new transaction.
 */
export function atomically<T>(context: RepositoryContext, work: (context: RepositoryContext) => Promise<T>): Promise<T> {
  if (context.inTransaction) return work(context);
  return context.database.transaction((transaction) => work({ ...context, database: transaction, inTransaction: true }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a text is a UUID; ids from outside are checked before they reach SQL, where a malformed one is an error. */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** Bytes from a `bytea` column: pg gives a Buffer, PGlite a Uint8Array. */
export function bytesOf(value: unknown): Buffer {
  if (!(value instanceof Uint8Array)) throw new Error('Expected bytes from a bytea column.');
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** A number from a `bigint` or `numeric` column: pg gives a string, PGlite a number. */
export function numberOf(value: unknown): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new Error(`Expected a whole number from the database, got ${String(value)}.`);
  return number;
}

/** A `jsonb` parameter: written as text and cast in SQL (`$1::jsonb`), the same on both engines. */
export function jsonParameter(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Messages for constraint violations of one statement. */
export interface ConstraintMessages {
  unique?: string;
  foreignKey?: string;
}

/** Turns a unique or foreign-key violation into CONFLICT or NOT_FOUND; other errors pass unchanged. */
export function translateError(error: unknown, messages: ConstraintMessages): unknown {
  const state = sqlStateOf(error);
  if (state === SQL_STATE.uniqueViolation && messages.unique) return new DteError('CONFLICT', messages.unique, { cause: error });
  if (state === SQL_STATE.foreignKeyViolation && messages.foreignKey) return new DteError('NOT_FOUND', messages.foreignKey, { cause: error });
  return error;
}

/** Runs a statement and translates its constraint violations. */
export async function guarded<T>(messages: ConstraintMessages, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateError(error, messages);
  }
}

/** A missing row of this company, said the same way everywhere. */
export function notFound(what: string, id: string, companyRut: string): DteError {
  return new DteError('NOT_FOUND', `There is no ${what} ${id} for company ${companyRut}.`, { details: { id, companyRut } });
}

/** A page size between 1 and 500, 50 when absent. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return 50;
  return Math.min(500, Math.max(1, Math.floor(limit)));
}
