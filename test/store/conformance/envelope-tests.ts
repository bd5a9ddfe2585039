import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/app/ports/store.ts';
import { randomRut, sampleCaf, sampleCompany, sampleIssued } from '../store-fixtures.ts';
import type { SuiteContext } from './harness.ts';

async function queuedDocuments(store: Store, count: number): Promise<{ rut: string; ids: string[] }> {
  const rut = randomRut();
  await store.companies.save(sampleCompany(rut));
  await store.cafs.add(rut, sampleCaf(rut, 33, 1, 100));
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const id = await store.transaction(async (transaction) => {
      const { folio, cafId } = await transaction.folios.allocate(rut, 33);
      return (await transaction.documents.insertSigned(rut, { issued: sampleIssued(rut, 33, folio), cafId })).id;
    });
    await store.documents.transition(rut, id, 'queued');
    ids.push(id);
  }
  return { rut, ids };
}

const ENVELOPE = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<EnvioDTE/>\n', 'latin1');

/** Envelopes, track ids and what startup recovery finds. */
export function envelopeTests(context: SuiteContext): void {
  describe('envelopes', () => {
    it('record attempts and the track id, submitting every document atomically', async () => {
      const { store } = context;
      const { rut, ids } = await queuedDocuments(store, 2);
      const built = await store.envelopes.create(rut, { xml: ENVELOPE, documentIds: ids });
      expect(built).toMatchObject({ state: 'built', attempts: 0, trackId: null, documentIds: [...ids].sort() });
      expect((await store.envelopes.getXml(rut, built.id))?.equals(ENVELOPE)).toBe(true);
      await store.envelopes.startAttempt(rut, built.id);
      await store.envelopes.recordFailure(rut, built.id, { status: 'HTTP 503' });
      await store.envelopes.startAttempt(rut, built.id);
      const uploaded = await store.envelopes.recordTrackId(rut, built.id, '7000123', { status: 0 });
      expect(uploaded).toMatchObject({ state: 'uploaded', attempts: 2, trackId: '7000123' });
      for (const id of ids) expect(await store.documents.get(rut, id)).toMatchObject({ state: 'submitted', trackId: '7000123' });
      expect((await store.envelopes.awaitingVerdict(10_000)).map((envelope) => envelope.id)).toContain(built.id);
      await expect(store.envelopes.startAttempt(rut, built.id)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await store.envelopes.markProcessed(rut, built.id, { estado: 'EPR' })).toMatchObject({ state: 'processed', detail: { estado: 'EPR' } });
      expect((await store.envelopes.awaitingVerdict(10_000)).map((envelope) => envelope.id)).not.toContain(built.id);
      expect(await store.envelopes.get(randomRut(), built.id)).toBeUndefined();
    });

    it('leave nothing half done when a document cannot be submitted', async () => {
      const { store } = context;
      const { rut, ids } = await queuedDocuments(store, 2);
      await store.documents.transition(rut, ids[1] as string, 'submitted', { trackId: '1' });
      const envelope = await store.envelopes.create(rut, { xml: ENVELOPE, documentIds: ids });
      await store.envelopes.startAttempt(rut, envelope.id);
      await expect(store.envelopes.recordTrackId(rut, envelope.id, '7000999')).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await store.envelopes.get(rut, envelope.id)).toMatchObject({ state: 'uploading', trackId: null });
      expect((await store.documents.get(rut, ids[0] as string))?.state).toBe('queued');
    });
  });

  describe('startup recovery', () => {
    it('finds documents not yet in an envelope awaiting its verdict, flagging interrupted uploads', async () => {
      const { store } = context;
      const { rut, ids } = await queuedDocuments(store, 5);
      const [fresh, interrupted, refused, submitted, abandoned] = ids as [string, string, string, string, string];
      const envelopeOf = async (documentIds: string[]) => (await store.envelopes.create(rut, { xml: ENVELOPE, documentIds })).id;
      await store.envelopes.startAttempt(rut, await envelopeOf([interrupted]));
      const refusedEnvelope = await envelopeOf([refused]);
      await store.envelopes.startAttempt(rut, refusedEnvelope);
      await store.envelopes.recordFailure(rut, refusedEnvelope, { status: 5 });
      await store.documents.transition(rut, refused, 'failed', { detail: { attempts: 8 } });
      for (const id of [submitted, abandoned]) {
        const envelope = await envelopeOf([id]);
        await store.envelopes.startAttempt(rut, envelope);
        await store.envelopes.recordTrackId(rut, envelope, `track-${id}`);
      }
      await store.documents.transition(rut, abandoned, 'failed', { detail: { reason: 'status never answered' } });
      const pending = await store.documents.pendingSubmission(rut, 10_000);
      expect(pending.map((document) => [document.id, document.state, document.uploadInterrupted])).toEqual([
        [fresh, 'queued', false],
        [interrupted, 'queued', true],
        [refused, 'failed', false],
      ]);
    });

    it("names the companies that have documents waiting, and reads only one company's", async () => {
      const { store } = context;
      const waiting = await queuedDocuments(store, 2);
      const done = await queuedDocuments(store, 1);
      const envelope = (await store.envelopes.create(done.rut, { xml: ENVELOPE, documentIds: done.ids })).id;
      await store.envelopes.startAttempt(done.rut, envelope);
      await store.envelopes.recordTrackId(done.rut, envelope, 'track-done');
      const companies = await store.documents.companiesWithPending();
      expect(companies).toContain(waiting.rut);
      expect(companies).not.toContain(done.rut);
      expect((await store.documents.pendingSubmission(waiting.rut)).map((document) => document.companyRut)).toEqual([waiting.rut, waiting.rut]);
      expect(await store.documents.pendingSubmission(done.rut)).toEqual([]);
    });
  });
}
