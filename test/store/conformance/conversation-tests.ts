import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { randomRut, sampleCaf, sampleCompany, sampleIssued } from '../store-fixtures.ts';
import type { SuiteContext } from './harness.ts';

/** Conversations of the agent, and the document lookups its find_document tool needs. */
export function conversationTests(context: SuiteContext): void {
  describe('conversations', () => {
    it('store a conversation, replace its turns on save, and keep its owner', async () => {
      const { store } = context;
      const id = randomUUID();
      const rut = randomRut();
      const first = await store.conversations.save({ id, subject: 'ana', companyRuts: [rut], turns: [{ role: 'user', text: '¿qué es el IVA?', at: '2026-12-01T10:00:00.000Z' }] });
      expect(first).toMatchObject({ id, subject: 'ana', companyRuts: [rut], turns: [{ role: 'user', text: '¿qué es el IVA?' }] });
      const turns = [...first.turns, { role: 'assistant' as const, text: 'El IVA es…', at: '2026-12-01T10:00:01.000Z', documentId: randomUUID() }];
      await store.conversations.save({ id, subject: 'someone-else', companyRuts: [randomRut()], turns });
      const stored = await store.conversations.get(id);
      expect(stored?.turns).toEqual(turns);
      expect(stored).toMatchObject({ subject: 'ana', companyRuts: [rut] });
      expect(await store.conversations.get(randomUUID())).toBeUndefined();
      expect(await store.conversations.get('not-a-uuid')).toBeUndefined();
    });

    it('find a subject\'s conversation of a thread, hand the thread to the newest, and let idle threads go', async () => {
      const { store } = context;
      const thread = `slack:C1:${randomUUID()}`;
      const [first, second, other] = [randomUUID(), randomUUID(), randomUUID()];
      await store.conversations.save({ id: first, subject: 'ana', companyRuts: [], turns: [], threadKey: thread });
      await store.conversations.save({ id: other, subject: 'bruno', companyRuts: [], turns: [], threadKey: thread });
      expect((await store.conversations.findByThread('ana', thread))?.id).toBe(first);
      // A save without a thread key keeps the conversation's.
      await store.conversations.save({ id: first, subject: 'ana', companyRuts: [], turns: [{ role: 'user', text: 'hola', at: '2026-12-01T10:00:00.000Z' }] });
      expect((await store.conversations.get(first))?.threadKey).toBe(thread);
      await store.conversations.save({ id: second, subject: 'ana', companyRuts: [], turns: [], threadKey: thread });
      expect((await store.conversations.findByThread('ana', thread))?.id).toBe(second);
      expect((await store.conversations.get(first))?.threadKey).toBeNull();
      expect((await store.conversations.findByThread('bruno', thread))?.id).toBe(other);
      expect(await store.conversations.forgetThreads(new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(2);
      expect(await store.conversations.findByThread('ana', thread)).toBeUndefined();
      expect(await store.conversations.findByThread('bruno', thread)).toBeUndefined();
    });

    it('find a company\'s documents by track id, by receiver and by Odoo record, never another company\'s', async () => {
      const { store } = context;
      const rut = randomRut();
      const other = randomRut();
      for (const company of [rut, other]) {
        await store.companies.save(sampleCompany(company));
        await store.cafs.add(company, sampleCaf(company, 33, 1, 100));
      }
      const insert = (company: string): Promise<string> => store.transaction(async (transaction) => {
        const { folio, cafId } = await transaction.folios.allocate(company, 33);
        return (await transaction.documents.insertSigned(company, { issued: sampleIssued(company, 33, folio), cafId, odooReference: { model: 'account.move', id: 70 + folio } })).id;
      });
      const [first, second, foreign] = [await insert(rut), await insert(rut), await insert(other)];
      await store.documents.transition(rut, first, 'queued');
      await store.documents.transition(rut, first, 'submitted', { trackId: '998877' });
      await store.documents.transition(other, foreign, 'queued');
      await store.documents.transition(other, foreign, 'submitted', { trackId: '998877' });
      expect((await store.documents.list(rut, { trackId: '998877' })).items.map((item) => item.id)).toEqual([first]);
      expect((await store.documents.list(rut, { trackId: '1' })).items).toEqual([]);
      expect((await store.documents.list(rut, { receiverRut: '77777777-7' })).items.map((item) => item.id)).toEqual([second, first]);
      expect((await store.documents.list(rut, { receiverRut: '11111111-1' })).items).toEqual([]);
      expect((await store.documents.list(rut, { odoo: { model: 'account.move', id: 72 } })).items.map((item) => item.id)).toEqual([second]);
      expect((await store.documents.list(rut, { odoo: { model: 'sale.order', id: 72 } })).items).toEqual([]);
      expect((await store.documents.list(other, { odoo: { model: 'account.move', id: 72 } })).items).toEqual([]);
    });
  });
}
