import { expect, it } from 'vitest';
import { startFolioGauge, type ExpiryObserver } from '../../src/app/folio-gauge.ts';
import type { Store } from '../../src/app/ports/store.ts';

/** A store with one company, two certificates (one active) and CAFs of types 33 and 61. */
function storeWith(): Store {
  const certificate = (validTo: string, active: boolean) => ({ id: validTo, companyRut: '76192083-9', subject: 'x', signerRut: null, validFrom: new Date('2026-01-01'), validTo: new Date(validTo), active, createdAt: new Date() });
  const caf = (type: number, authorizedOn: string) => ({ id: `${type}-${authorizedOn}`, companyRut: '76192083-9', type, firstFolio: 1, lastFolio: 10, authorizedOn, keyId: 100, createdAt: new Date() });
  return {
    companies: { list: async () => [{ rut: '76192083-9' }] },
    folios: { left: async () => [{ type: 33, left: 5, cafs: 2 }] },
    certificates: { list: async () => [certificate('2026-06-01T00:00:00Z', false), certificate('2027-03-01T00:00:00Z', true)] },
    cafs: { list: async () => [caf(33, '2026-08-31'), caf(33, '2026-11-15'), caf(61, '2026-01-10')] },
  } as unknown as Store;
}

it('reports the active certificate\'s end and the last usable date of the newest CAF of each six-month type', async () => {
  const seen: Parameters<ExpiryObserver>[] = [];
  const gauge = startFolioGauge({ store: storeWith(), observe: () => undefined, observeExpiry: (...call) => void seen.push(call), intervalMs: 60_000 });
  await gauge.refresh();
  gauge.stop();
  expect(seen).toEqual([['76192083-9', { certificateValidTo: new Date('2027-03-01T00:00:00Z'), cafs: [{ type: 33, lastUsableDate: '2027-05-14' }] }]]);
});
