import { describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/create-store.ts';
import { migrate } from '../../../src/store/migrate.ts';
import { MIGRATIONS } from '../../../src/store/migrations/index.ts';
import { randomRut, sampleCompany } from '../store-fixtures.ts';
import type { SuiteContext } from './harness.ts';

/** Migrations and companies. */
export function migrationTests(context: SuiteContext): void {
  describe('migrations', () => {
    it('apply once when two processes start together', () => {
      const everyId = MIGRATIONS.map((migration) => migration.id);
      expect([...context.startupReports].sort((left, right) => right.length - left.length)).toEqual([everyId, []]);
    });

    it('are idempotent: a second run applies nothing and records each migration once', async () => {
      expect(await migrate(context.harness.database)).toEqual({ applied: [] });
      const { rows } = await context.harness.database.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
      expect(rows.map((row) => row.id)).toEqual(MIGRATIONS.map((migration) => migration.id));
    });

    it('roll back entirely when a migration fails', async () => {
      const broken = { id: 9_999, name: 'broken', statements: ['CREATE TABLE half_made (id integer)', 'SELECT no_such_column FROM half_made'] };
      await expect(migrate(context.harness.database, [...MIGRATIONS, broken])).rejects.toThrow(/no_such_column/);
      const { rows } = await context.harness.database.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_made'");
      expect(rows).toEqual([]);
    });
  });

  describe('transactions', () => {
    it('undo only the nested work when a nested transaction fails', async () => {
      const { database } = context.harness;
      const [kept, undone] = [sampleCompany(randomRut()), sampleCompany(randomRut())];
      await database.transaction(async (transaction) => {
        await createStore(transaction, { masterKey: context.masterKey }).companies.save(kept);
        await transaction.transaction(async (nested) => {
          await createStore(nested, { masterKey: context.masterKey }).companies.save(undone);
          throw new Error('nested failure');
        }).catch(() => undefined);
      });
      expect(await context.store.companies.get(kept.rut)).toEqual(kept);
      expect(await context.store.companies.get(undone.rut)).toBeUndefined();
    });

    it('reject, saving nothing, when a failed statement was swallowed inside', async () => {
      const company = sampleCompany(randomRut());
      await expect(context.harness.database.transaction(async (transaction) => {
        await createStore(transaction, { masterKey: context.masterKey }).companies.save(company);
        await transaction.query('SELECT no_such_column FROM companies').catch(() => undefined);
      })).rejects.toThrow();
      expect(await context.store.companies.get(company.rut)).toBeUndefined();
    });
  });

  describe('companies', () => {
    it('round-trip, update in place and list', async () => {
      const company = sampleCompany(randomRut());
      expect(await context.store.companies.save(company)).toEqual(company);
      const updated = { ...company, resolutionNumber: 80, resolutionDate: '2014-08-22', siiEnvironment: 'produccion' as const };
      await context.store.companies.save(updated);
      expect(await context.store.companies.get(company.rut)).toEqual(updated);
      expect((await context.store.companies.list()).map((listed) => listed.rut)).toContain(company.rut);
      expect(await context.store.companies.get(randomRut())).toBeUndefined();
    });
  });
}
