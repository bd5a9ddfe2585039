import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/app/ports/store.ts';
import { createStore } from '../../../src/store/create-store.ts';
import { randomRut, sampleCaf, sampleCompany, sampleIssued } from '../store-fixtures.ts';
import type { SuiteContext } from './harness.ts';

async function companyWithDocument(store: Store): Promise<{ rut: string; id: string }> {
  const rut = randomRut();
  await store.companies.save(sampleCompany(rut));
  await store.cafs.add(rut, sampleCaf(rut, 33, 1, 10));
  const id = await store.transaction(async (transaction) => {
    const { folio, cafId } = await transaction.folios.allocate(rut, 33);
    return (await transaction.documents.insertSigned(rut, { issued: sampleIssued(rut, 33, folio), cafId })).id;
  });
  return { rut, id };
}

const claim = { code: 'RCD', description: 'Reclamo al Contenido del Documento', responsibleRut: '77777777-7', at: new Date('2026-12-03T14:00:00Z'), siiTime: '03-12-2026 11:00:00' };
const receipt = { code: 'ERM', description: 'Otorga Recibo de Mercaderías o Servicios', responsibleRut: '77777777-7', at: new Date('2026-12-02T14:00:00Z'), siiTime: '02-12-2026 11:00:00' };

/** The registry's events and windows of our documents (Ley 19.983). */
export function registryTests(context: SuiteContext): void {
  describe('registry events and windows', () => {
    it('stores each event once, even from two connections at the same time, and returns only the new ones, oldest first', async () => {
      const { rut, id } = await companyWithDocument(context.store);
      const other = createStore(context.harness.connect(), { masterKey: context.masterKey });
      const [first, second] = await Promise.all([context.store.registry.addEvents(rut, id, [claim, receipt]), other.registry.addEvents(rut, id, [claim, receipt])]);
      expect([...first, ...second].map((event) => event.code).sort()).toEqual(['ERM', 'RCD']);
      expect(await context.store.registry.addEvents(rut, id, [receipt, claim, { ...claim, at: new Date('2026-12-04T00:00:00Z') }])).toHaveLength(1);
      const stored = await context.store.registry.events(rut, id);
      expect(stored.map((event) => event.code)).toEqual(['ERM', 'RCD', 'RCD']);
      expect(stored[1]).toMatchObject({ ...claim, companyRut: rut, documentId: id, notifiedAt: null, recordedAt: expect.any(Date) });
      expect(await context.store.registry.events(randomRut(), id)).toEqual([]);
      expect(await context.store.registry.events(rut, 'not-a-uuid')).toEqual([]);
    });

    it('keeps which events were passed on, per company', async () => {
      const { rut, id } = await companyWithDocument(context.store);
      const added = await context.store.registry.addEvents(rut, id, [receipt, claim]);
      await context.store.registry.markNotified(randomRut(), added.map((event) => event.id), new Date());
      expect(await context.store.registry.unnotified(rut, id)).toHaveLength(2);
      await context.store.registry.markNotified(rut, [added[0]!.id], new Date('2026-12-05T00:00:00Z'));
      expect((await context.store.registry.unnotified(rut, id)).map((event) => event.code)).toEqual(['RCD']);
      expect((await context.store.registry.events(rut, id))[0]?.notifiedAt).toEqual(new Date('2026-12-05T00:00:00Z'));
    });

    it('opens a window once, counts polls, closes it, and lists the open ones system-wide by deadline', async () => {
      const { rut, id } = await companyWithDocument(context.store);
      const receivedAt = new Date('2026-12-01T12:00:00Z');
      const deadline = new Date('2026-12-09T12:00:00Z');
      const opened = await context.store.registry.openWindow(rut, id, receivedAt, deadline);
      expect(opened).toMatchObject({ documentId: id, companyRut: rut, receivedAt, deadline, status: 'pending', polls: 0, lastPolledAt: null, closedAt: null });
      expect(await context.store.registry.openWindow(rut, id, new Date(), new Date())).toMatchObject({ receivedAt, deadline });
      const polledAt = new Date('2026-12-02T12:00:00Z');
      expect(await context.store.registry.updateWindow(rut, id, { polledAt, status: 'goods_received' })).toMatchObject({ polls: 1, lastPolledAt: polledAt, status: 'goods_received' });
      expect((await context.store.registry.openWindows()).some((window) => window.documentId === id)).toBe(true);
      const reception = { receivedAt: new Date('2026-12-01T11:00:00Z'), deadline: new Date('2026-12-09T11:00:00Z') };
      expect(await context.store.registry.updateWindow(rut, id, { reception })).toMatchObject({ ...reception, polls: 1, status: 'goods_received' });
      const closedAt = new Date('2026-12-09T13:00:00Z');
      expect(await context.store.registry.updateWindow(rut, id, { polledAt: closedAt, closedAt, status: 'accepted_by_law' })).toMatchObject({ polls: 2, closedAt, status: 'accepted_by_law' });
      expect((await context.store.registry.openWindows()).some((window) => window.documentId === id)).toBe(false);
      expect(await context.store.registry.window(rut, id)).toMatchObject({ status: 'accepted_by_law', closedAt });
    });

    it("refuses another company's document or an unknown one", async () => {
      const { id } = await companyWithDocument(context.store);
      const stranger = randomRut();
      await context.store.companies.save(sampleCompany(stranger));
      await expect(context.store.registry.openWindow(stranger, id, new Date(), new Date())).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(context.store.registry.openWindow(stranger, randomUUID(), new Date(), new Date())).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(context.store.registry.updateWindow(stranger, id, { status: 'claimed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await context.store.registry.addEvents(stranger, id, [claim])).toEqual([]);
      expect(await context.store.registry.window(stranger, id)).toBeUndefined();
    });

    it('lets a front-end user have the receiver role', async () => {
      const workspace = `T${Math.random()}`;
      await context.store.frontEndUsers.save({ frontEnd: 'slack', workspace, userId: 'U1', role: 'receiver', companies: [], createdBy: 'admin' });
      expect((await context.store.frontEndUsers.get('slack', workspace, 'U1'))?.role).toBe('receiver');
    });
  });
}
