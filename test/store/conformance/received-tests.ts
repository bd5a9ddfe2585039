import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NewReceivedEnvelope } from '../../../src/app/ports/received.ts';
import { randomRut, sampleCompany } from '../store-fixtures.ts';
import type { SuiteContext } from './harness.ts';

function sampleEnvelope(supplier: string, customer: string): NewReceivedEnvelope {
  const received = { code: 0, glosa: 'DTE Recibido OK', detail: 'Every check passed.' };
  return {
    fileSha256: randomBytes(32).toString('hex'),
    fileName: 'envio-ñandú.xml',
    fileSize: 1234,
    original: Buffer.from('<EnvioDTE>Ñandú</EnvioDTE>', 'latin1'),
    source: 'mail',
    mail: { mailbox: 'compras@example.cl', uid: 7 },
    digest: randomBytes(20).toString('base64'),
    SetDTEID: 'SetDoc',
    RutEmisor: supplier,
    status: { code: 0, glosa: 'Envío Recibido Conforme', detail: 'Every receiver check on the envelope passed.' },
    checks: [{ name: 'schema', ok: true }],
    receivedAt: new Date('2026-11-21T10:00:00Z'),
    documents: [1, 2].map((folio) => ({
      position: folio,
      key: `${supplier}/33/${folio}`,
      TipoDTE: 33,
      Folio: folio,
      FchEmis: '2026-11-20',
      RUTEmisor: supplier,
      RznSoc: 'Proveedor SpA',
      RUTRecep: customer,
      MntTotal: '1190',
      status: folio === 1 ? received : { code: 1, glosa: 'DTE No Recibido - Error de Firma', detail: 'The signature does not verify.' },
      checks: [],
      xml: Buffer.from(`<DTE>folio ${folio}</DTE>`),
      ...(folio === 1 ? { deadline: new Date('2026-11-29T10:00:00Z') } : {}),
    })),
  };
}

/** Received files, their documents, decisions and the answers' outbox. */
export function receivedTests(context: SuiteContext): void {
  describe('documents we receive', () => {
    it('keeps a file once, its documents, and what was received before', async () => {
      const { store } = context;
      const [customer, supplier] = [randomRut(), randomRut()];
      await store.companies.save(sampleCompany(customer));
      const input = sampleEnvelope(supplier, customer);
      const envelope = await store.received.insertEnvelope(customer, input);
      expect(envelope).toMatchObject({ companyRut: customer, kept: true, fileName: 'envio-ñandú.xml', RutEmisor: supplier, status: { code: 0 } });
      expect(envelope.codEnvio).toBeGreaterThan(0);
      expect(await store.received.findByFile(customer, input.fileSha256)).toEqual(envelope);
      expect(await store.received.findByFile(randomRut(), input.fileSha256)).toBeUndefined();
      await expect(store.received.insertEnvelope(customer, input)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await store.received.getOriginal(customer, envelope.id))?.toString('latin1')).toBe('<EnvioDTE>Ñandú</EnvioDTE>');
      const documents = await store.received.documentsOf(customer, envelope.id);
      expect(documents.map((document) => [document.Folio, document.state, document.deadline?.toISOString()])).toEqual([
        [1, 'received', '2026-11-29T10:00:00.000Z'], [2, 'refused', undefined],
      ]);
      expect((await store.received.getDocumentXml(customer, documents[0]!.id))?.toString()).toBe('<DTE>folio 1</DTE>');
      expect(await store.received.companyOfDocument(documents[0]!.id)).toBe(customer);
      expect(await store.received.getDocument(randomRut(), documents[0]!.id)).toBeUndefined();
      const known = await store.received.known(customer, [input.digest!, 'other'], [`${supplier}/33/1`, `${supplier}/33/9`]);
      expect(known).toEqual({ envelopeDigests: new Set([input.digest]), documentKeys: new Set([`${supplier}/33/1`]) });
    });

    it('lists newest first by page and state, and records one decision per document', async () => {
      const { store } = context;
      const [customer, supplier] = [randomRut(), randomRut()];
      await store.companies.save(sampleCompany(customer));
      await store.received.insertEnvelope(customer, sampleEnvelope(supplier, customer));
      const second = await store.received.insertEnvelope(customer, sampleEnvelope(supplier, customer));
      const first = await store.received.listDocuments(customer, { limit: 3 });
      expect(first.items).toHaveLength(3);
      expect(first.items[0]!.envelopeId).toBe(second.id);
      const rest = await store.received.listDocuments(customer, { limit: 3, cursor: first.next! });
      expect(rest.items).toHaveLength(1);
      expect(rest.next).toBeUndefined();
      await expect(store.received.listDocuments(customer, { cursor: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      const receivedOnes = await store.received.listDocuments(customer, { state: 'received' });
      expect(receivedOnes.items.map((document) => document.Folio)).toEqual([1, 1]);
      const target = receivedOnes.items[0]!;
      const decision = { result: 'rejected' as const, reason: 'Precio distinto', decidedBy: 'user:ana', registry: [{ action: 'RCD', kind: 'recorded' }] };
      const decided = await store.received.decide(customer, target.id, decision);
      expect(decided).toMatchObject({ state: 'rejected', decision });
      expect(decided.decidedAt).toBeInstanceOf(Date);
      await expect(store.received.decide(customer, target.id, decision)).rejects.toMatchObject({ code: 'CONFLICT' });
      const refused = (await store.received.listDocuments(customer, { state: 'refused' })).items[0]!;
      await expect(store.received.decide(customer, refused.id, decision)).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(store.received.decide(randomRut(), target.id, decision)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('numbers answers once each, keeps one reception per file, and empties the outbox', async () => {
      const { store } = context;
      const [customer, supplier] = [randomRut(), randomRut()];
      await store.companies.save(sampleCompany(customer));
      const envelope = await store.received.insertEnvelope(customer, sampleEnvelope(supplier, customer));
      const [one, two] = [await store.received.nextAnswerNumber(), await store.received.nextAnswerNumber()];
      expect(two).toBeGreaterThan(one);
      const answer = { envelopeId: envelope.id, kind: 'RecepcionEnvio' as const, idRespuesta: one, xml: Buffer.from('<RespuestaDTE/>'), fileName: 'respuesta.xml', recipient: 'dte@proveedor.cl' };
      const stored = await store.received.addAnswer(customer, answer);
      expect(stored).toMatchObject({ state: 'queued', attempts: 0, idRespuesta: one, recipient: 'dte@proveedor.cl' });
      await expect(store.received.addAnswer(customer, { ...answer, idRespuesta: two })).rejects.toMatchObject({ code: 'CONFLICT' });
      const [document] = await store.received.documentsOf(customer, envelope.id);
      const unaddressed = await store.received.addAnswer(customer, { envelopeId: envelope.id, documentId: document!.id, kind: 'ResultadoDTE', idRespuesta: two, xml: Buffer.from('<R/>'), fileName: 'r.xml' });
      expect(unaddressed.state).toBe('unaddressed');
      expect((await store.received.queuedAnswers(500)).map((queued) => queued.id)).toContain(stored.id);
      await store.received.markAnswerFailed(customer, stored.id, 'connection refused', false);
      expect((await store.received.answersOf(customer, envelope.id))[0]).toMatchObject({ state: 'queued', attempts: 1, lastError: 'connection refused' });
      await store.received.markAnswerSent(customer, stored.id, '<m1@example>');
      const answers = await store.received.answersOf(customer, envelope.id);
      expect(answers.map((item) => [item.kind, item.state, item.attempts])).toEqual([['RecepcionEnvio', 'sent', 2], ['ResultadoDTE', 'unaddressed', 0]]);
      expect(answers[0]!.sentAt).toBeInstanceOf(Date);
      expect((await store.received.queuedAnswers(500)).map((queued) => queued.id)).not.toContain(stored.id);
      expect((await store.received.getAnswerXml(customer, stored.id))?.toString()).toBe('<RespuestaDTE/>');
    });
  });
}
