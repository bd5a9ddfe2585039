import type { SiiGateway } from '../ports/sii-gateway.ts';
import { judgeEnvelope, type JudgedEnvelopeStatus } from './verdicts.ts';
import type { DocumentRecord, EnvelopeRecord } from '../ports/index.ts';
import { failureFrom, markFailed, settle, tell, VERDICT_STATES } from './document-changes.ts';
import { outcomeFromDocumentStatus, outcomeFromEnvelope, presenceAtSii, rejectsWholeEnvelope, type DocumentOutcome } from './document-outcomes.ts';
import { callSii, documentQuery, isRetryable } from './sii-calls.ts';
import { JOB_NAMES } from './settings.ts';
import { statusKey, type SubmissionContext } from './submission-context.ts';

/** The data of a `status` job. */
export interface StatusJobData {
  companyRut: string;
  envelopeId: string;
  /** Which question this is, from 1: the next waits `statusFirstDelayMs × 2^poll`, capped. */
  poll: number;
}

/**
 * The `status` job of one envelope: asks QueryEstUp once. Not final yet (or the SII could not
 * answer): the next question is queued with a longer wait, up to `statusMaxDelayMs`, without end,
 * because only the SII's answer may decide. Final: every document gets its verdict and codes
 * (applyVerdicts) and the envelope is marked processed. A question the SII refuses for good (the
 * envelope is not the company's) fails the documents for a person; the envelope stays `uploaded`,
 * so the next start asks again.
 */
export async function runStatus(context: SubmissionContext, data: StatusJobData): Promise<void> {
  const { companyRut, envelopeId } = data;
  const envelope = await context.store.envelopes.get(companyRut, envelopeId);
  if (envelope?.state !== 'uploaded' || envelope.trackId === null) return;
  const trackId = envelope.trackId;
  const log = context.logger?.child({ company: companyRut, envelopeId, trackId });
  const gateway = await context.gateways(companyRut);
  let status: JudgedEnvelopeStatus;
  try {
    status = judgeEnvelope(await callSii(context, 'envelope_status', (signal) => gateway.envelopeStatus(trackId, companyRut, { signal })));
  } catch (error) {
    if (isRetryable(error)) {
      log?.warn({ poll: data.poll, err: error instanceof Error ? error.message : String(error) }, 'status question failed; asking again later');
      await askAgain(context, data);
      return;
    }
    const failure = { ...failureFrom(error, envelopeId), retryable: false };
    for (const document of await documentsOf(context, envelope)) await markFailed(context, document, failure);
    return;
  }
  if (!status.final) {
    log?.debug({ poll: data.poll, state: status.state }, 'the SII has not decided yet');
    await askAgain(context, data);
    return;
  }
  await applyVerdicts(context, gateway, envelope, status);
  log?.info({ state: status.state, verdict: status.verdict }, 'envelope processed');
}

/** Queues the next question, twice as far off as the last, capped. */
async function askAgain(context: SubmissionContext, data: StatusJobData): Promise<void> {
  const { statusFirstDelayMs, statusMaxDelayMs } = context.settings;
  const delay = Math.min(statusFirstDelayMs * 2 ** Math.min(data.poll, 30), statusMaxDelayMs);
  await context.runner.add(JOB_NAMES.status, { ...data, poll: data.poll + 1 }, { delay, key: statusKey(data.envelopeId) });
}

/**
 * Gives each document of a processed envelope its final state. Documents already final (a run
 * that died before marking the envelope processed) are told to the listener again and left alone.
 * When the envelope's answer cannot tell a document's fate, QueryEstDte is asked; when that cannot
 * tell either, the document is failed for a person, never accepted. A retryable QueryEstDte error
 * is thrown: the job is retried and picks up where it stopped.
 */
async function applyVerdicts(context: SubmissionContext, gateway: SiiGateway, envelope: EnvelopeRecord, status: JudgedEnvelopeStatus): Promise<void> {
  for (const document of await documentsOf(context, envelope)) {
    if (VERDICT_STATES.has(document.state)) {
      await tell(context, document);
      continue;
    }
    if (document.state !== 'submitted' && document.state !== 'failed') continue;
    let outcome: DocumentOutcome = outcomeFromEnvelope(status, document);
    if (outcome.kind === 'ask') {
      const answer = await callSii(context, 'document_status', (signal) => gateway.documentStatus(documentQuery(document), { signal }));
      outcome = outcomeFromDocumentStatus(answer, status.counts.find((count) => count.type === document.type));
    }
    // A refusal as a repeat, or one the counts alone give (the real getEstUp has no line per document,
    // and a repeat of a document the SII holds counts as rejected), is checked with QueryEstDte first.
    const unexplained = outcome.kind === 'verdict' && outcome.source === 'counts' && outcome.codes.length === 0;
    if (outcome.kind === 'verdict' && outcome.verdict === 'rejected' && (unexplained || outcome.codes.some((code) => REPEAT_CODES.has(code.code)))) {
      outcome = await repeatedDocument(context, gateway, envelope, document, outcome);
    }
    if (outcome.kind === 'verdict') {
      await settle(context, document, {
        state: outcome.verdict, siiState: outcome.siiState, codes: outcome.codes, source: outcome.source, envelopeId: envelope.id,
        ...(outcome.note === undefined ? {} : { note: outcome.note }),
      });
    } else if (outcome.kind === 'unclear') {
      await markFailed(context, document, {
        message: outcome.message, codes: [{ code: outcome.siiState, message: outcome.message }], retryable: false, errorCode: 'SII_REJECTED', envelopeId: envelope.id,
      });
    }
  }
  await context.store.envelopes.markProcessed(envelope.companyRut, envelope.id, {
    state: status.state, verdict: status.verdict ?? null, wholeEnvelopeRejected: rejectsWholeEnvelope(status),
    counts: status.counts.map((count) => ({ ...count })), codes: status.codes.map((code) => ({ ...code })),
  });
}

/**
 * The codes by which the SII refuses a document it already holds: DTE-3-100 (DTE repetido) and
 * DTE-3-101 (folio ya recibido). They are about the repeat, not about the document.
 */
const REPEAT_CODES: ReadonlySet<string> = new Set(['DTE-3-100', 'DTE-3-101']);

/**
 * A document refused as already received, or rejected by the counts alone with no reason given, is
 * never a rejection of the document when the SII holds it as this very document (QueryEstDte DOK:
 * its data match): it was accepted under an earlier envelope, and this one changes nothing. Its history says both: the repeat code of this envelope,
 * the QueryEstDte answer, and the earlier envelopes of ours. When the SII holds other data under
 * the folio (DNK) or does not answer DOK, the refusal stands.
 */
async function repeatedDocument(
  context: SubmissionContext, gateway: SiiGateway, envelope: EnvelopeRecord, document: DocumentRecord, refusal: Extract<DocumentOutcome, { kind: 'verdict' }>,
): Promise<DocumentOutcome> {
  const answer = await callSii(context, 'document_status', (signal) => gateway.documentStatus(documentQuery(document), { signal }));
  const repeat = refusal.codes.filter((code) => REPEAT_CODES.has(code.code)).map((code) => code.code).join(', ') || 'rejection by the counts alone';
  const earlier = (await context.store.envelopes.ofDocument(document.companyRut, document.id))
    .filter((candidate) => candidate.id !== envelope.id)
    .map((candidate) => `${candidate.id} (${candidate.state}${candidate.trackId === null ? ', no track id' : `, track id ${candidate.trackId}`})`);
  const history = `earlier envelopes with it: ${earlier.length === 0 ? 'none of ours' : earlier.join('; ')}`;
  if (presenceAtSii(answer) !== 'recorded') {
    return { ...refusal, note: `${repeat}, and QueryEstDte answers ${answer.state} (${answer.meaning}); ${history}` };
  }
  context.logger?.warn({ company: document.companyRut, type: document.type, folio: document.folio, repeat }, 'a repeated document the SII already holds: accepted, not rejected');
  return {
    kind: 'verdict', verdict: 'accepted', siiState: answer.state, source: 'QueryEstDte',
    codes: [{ code: answer.state, message: answer.meaning }],
    note: `the SII already holds this document (QueryEstDte ${answer.state}); this envelope's ${repeat} is about the repeat and changes nothing; ${history}`,
  };
}

async function documentsOf(context: SubmissionContext, envelope: EnvelopeRecord): Promise<DocumentRecord[]> {
  const documents = await Promise.all(envelope.documentIds.map((id) => context.store.documents.get(envelope.companyRut, id)));
  return documents.filter((document): document is DocumentRecord => document !== undefined);
}
