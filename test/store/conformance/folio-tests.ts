import { describe, expect, it } from 'vitest';
import { DteError } from '../../../src/core/errors.ts';
import type { Store } from '../../../src/app/ports/store.ts';
import { randomRut, sampleCaf, sampleCompany, sampleIssued } from '../store-fixtures.ts';
import type { SuiteContext } from './harness.ts';

async function companyWithCafs(store: Store, type: number, ranges: Array<[number, number]>): Promise<string> {
  const rut = randomRut();
  await store.companies.save(sampleCompany(rut));
  for (const [from, to] of ranges) await store.cafs.add(rut, sampleCaf(rut, type, from, to));
  return rut;
}

/** Issues one document the way the application will: allocate and insert in one transaction. */
function issue(store: Store, rut: string, type: number, fail = false): Promise<number> {
  return store.transaction(async (transaction) => {
    const { folio, cafId } = await transaction.folios.allocate(rut, type);
    if (fail) throw new Error(`signing failed on folio ${folio}`);
    await transaction.documents.insertSigned(rut, { issued: sampleIssued(rut, type, folio), cafId });
    return folio;
  });
}

async function exhaustion(promise: Promise<unknown>): Promise<DteError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(DteError);
  expect((error as DteError).code).toBe('CAF_EXHAUSTED');
  return error as DteError;
}

/** Folio allocation: atomic, gap-free, rolling over CAFs, and clear when exhausted. */
export function folioTests(context: SuiteContext): void {
  describe('folio allocation', () => {
    it('gives 50 parallel issues 50 distinct consecutive folios, and a failed one in the middle leaves no gap', async () => {
      const { store } = context;
      const rut = await companyWithCafs(store, 33, [[101, 1_000]]);
      const attempts = Array.from({ length: 51 }, (_, index) => issue(store, rut, 33, index === 25));
      const outcomes = await Promise.allSettled(attempts);
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(1);
      const page = await store.documents.list(rut, { limit: 500 });
      const folios = page.items.map((document) => document.folio).sort((left, right) => left - right);
      expect(folios).toEqual(Array.from({ length: 50 }, (_, index) => 101 + index));
      expect(await store.folios.left(rut)).toEqual([{ type: 33, left: 1_000 - 150, cafs: 1 }]);
    });

    it('moves to the next CAF by D when one runs out, across gaps between CAFs, then reports exhaustion', async () => {
      const { store } = context;
      const rut = await companyWithCafs(store, 61, [[10, 11], [4, 6], [1, 3]]);
      const cafs = await store.cafs.list(rut);
      const allocations: Array<{ folio: number; cafId: string }> = [];
      for (let count = 0; count < 8; count += 1) {
        allocations.push(await store.transaction(async (transaction) => {
          const allocated = await transaction.folios.allocate(rut, 61);
          await transaction.documents.insertSigned(rut, { issued: sampleIssued(rut, 61, allocated.folio), cafId: allocated.cafId });
          return allocated;
        }));
      }
      expect(allocations.map((allocation) => allocation.folio)).toEqual([1, 2, 3, 4, 5, 6, 10, 11]);
      const cafOf = (folio: number) => cafs.find((caf) => caf.firstFolio <= folio && folio <= caf.lastFolio)?.id;
      for (const allocation of allocations) expect(allocation.cafId).toBe(cafOf(allocation.folio));
      const error = await exhaustion(issue(store, rut, 61));
      expect(error.message).toMatch(new RegExp(`Company ${rut} has used every folio .* type 61 \\(the last was 11\\): load a new CAF`));
      expect(await store.folios.left(rut)).toEqual([{ type: 61, left: 0, cafs: 0 }]);
    });

    it('reports CAF_EXHAUSTED for a type without a CAF, and counts what is left per type', async () => {
      const { store } = context;
      const rut = await companyWithCafs(store, 34, [[1, 5], [6, 10]]);
      await store.cafs.add(rut, sampleCaf(rut, 52, 1, 3));
      expect((await exhaustion(issue(store, rut, 56))).message).toMatch(/has no CAF for document type 56/);
      await issue(store, rut, 34);
      await issue(store, rut, 34);
      expect(await store.folios.left(rut)).toEqual([{ type: 34, left: 8, cafs: 2 }, { type: 52, left: 3, cafs: 1 }]);
    });

    it('starts at the lowest CAF loaded before the first issue, and refuses a CAF below issued folios', async () => {
      const { store } = context;
      const rut = await companyWithCafs(store, 52, [[50, 60], [20, 30]]);
      expect(await issue(store, rut, 52)).toBe(20);
      const error = await store.cafs.add(rut, sampleCaf(rut, 52, 1, 10)).then(() => undefined, (reason: unknown) => reason);
      expect(error).toMatchObject({ code: 'CONFLICT' });
      expect((error as Error).message).toMatch(/lies below folio 21/);
    });

    it('refuses to allocate outside a transaction, where a failure would leave a gap', async () => {
      const rut = await companyWithCafs(context.store, 33, [[1, 5]]);
      await expect(context.store.folios.allocate(rut, 33)).rejects.toThrow(/inside Store.transaction/);
    });
  });
}
