import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { MIGRATIONS } from '../../src/store/migrations/index.ts';
import { createPgliteDatabase } from '../../src/store/pglite-database.ts';
import { describeStoreConformance } from './conformance/store-conformance.ts';
import { randomRut, sampleCompany } from './store-fixtures.ts';

describeStoreConformance('PGlite (in memory)', async () => {
  const database = await createPgliteDatabase();
  return {
    database,
    connect: () => ({ ...database, close: async () => undefined }),
    close: () => database.close(),
  };
});

describe('PGlite in DATA_DIR', () => {
  it('keeps data in DATA_DIR/pglite across restarts and migrates only once', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'dte-store-'));
    const masterKey = Buffer.alloc(32, 7);
    try {
      const company = sampleCompany(randomRut());
      const first = await openStore({ dataDirectory: directory, masterKey });
      await first.store.companies.save(company);
      await first.database.close();
      const second = await openStore({ dataDirectory: directory, masterKey });
      expect(await second.store.companies.get(company.rut)).toEqual(company);
      const { rows } = await second.database.query('SELECT id FROM schema_migrations');
      expect(rows).toHaveLength(MIGRATIONS.length);
      expect(existsSync(join(directory, 'pglite', 'PG_VERSION'))).toBe(true);
      await second.database.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
