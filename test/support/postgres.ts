import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL of CI and of this machine; TEST_DATABASE_URL points elsewhere. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why PostgreSQL cannot be used, or undefined when it can. */
export async function postgresUnreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//')} is not reachable (${error instanceof Error ? error.message : String(error)}).`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A database of its own on the test server, for a whole service; `drop` removes it. */
export async function freshDatabase(): Promise<{ name: string; url: (port?: number) => string; drop(): Promise<void> }> {
  const name = `dte_test_${randomBytes(6).toString('hex')}`;
  const administration = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await administration.connect();
  await administration.query(`CREATE DATABASE ${name}`);
  await administration.end();
  const base = new URL(TEST_DATABASE_URL);
  return {
    name,
    url(port) {
      const url = new URL(base);
      url.pathname = `/${name}`;
      if (port !== undefined) url.port = String(port);
      return url.toString();
    },
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
