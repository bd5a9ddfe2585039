import { describe, expect, it } from 'vitest';
import { IssueBatcher } from '../../src/app/issue-batcher.ts';
import { openStore } from '../../src/store/open-store.ts';
import { TEST_COMPANY_RUT, testCredentials } from '../support/credentials.ts';

describe('IssueBatcher', () => {
  it('shares transactions among concurrent work, and a failure rolls back only its own folio', async () => {
    const { raw } = await testCredentials();
    const { store, database } = await openStore({ masterKey: Buffer.alloc(32, 9) });
    try {
      await store.companies.save({
        rut: TEST_COMPANY_RUT, name: 'Prueba', giro: 'Pruebas', acteco: [620200], address: 'Calle 1', commune: 'Santiago',
        resolutionNumber: 0, resolutionDate: '2026-01-01', siiEnvironment: 'local',
      });
      await store.cafs.add(TEST_COMPANY_RUT, raw.cafs.find((caf) => caf.type === 52)!.xml);
      let transactions = 0;
      const counting = { ...store, transaction: <T>(work: Parameters<typeof store.transaction<T>>[0]) => ((transactions += 1), store.transaction(work)) };
      const batcher = new IssueBatcher(counting, 8);
      const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, index) => batcher.run(`${TEST_COMPANY_RUT}/52`, async (transaction) => {
        const { folio } = await transaction.folios.allocate(TEST_COMPANY_RUT, 52);
        await transaction.audit.record({ actor: 'test', action: `work-${index}`, companyRut: TEST_COMPANY_RUT });
        if (index % 3 === 0) throw new Error(`work ${index} fails after taking folio ${folio}`);
        return folio;
      })));
      const folios = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(failed).toHaveLength(7);
      // Consecutive from the CAF's first folio: every failed work gave its folio back.
      expect([...folios].sort((left, right) => left - right)).toEqual(Array.from({ length: 13 }, (_, index) => index + 1));
      // Fewer transactions than pieces of work: they were shared.
      expect(transactions).toBeLessThan(20);
      const audited = (await store.audit.list(TEST_COMPANY_RUT, { limit: 100 })).map((entry) => entry.action);
      expect(audited).toHaveLength(13);
      expect(audited).not.toContain('work-3');
      expect((await store.folios.left(TEST_COMPANY_RUT)).find((entry) => entry.type === 52)?.left).toBe(500 - 13);
    } finally {
      await database.close();
    }
  });
});
