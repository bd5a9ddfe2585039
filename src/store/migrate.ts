import type { Database } from './database.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';

/** What a migration run did. */
export interface MigrationReport {
  /** The ids of the migrations this run applied (empty when the schema was already current). */
  applied: number[];
}

/** The first key of the advisory lock that serialises migration runs; the second is the schema's hash. */
const MIGRATION_LOCK = 4_270_617;

/**
 * Brings the schema up to date at startup. Everything happens in one transaction that first takes a
 * transaction-scoped advisory lock, so two processes starting together apply each migration once: the
 * second waits, then finds nothing left to do. A failing migration leaves the schema as it was.
 */
export async function migrate(database: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationReport> {
  return database.transaction(async (transaction) => {
    await transaction.query("SELECT pg_advisory_xact_lock($1, hashtext(coalesce(current_schema(), '')))", [MIGRATION_LOCK]);
    await transaction.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await transaction.query<{ id: number }>('SELECT id FROM schema_migrations');
    const done = new Set(rows.map((row) => row.id));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((left, right) => left.id - right.id)) {
      if (done.has(migration.id)) continue;
      for (const statement of migration.statements) await transaction.query(statement);
      await transaction.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
      applied.push(migration.id);
    }
    return { applied };
  });
}
