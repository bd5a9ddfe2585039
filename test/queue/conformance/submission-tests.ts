import { expect, it } from 'vitest';
import { createDocumentService } from '../../../src/app/document-service.ts';
import { sampleRequest } from '../../support/requests.ts';
import { TEST_COMPANY_RUT } from '../../support/credentials.ts';
import { inProgress, senderRefused, unavailable } from '../support/fake-sii.ts';
import { pause, waitFor, type QueueWorld, type RunnerFactory } from '../support/queue-world.ts';

/** Issuing, batching, failures and retries: the submission half of the queue's contract. */
export function submissionTests(world: () => QueueWorld, createRunner: RunnerFactory): void {
  it('issues a document and follows it from queued to submitted to accepted', async () => {
    const { store, credentials } = world();
    const { rut, sii } = await world().company(TEST_COMPANY_RUT);
    const caf = credentials.raw.cafs.find((candidate) => candidate.type === 33);
    await store.cafs.add(rut, caf?.xml as Uint8Array);
    const { queue } = await world().startQueue(createRunner);
    const service = createDocumentService({ store, signers: world().signers, dispatcher: queue, clock: () => new Date('2026-11-20T12:00:00Z') });
    const outcome = await service.issue({ subject: 'test', role: 'issuer', companies: [rut] }, { request: sampleRequest(33) });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const accepted = await world().until(rut, outcome.document.id, 'accepted');
    expect(await world().states(rut, accepted.id)).toEqual(['signed', 'queued', 'submitted', 'accepted']);
    expect(accepted.trackId).toBe(sii.uploadsTaken[0]?.trackId);
    expect(sii.uploadsTaken).toHaveLength(1);
    expect(sii.uploadsTaken[0]?.bytes.toString('latin1')).toContain('<RutReceptor>60803000-K</RutReceptor>');
    expect(sii.uploadsTaken[0]?.bytes.toString('latin1')).toContain(`<NroResol>0</NroResol>`);
  });

  it('batches a company\'s documents into envelopes of at most the maximum', async () => {
    const { rut, sii } = await world().company();
    const { queue } = await world().startQueue(createRunner);
    const few = [await world().document(rut, 1), await world().document(rut, 2)];
    for (const _document of few) queue.documentsReady(rut);
    for (const document of few) await world().until(rut, document.id, 'accepted');
    expect(sii.uploadsTaken.map((upload) => upload.documents.length)).toEqual([2]);
    const many = [];
    for (let folio = 10; folio < 17; folio += 1) many.push(await world().document(rut, folio));
    for (const _document of many) queue.documentsReady(rut);
    for (const document of many) await world().until(rut, document.id, 'accepted');
    const sizes = sii.uploadsTaken.slice(1).map((upload) => upload.documents.length).sort();
    expect(sizes).toEqual([1, 3, 3]);
    expect(sii.uploadsTaken.slice(1).flatMap((upload) => upload.documents.map((document) => document.folio)).sort((a, b) => a - b))
      .toEqual([10, 11, 12, 13, 14, 15, 16]);
  });

  it('keeps documents visible as failed while the SII is down, then re-sends the same envelope', async () => {
    const { rut, sii } = await world().company();
    sii.uploads = [unavailable(), unavailable()];
    const { queue, observed } = await world().startQueue(createRunner);
    const document = await world().document(rut, 1);
    queue.documentsReady(rut);
    const failed = await world().until(rut, document.id, 'failed');
    expect(failed.siiCodes?.codes).toEqual([expect.objectContaining({ code: 'SII_UNAVAILABLE', detail: 'upload STATUS 9' })]);
    await world().until(rut, document.id, 'accepted');
    expect(await world().states(rut, document.id)).toEqual(['signed', 'queued', 'failed', 'queued', 'failed', 'queued', 'submitted', 'accepted']);
    expect(sii.uploadAttempts).toHaveLength(3);
    expect(new Set(sii.uploadAttempts.map((upload) => upload.bytes.toString('base64'))).size).toBe(1);
    expect(new Set(sii.uploadAttempts.map((upload) => upload.fileName)).size).toBe(1);
    const envelopeId = /EnvioDTE-(.+)\.xml/.exec(sii.uploadAttempts[0]?.fileName ?? '')?.[1] ?? '';
    expect(await world().store.envelopes.get(rut, envelopeId)).toMatchObject({ state: 'processed', attempts: 3, documentIds: [document.id] });
    expect(observed.siiCalls.filter((call) => call.startsWith('upload'))).toEqual(['upload:error', 'upload:error', 'upload:ok']);
  });

  it('gives up at once on a refusal, keeping the SII\'s message, and sends again after a retry', async () => {
    const { rut, sii } = await world().company();
    sii.uploads = [senderRefused()];
    const { queue } = await world().startQueue(createRunner);
    const document = await world().document(rut, 1);
    queue.documentsReady(rut);
    const failed = await world().until(rut, document.id, 'failed');
    expect(failed.siiCodes?.codes).toEqual([expect.objectContaining({ code: 'SII_REJECTED', message: expect.stringContaining('El Sender no tiene permiso') })]);
    await pause(250);
    expect(sii.uploadAttempts).toHaveLength(1);
    expect((await world().store.documents.get(rut, document.id))?.state).toBe('failed');
    await queue.recover();
    await pause(150);
    expect(sii.uploadAttempts).toHaveLength(1);
    // What POST /v1/documents/:id/retry does once the cause is fixed.
    await world().store.documents.transition(rut, document.id, 'queued', { detail: { message: 'retry requested by test' } });
    queue.documentsReady(rut);
    await world().until(rut, document.id, 'accepted');
    expect(sii.uploadsTaken).toHaveLength(1);
  });

  it('abandons an upload that hangs as one whose outcome is unknown: never failed, the SII asked before it is sent again', async () => {
    const { store } = world();
    const { rut, sii } = await world().company();
    sii.uploads = ['hang'];
    const { queue, observed } = await world().startQueue(createRunner);
    const document = await world().document(rut, 1);
    queue.documentsReady(rut);
    await world().until(rut, document.id, 'accepted');
    expect(observed.siiCalls).toContain('upload:timeout');
    expect(sii.uploadAttempts).toHaveLength(2);
    // Past the repeat window (0 here) the SII was asked (FAU: it does not have it) and the document
    // went in a new envelope; the abandoned one was closed as settled, and nothing was ever failed.
    expect((await store.documents.history(rut, document.id)).map((entry) => entry.to)).not.toContain('failed');
    const envelopes = await store.envelopes.ofDocument(rut, document.id);
    expect(envelopes.map((envelope) => envelope.state)).toEqual(['processed', 'processed']);
    expect(envelopes[0]!.detail).toMatchObject({ settledBy: 'QueryEstDte' });
  });

  it('asks the SII before re-sending documents whose upload was interrupted', async () => {
    const { store } = world();
    const { rut, sii } = await world().company();
    const kept = await world().document(rut, 21);
    const lost = await world().document(rut, 22);
    // The state a worker leaves when it dies between startAttempt and recordTrackId.
    for (const document of [kept, lost]) await store.documents.transition(rut, document.id, 'queued');
    const envelope = await store.envelopes.create(rut, { xml: Buffer.from('<EnvioDTE/>'), documentIds: [kept.id, lost.id] });
    await store.envelopes.startAttempt(rut, envelope.id);
    sii.documentStates.set(21, 'DOK');
    const { report } = await world().startQueue(createRunner);
    expect(report.interrupted).toBeGreaterThanOrEqual(2);
    await world().until(rut, kept.id, 'accepted');
    await world().until(rut, lost.id, 'accepted');
    expect(sii.documentCalls.map((query) => query.folio).sort()).toEqual([21, 22]);
    expect(sii.uploadsTaken.map((upload) => upload.documents.map((document) => document.folio))).toEqual([[22]]);
    expect(await world().states(rut, kept.id)).toEqual(['signed', 'queued', 'submitted', 'accepted']);
    const audit = await store.audit.list(rut);
    expect(audit.map((entry) => `${entry.action}:${entry.target}`)).toContain(`document.resend_after_interrupted_upload:${lost.id}`);
  });

  it('polls the status with growing waits until the SII decides', async () => {
    const { rut, sii } = await world().company();
    sii.statuses = [inProgress('REC'), inProgress('SOK'), inProgress('CRT')];
    const { queue } = await world().startQueue(createRunner);
    const document = await world().document(rut, 1);
    queue.documentsReady(rut);
    await world().until(rut, document.id, 'accepted');
    expect(sii.statusCalls).toHaveLength(4);
    const gaps = sii.statusCalls.slice(1).map((call, index) => call.at - (sii.statusCalls[index]?.at ?? 0));
    // Waits of 40, 80 and 80 ms (20 × 2^poll, capped at 80), less up to a fifth drawn at random (the
    // polling's jitter), give or take the timers' precision.
    expect(gaps[0]).toBeGreaterThanOrEqual(30);
    expect(gaps[1]).toBeGreaterThanOrEqual(60);
    expect(gaps[2]).toBeGreaterThanOrEqual(60);
  });

  it('recreates lost jobs from the database at start', async () => {
    const { store } = world();
    const { rut, sii } = await world().company();
    const waiting = await world().document(rut, 31);
    const sent = await world().document(rut, 32);
    // An envelope uploaded before the jobs were lost (Redis flushed, or the process gone).
    const first = await world().startQueue(createRunner);
    first.queue.documentsReady(rut);
    await waitFor(async () => (sii.uploadsTaken.length > 0 ? true : undefined), 'the first upload');
    await world().closeQueues();
    const pending = await world().document(rut, 33);
    sii.statuses = [];
    const { queue } = await world().startQueue(createRunner);
    await world().until(rut, pending.id, 'accepted');
    for (const document of [waiting, sent]) await world().until(rut, document.id, 'accepted');
    expect(await queue.depth()).toBeGreaterThanOrEqual(0);
    expect((await store.envelopes.awaitingVerdict()).filter((envelope) => envelope.companyRut === rut)).toEqual([]);
  });
}
