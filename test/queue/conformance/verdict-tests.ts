import { expect, it } from 'vitest';
import { envelopeRejection, mixedCounts, perDocument } from '../support/fake-sii.ts';
import type { QueueWorld, RunnerFactory } from '../support/queue-world.ts';

/** How the SII's answers become each document's final state and codes. */
export function verdictTests(world: () => QueueWorld, createRunner: RunnerFactory): void {
  it('rejects and accepts with repairs from per-document results, with their codes', async () => {
    const { rut, sii } = await world().company();
    const repeated = { code: 'DTE-3-101', message: 'Folio repetido', detail: 'folio 41 ya fue recibido' };
    const repair = { code: 'DTE-2-130', message: 'Giro del receptor no coincide' };
    sii.statuses = [perDocument({ 41: { state: 'RCH', codes: [repeated] }, 42: { state: 'RPR', codes: [repair] } })];
    const { queue, observed } = await world().startQueue(createRunner);
    const documents = [await world().document(rut, 41), await world().document(rut, 42), await world().document(rut, 43)];
    for (const _document of documents) queue.documentsReady(rut);
    const rejected = await world().until(rut, documents[0]?.id as string, 'rejected');
    expect(rejected.siiCodes).toMatchObject({ codes: [repeated], state: 'RCH', trackId: rejected.trackId });
    const repaired = await world().until(rut, documents[1]?.id as string, 'accepted_with_repairs');
    expect(repaired.siiCodes).toMatchObject({ codes: [repair], state: 'RPR' });
    await world().until(rut, documents[2]?.id as string, 'accepted');
    expect(observed.states).toEqual(expect.arrayContaining(['rejected', 'accepted_with_repairs', 'accepted']));
    // A folio refused as already received is checked with QueryEstDte: here it answers FAU, so the
    // refusal stands (a DOK would have made it accepted: see the e2e lost-answer test).
    expect(sii.documentCalls.map((call) => call.folio)).toEqual([41]);
    const envelope = (await world().store.envelopes.get(rut, (await world().store.documents.history(rut, rejected.id))[1]?.detail?.envelopeId as string));
    expect(envelope?.state).toBe('processed');
  });

  it('asks QueryEstDte when mixed counts do not say which document was rejected', async () => {
    const { rut, sii } = await world().company();
    sii.statuses = [mixedCounts([52])];
    sii.documentStates.set(51, 'DOK');
    sii.documentStates.set(52, 'FAU');
    const { queue } = await world().startQueue(createRunner);
    const good = await world().document(rut, 51);
    const bad = await world().document(rut, 52);
    queue.documentsReady(rut);
    const accepted = await world().until(rut, good.id, 'accepted');
    const rejected = await world().until(rut, bad.id, 'rejected');
    expect(accepted.siiCodes).toMatchObject({ state: 'DOK', source: 'QueryEstDte' });
    expect(rejected.siiCodes).toMatchObject({ codes: [expect.objectContaining({ code: 'FAU' })], source: 'QueryEstDte' });
    expect(sii.documentCalls.map((query) => [query.folio, query.receiverRut, query.totalAmount, query.issueDate]).sort())
      .toEqual([[51, '77777777-7', 1190, '2026-11-20'], [52, '77777777-7', 1190, '2026-11-20']]);
  });

  it('rejects every document of an envelope the SII rejected whole (RCT), with the envelope\'s codes', async () => {
    const { rut, sii } = await world().company();
    const caratula = { code: 'CRT-3-19', message: 'Fecha o número de resolución no coinciden' };
    sii.statuses = [envelopeRejection('RCT', [caratula])];
    const { queue } = await world().startQueue(createRunner);
    const documents = [await world().document(rut, 61), await world().document(rut, 62, { type: 61 })];
    queue.documentsReady(rut);
    for (const document of documents) {
      const rejected = await world().until(rut, document.id, 'rejected');
      expect(rejected.siiCodes).toMatchObject({ codes: [caratula], state: 'RCT', source: 'envelope' });
    }
    expect(sii.documentCalls).toEqual([]);
  });
}
