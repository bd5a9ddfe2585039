import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPostgresDatabase } from '../../src/store/postgres-database.ts';
import type { Database } from '../../src/store/database.ts';
import { describeStoreConformance } from './conformance/store-conformance.ts';

/** The PostgreSQL of CI and of this machine; TEST_DATABASE_URL points elsewhere. */
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function unreachableReason(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${DATABASE_URL.replace(/\/\/[^@]*@/, '//')} is not reachable (${error instanceof Error ? error.message : String(error)}).`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs the suite in a schema of its own, created now and dropped at the end, so runs never collide. */
async function freshSchema() {
  const schema = `dte_store_test_${randomBytes(6).toString('hex')}`;
  const administration = new pg.Client({ connectionString: DATABASE_URL });
  await administration.connect();
  await administration.query(`CREATE SCHEMA ${schema}`);
  const open: Database[] = [];
  const connect = (): Database => {
    const database = createPostgresDatabase({ connectionString: DATABASE_URL, schema, maxConnections: 10 });
    open.push(database);
    return database;
  };
  return {
    database: connect(),
    connect,
    async close() {
      await Promise.all(open.map((database) => database.close()));
      await administration.query(`DROP SCHEMA ${schema} CASCADE`);
      await administration.end();
    },
  };
}

describeStoreConformance('PostgreSQL', freshSchema, await unreachableReason());
