import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/app/ports/store.ts';
import { randomRut, sampleCaf, sampleCompany, sampleIssued } from '../store-fixtures.ts';
import type { SuiteContext } from './harness.ts';

async function companyWithDocuments(store: Store, count: number, type = 33): Promise<{ rut: string; ids: string[] }> {
  const rut = randomRut();
  await store.companies.save(sampleCompany(rut));
  await store.cafs.add(rut, sampleCaf(rut, type, 1, 1_000));
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    ids.push(await store.transaction(async (transaction) => {
      const { folio, cafId } = await transaction.folios.allocate(rut, type);
      return (await transaction.documents.insertSigned(rut, { issued: sampleIssued(rut, type, folio), cafId, callbackUrl: 'https://erp.example/hook', odooReference: { model: 'account.move', id: folio } })).id;
    }));
  }
  return { rut, ids };
}

/** Issues with an Idempotency-Key the way the HTTP layer will: claim, allocate, insert completing the key. */
function issueOnce(store: Store, rut: string, key: string, hash: string, completeApart = false): Promise<string> {
  return store.transaction(async (transaction) => {
    const claim = await transaction.idempotency.claim(rut, key, hash);
    if (claim.kind === 'replay') return claim.documentId;
    const { folio, cafId } = await transaction.folios.allocate(rut, 33);
    if (completeApart) {
      const document = await transaction.documents.insertSigned(rut, { issued: sampleIssued(rut, 33, folio), cafId });
      await transaction.idempotency.complete(rut, key, document.id);
      return document.id;
    }
    return (await transaction.documents.insertSigned(rut, { issued: sampleIssued(rut, 33, folio), cafId, idempotencyKey: key })).id;
  });
}

/** Documents: storage, states and history, paging, idempotency, company scoping and the audit log. */
export function documentTests(context: SuiteContext): void {
  describe('documents', () => {
    it('store the signed XML byte for byte with the request and a first history entry', async () => {
      const { rut, ids } = await companyWithDocuments(context.store, 1);
      const id = ids[0] as string;
      const document = await context.store.documents.get(rut, id);
      expect(document).toMatchObject({ id, companyRut: rut, type: 33, folio: 1, state: 'signed', issueDate: '2026-11-20', receiverRut: '77777777-7', totalAmount: 1190, trackId: null, callbackUrl: 'https://erp.example/hook', odooReference: { model: 'account.move', id: 1 } });
      expect(document?.request.Encabezado.Emisor.RUTEmisor).toBe(rut);
      expect((await context.store.documents.getXml(rut, id))?.equals(sampleIssued(rut, 33, 1).xml)).toBe(true);
      expect(await context.store.documents.findByFolio(rut, 33, 1)).toEqual(document);
      expect(await context.store.documents.history(rut, id)).toEqual([expect.objectContaining({ from: null, to: 'signed' })]);
      await expect(context.store.documents.insertSigned(rut, { issued: sampleIssued(rut, 33, 1) })).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('follow the state machine, record every change and refuse illegal ones', async () => {
      const { store } = context;
      const { rut, ids } = await companyWithDocuments(store, 1);
      const id = ids[0] as string;
      await store.documents.transition(rut, id, 'queued', { detail: { job: 'j-1' } });
      await store.documents.transition(rut, id, 'submitted', { trackId: '0123456789' });
      const siiCodes = { codes: [{ code: 'DTE-3-101', message: 'Folio ya fue recibido', detail: 'folio 1' }], state: 'EPR', source: 'getEstUp', trackId: '0123456789' };
      const accepted = await store.documents.transition(rut, id, 'accepted', { siiCodes });
      expect(accepted).toMatchObject({ state: 'accepted', trackId: '0123456789', siiCodes });
      expect(await store.documents.get(rut, id)).toMatchObject({ siiCodes });
      await expect(store.documents.transition(rut, id, 'queued')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/from accepted to queued: accepted is final/) });
      const history = await store.documents.history(rut, id);
      expect(history.map((entry) => [entry.from, entry.to])).toEqual([[null, 'signed'], ['signed', 'queued'], ['queued', 'submitted'], ['submitted', 'accepted']]);
      expect(history[1]?.detail).toEqual({ job: 'j-1' });
      await expect(store.documents.transition(rut, randomUUID(), 'queued')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(store.documents.transition(rut, 'not-a-uuid', 'queued')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('roll a refused transition back with the transaction around it', async () => {
      const { rut, ids } = await companyWithDocuments(context.store, 1);
      const id = ids[0] as string;
      await expect(context.store.transaction(async (transaction) => {
        await transaction.documents.transition(rut, id, 'queued');
        await transaction.documents.transition(rut, id, 'accepted');
      })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await context.store.documents.get(rut, id))?.state).toBe('signed');
      expect(await context.store.documents.history(rut, id)).toHaveLength(1);
    });

    it('list newest first, by page, filtered by state, type and folio', async () => {
      const { store } = context;
      const { rut, ids } = await companyWithDocuments(store, 5);
      await store.documents.transition(rut, ids[1] as string, 'queued');
      const first = await store.documents.list(rut, { limit: 2 });
      const second = await store.documents.list(rut, { limit: 2, after: first.next as string });
      const third = await store.documents.list(rut, { limit: 2, after: second.next as string });
      expect([...first.items, ...second.items, ...third.items].map((document) => document.folio)).toEqual([5, 4, 3, 2, 1]);
      expect(third.next).toBeUndefined();
      expect((await store.documents.list(rut, { state: 'queued' })).items.map((document) => document.id)).toEqual([ids[1]]);
      expect((await store.documents.list(rut, { type: 33, folio: 3 })).items.map((document) => document.id)).toEqual([ids[2]]);
      expect((await store.documents.list(rut, { type: 61 })).items).toEqual([]);
    });

    it('never show one company\'s records to another, whatever the id', async () => {
      const { store } = context;
      const { rut, ids } = await companyWithDocuments(store, 1);
      const other = randomRut();
      await store.companies.save(sampleCompany(other));
      const id = ids[0] as string;
      expect(await store.documents.get(other, id)).toBeUndefined();
      expect(await store.documents.getXml(other, id)).toBeUndefined();
      expect(await store.documents.history(other, id)).toEqual([]);
      expect(await store.documents.findByFolio(other, 33, 1)).toBeUndefined();
      expect((await store.documents.list(other)).items).toEqual([]);
      await expect(store.documents.transition(other, id, 'queued')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const caf = (await store.cafs.list(rut))[0];
      expect(await store.cafs.get(other, caf?.id as string)).toBeUndefined();
      expect(await store.certificates.active(other)).toBeUndefined();
      await expect(store.envelopes.create(other, { xml: Buffer.from('<EnvioDTE/>'), documentIds: [id] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('idempotency keys', () => {
    it('replay the same document for the same request and refuse another request under the key', async () => {
      const { rut } = await companyWithDocuments(context.store, 0);
      const id = await issueOnce(context.store, rut, 'key-1', 'hash-a');
      expect(await issueOnce(context.store, rut, 'key-1', 'hash-a')).toBe(id);
      const apart = await issueOnce(context.store, rut, 'key-3', 'hash-d', true);
      expect(await issueOnce(context.store, rut, 'key-3', 'hash-d')).toBe(apart);
      await expect(issueOnce(context.store, rut, 'key-1', 'hash-b')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/different request body/) });
      const twins = await Promise.all([issueOnce(context.store, rut, 'key-2', 'hash-c'), issueOnce(context.store, rut, 'key-2', 'hash-c')]);
      expect(twins[0]).toBe(twins[1]);
      expect((await context.store.documents.list(rut)).items).toHaveLength(3);
      const other = randomRut();
      await context.store.companies.save(sampleCompany(other));
      expect(await context.store.idempotency.claim(other, 'key-1', 'hash-z')).toEqual({ kind: 'new' });
    });
  });

  describe('audit log', () => {
    it('records who did what, to which record, when and from where, per company', async () => {
      const { rut } = await companyWithDocuments(context.store, 0);
      const entry = { actor: 'odoo-prod', action: 'document.issue', target: 'document/1', companyRut: rut, ip: '10.0.0.7', userAgent: 'Odoo/19', detail: { type: 33 } };
      await context.store.audit.record(entry);
      await context.store.audit.record({ ...entry, action: 'document.retry' });
      const entries = await context.store.audit.list(rut);
      expect(entries.map((listed) => listed.action)).toEqual(['document.retry', 'document.issue']);
      expect(entries[1]).toMatchObject({ ...entry, at: expect.any(Date) });
      expect(await context.store.audit.list(rut, { before: entries[0]?.id as number })).toHaveLength(1);
      expect(await context.store.audit.list(randomRut())).toEqual([]);
    });
  });
}
