import type { DocumentStatus, EnvelopeStatus, SiiGateway } from '../ports/sii-gateway.ts';
import type { DocumentRecord, EnvelopeRecord } from '../ports/index.ts';
import { decide, type DocumentDecision, type EnvelopeDecision } from './decide.ts';
import { failureFrom, markFailed, messageOf, settle, tell } from './document-changes.ts';
import { isRetryable } from '../../core/retry.ts';
import { callSii, documentQuery } from './sii-calls.ts';
import { nextStatusDelay } from './settings.ts';
import { JOB_NAMES, type StatusJobData } from '../ports/jobs.ts';
import { statusKey, type SubmissionContext } from './submission-context.ts';

/**
 * The `status` job of one envelope: asks QueryEstUp once. Not final yet (or the SII could not
 * answer): the next question is queued with a longer wait, up to `statusMaxDelayMs`, without end,
 * because only the SII's answer may decide. Final: every document gets what `decide` makes of the
 * answer (with QueryEstDte asked for the documents it cannot tell) and the envelope is marked
 * processed. A question the SII refuses for good (the envelope is not the company's) fails the
 * documents for a person; the envelope stays `uploaded`, so the next start asks again.
 */
export async function runStatus(context: SubmissionContext, data: StatusJobData): Promise<void> {
  const { companyRut, envelopeId } = data;
  const envelope = await context.store.envelopes.get(companyRut, envelopeId);
  if (envelope?.state !== 'uploaded' || envelope.trackId === null) return;
  const trackId = envelope.trackId;
  const log = context.logger?.child({ company: companyRut, envelopeId, trackId });
  const gateway = await context.gateways(companyRut);
  let status: EnvelopeStatus;
  try {
    status = await callSii(context, 'envelope_status', (signal) => gateway.envelopeStatus(trackId, companyRut, { signal }));
  } catch (error) {
    if (isRetryable(error)) {
      log?.warn({ poll: data.poll, err: messageOf(error) }, 'status question failed; asking again later');
      await askAgain(context, data);
      return;
    }
    const failure = { ...failureFrom(error, envelopeId), retryable: false };
    for (const document of await documentsOf(context, envelope)) await markFailed(context, document, failure);
    return;
  }
  const documents = await documentsOf(context, envelope);
  const decision = await decideWithLookups(context, gateway, status, documents);
  if (decision.kind === 'ask-again') {
    log?.debug({ poll: data.poll, state: decision.status.state }, 'the SII has not decided yet');
    await askAgain(context, data);
    return;
  }
  for (const document of documents) await apply(context, envelope, document, decision.documents.get(document.id));
  const judged = decision.status;
  await context.store.envelopes.markProcessed(envelope.companyRut, envelope.id, {
    state: judged.state, verdict: judged.verdict ?? null, wholeEnvelopeRejected: decision.wholeEnvelopeRejected,
    counts: judged.counts.map((count) => ({ ...count })), codes: judged.codes.map((code) => ({ ...code })),
  });
  log?.info({ state: judged.state, verdict: judged.verdict }, 'envelope processed');
}

/**
 * Decides on the envelope's answer; the documents the answer cannot settle are looked up with
 * QueryEstDte and decided again with what it says. A retryable QueryEstDte error is thrown: the job
 * is retried and asks again.
 */
async function decideWithLookups(
  context: SubmissionContext, gateway: SiiGateway, status: EnvelopeStatus, documents: readonly DocumentRecord[],
): Promise<EnvelopeDecision> {
  const first = decide({ kind: 'envelope-status', status, documents });
  if (first.kind === 'ask-again') return first;
  const lookups = new Map<string, DocumentStatus>();
  for (const document of documents) {
    if (first.documents.get(document.id)?.kind !== 'look-up') continue;
    lookups.set(document.id, await callSii(context, 'document_status', (signal) => gateway.documentStatus(documentQuery(document), { signal })));
  }
  return lookups.size === 0 ? first : decide({ kind: 'envelope-status', status, documents, lookups });
}

/** Stores one document's decision: its verdict, a failure for a person, or the verdict it already had told again. */
async function apply(context: SubmissionContext, envelope: EnvelopeRecord, document: DocumentRecord, decision: DocumentDecision | undefined): Promise<void> {
  if (decision?.kind === 'already-decided') {
    await tell(context, document);
  } else if (decision?.kind === 'verdict') {
    const note = decision.repeat === undefined ? decision.note : `${decision.note}; ${await earlierEnvelopes(context, envelope, document)}`;
    if (decision.repeat !== undefined && decision.verdict === 'accepted') {
      context.logger?.warn({ company: document.companyRut, type: document.type, folio: document.folio, repeat: decision.repeat }, 'a repeated document the SII already holds: accepted, not rejected');
    }
    await settle(context, document, {
      state: decision.verdict, siiState: decision.siiState, codes: decision.codes, source: decision.source, envelopeId: envelope.id,
      ...(note === undefined ? {} : { note }),
    });
  } else if (decision?.kind === 'for-a-person') {
    await markFailed(context, document, {
      message: decision.message, codes: [{ code: decision.siiState, message: decision.message }], retryable: false, errorCode: 'SII_REJECTED', envelopeId: envelope.id,
    });
  }
}

/** The document's other envelopes of ours, for the history of a repeat. */
async function earlierEnvelopes(context: SubmissionContext, envelope: EnvelopeRecord, document: DocumentRecord): Promise<string> {
  const earlier = (await context.store.envelopes.ofDocument(document.companyRut, document.id))
    .filter((candidate) => candidate.id !== envelope.id)
    .map((candidate) => `${candidate.id} (${candidate.state}${candidate.trackId === null ? ', no track id' : `, track id ${candidate.trackId}`})`);
  return `earlier envelopes with it: ${earlier.length === 0 ? 'none of ours' : earlier.join('; ')}`;
}

/** Queues the next question, further off than the last (nextStatusDelay). */
async function askAgain(context: SubmissionContext, data: StatusJobData): Promise<void> {
  const delay = nextStatusDelay(context.settings, data.poll, context.random);
  await context.runner.add(JOB_NAMES.status, { ...data, poll: data.poll + 1 }, { delay, key: statusKey(data.envelopeId) });
}

async function documentsOf(context: SubmissionContext, envelope: EnvelopeRecord): Promise<DocumentRecord[]> {
  const documents = await Promise.all(envelope.documentIds.map((id) => context.store.documents.get(envelope.companyRut, id)));
  return documents.filter((document): document is DocumentRecord => document !== undefined);
}
