import { randomUUID } from 'node:crypto';
import { buildEnvelope, SII_RUT } from '../../core/build-envelope.ts';
import { DteError } from '../../core/errors.ts';
import { isUploadOutcomeUnknown, type DocumentRecord, type EnvelopeRecord, type Store } from '../ports/index.ts';
import { failureFrom, markFailed } from './document-changes.ts';
import { callSii, isDeadlineTimeout } from './sii-calls.ts';
import { decide } from './decide.ts';
import { JOB_NAMES } from '../ports/jobs.ts';
import { statusKey, type SubmissionContext } from './submission-context.ts';

/**
 * Builds and stores the EnvioDTE of a batch, moving its documents to `queued` in the same
 * transaction. The Caratula carries the SII as receiver (60803000-K), the company's resolution
 * number and date and the certificate owner as sender. A batch that cannot be enveloped (no
 * certificate, a company not registered, a stored DTE that is not signed) fails its documents with
 * the reason, for a person to fix: retrying would not change it. Returns undefined then.
 */
export async function buildAndStoreEnvelope(
  context: SubmissionContext, companyRut: string, batch: readonly DocumentRecord[],
): Promise<{ envelope: EnvelopeRecord; documents: DocumentRecord[] } | undefined> {
  const { store } = context;
  const envelopeId = randomUUID();
  let xml: Buffer;
  try {
    const company = await store.companies.get(companyRut);
    if (company === undefined) throw new DteError('NOT_FOUND', `Company ${companyRut} is not registered in this service.`);
    const certificate = await context.certificates.certificate(store, companyRut);
    const documents = await Promise.all(batch.map(async (document) => {
      const bytes = await store.documents.getXml(companyRut, document.id);
      if (bytes === undefined) throw new DteError('INTERNAL', `Document ${document.id} has no stored XML.`);
      return bytes;
    }));
    xml = buildEnvelope({
      documents, certificate, RutReceptor: SII_RUT,
      FchResol: company.resolutionDate, NroResol: company.resolutionNumber, signedAt: context.clock(),
    });
  } catch (error) {
    if (!(error instanceof DteError) || error.retryable) throw error;
    const failure = failureFrom(error);
    context.logger?.error({ company: companyRut, err: failure.message }, 'documents could not be put in an envelope');
    for (const document of batch) await markFailed(context, document, failure);
    return undefined;
  }
  const stored = await store.transaction(async (transaction) => {
    const documents: DocumentRecord[] = [];
    for (const document of batch) {
      documents.push(document.state === 'queued' ? document : await transaction.documents.transition(companyRut, document.id, 'queued', {
        detail: { message: 'picked for an envelope', envelopeId },
      }));
    }
    const envelope = await transaction.envelopes.create(companyRut, { id: envelopeId, xml, documentIds: batch.map((document) => document.id) });
    return { envelope, documents };
  });
  for (const document of batch) if (document.state !== 'queued') context.observer.documentState?.(document.type, 'queued');
  return stored;
}

/**
 * Uploads a stored envelope. First, in one transaction, its failed documents go back to `queued`
 * (each attempt is in their history, and recovery measures an interrupted attempt from it) and
 * `startAttempt` marks the envelope `uploading`, so a worker that dies during the upload leaves that
 * behind (recovery then asks the SII before sending again). Then the upload; then `recordTrackId`
 * (documents → submitted) and the first status job. A retryable failure records itself on the
 * envelope and the documents (→ failed, with the reason) and is thrown, so the runner retries the
 * submission, which uploads this same envelope again. A failure after which the SII may have the
 * file (its outcome unknown) leaves the envelope `unconfirmed` and the documents queued, and is
 * thrown too: the next run settles it with the SII first (`decide` says which it is). A refusal (the SII said no: sender not
 * authorised, schema, signature) fails the documents for good with the SII's message: a person
 * fixes the cause and asks for a retry (POST /v1/documents/:id/retry).
 */
export async function uploadEnvelope(
  context: SubmissionContext, envelope: EnvelopeRecord, candidates: readonly DocumentRecord[],
): Promise<void> {
  const { store } = context;
  const companyRut = envelope.companyRut;
  const { documents, started } = await store.transaction(async (transaction) => ({
    documents: await requeue(transaction, envelope.id, candidates),
    started: await transaction.envelopes.startAttempt(companyRut, envelope.id),
  }));
  for (const document of candidates) if (document.state === 'failed') context.observer.documentState?.(document.type, 'queued');
  const log = context.logger?.child({ company: companyRut, envelopeId: envelope.id, documents: documents.length });
  let trackId: string;
  let repeated: boolean;
  try {
    const xml = await store.envelopes.getXml(companyRut, envelope.id);
    if (xml === undefined) throw new DteError('INTERNAL', `Envelope ${envelope.id} has no stored XML.`);
    const gateway = await context.gateways(companyRut);
    const receipt = await callSii(context, 'upload', (signal) => gateway.upload(xml, { companyRut, fileName: `EnvioDTE-${envelope.id}.xml`, signal }));
    trackId = receipt.trackId;
    repeated = receipt.repeated;
  } catch (error) {
    const failure = failureFrom(error, envelope.id);
    const decision = decide({
      kind: 'upload-failed', errorCode: failure.errorCode, retryable: failure.retryable, envelopeState: envelope.state,
      mayHaveDelivered: isUploadOutcomeUnknown(error), timedOut: isDeadlineTimeout(error),
    });
    if (decision.kind === 'may-have-it') {
      // The SII may have the file: the documents are not failed, and nothing of theirs is sent
      // elsewhere until the SII's side is known (reconcileInterrupted, on the next run).
      await store.envelopes.recordUnconfirmed(companyRut, envelope.id, {
        message: `${failure.message} The SII may have received the envelope: it will be asked before the documents are sent again.`,
        errorCode: failure.errorCode, attempt: started.attempts, outcomeUnknown: true,
      });
      log?.warn({ attempt: started.attempts, err: failure.message }, 'upload outcome unknown: the SII will be asked before anything is sent again');
      throw error;
    }
    await store.envelopes.recordFailure(companyRut, envelope.id, {
      message: failure.message, errorCode: failure.errorCode, retryable: decision.retryable, attempt: started.attempts,
    });
    for (const document of documents) await markFailed(context, document, { ...failure, retryable: decision.retryable });
    log?.warn({ attempt: started.attempts, retryable: decision.retryable, err: failure.message }, 'upload failed');
    if (decision.retryable) throw error;
    return;
  }
  await store.envelopes.recordTrackId(companyRut, envelope.id, trackId, repeated ? { repeated: true } : undefined);
  for (const document of documents) context.observer.documentState?.(document.type, 'submitted');
  log?.info({ trackId, repeated }, 'envelope uploaded');
  await context.runner.add(JOB_NAMES.status, { companyRut, envelopeId: envelope.id, poll: 1 }, {
    delay: context.settings.statusFirstDelayMs, key: statusKey(envelope.id),
  });
}

/** Moves the failed documents of an envelope about to be uploaded again back to `queued`. */
async function requeue(store: Store, envelopeId: string, documents: readonly DocumentRecord[]): Promise<DocumentRecord[]> {
  const result: DocumentRecord[] = [];
  for (const document of documents) {
    result.push(document.state !== 'failed' ? document : await store.documents.transition(document.companyRut, document.id, 'queued', {
      detail: { message: 'uploading its envelope again', envelopeId },
    }));
  }
  return result;
}
