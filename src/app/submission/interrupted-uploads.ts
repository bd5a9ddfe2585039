import type { DocumentRecord, DocumentStatus, EnvelopeRecord, PendingDocument } from '../ports/index.ts';
import { decide, type DocumentDecision } from './decide.ts';
import { markFailed, messageOf, moveDocument, settle } from './document-changes.ts';
import { callSii, documentQuery } from './sii-calls.ts';
import type { SubmissionContext } from './submission-context.ts';

/** What settling interrupted uploads leaves to do. */
export interface Reconciliation {
  /** Envelopes to upload again byte for byte, with their documents: within the SII's repeat window. */
  repeat: Array<{ envelope: EnvelopeRecord; documents: DocumentRecord[] }>;
  /** Documents the SII does not have: safe to send in a new envelope. */
  resend: DocumentRecord[];
}

/**
 * Documents whose upload may have reached the SII: a worker died between `startAttempt` and
 * `recordTrackId` (the envelope is `uploading`), or the upload's answer was lost (`unconfirmed`).
 * Nothing of theirs is sent anywhere else before the SII's side is known; `decide` says, per
 * envelope, whether the same file goes again (within the repeat window of its first upload) or each
 * document is looked up with QueryEstDte: recorded becomes `submitted` then `accepted`, never sent
 * again; not recorded is sent in a new envelope, with an audit entry saying why; anything else is
 * `failed` for a person to look at. The old envelope is then closed as settled.
 * A retryable QueryEstDte failure is thrown: the submission is retried and asks again.
 */
export async function reconcileInterrupted(context: SubmissionContext, documents: readonly PendingDocument[]): Promise<Reconciliation> {
  const byEnvelope = new Map<string, PendingDocument[]>();
  for (const document of documents) {
    const key = document.interruptedEnvelopeId ?? '';
    byEnvelope.set(key, [...(byEnvelope.get(key) ?? []), document]);
  }
  const repeat: Reconciliation['repeat'] = [];
  const resend: DocumentRecord[] = [];
  for (const [envelopeId, group] of byEnvelope) {
    const companyRut = group[0]!.companyRut;
    const envelope = envelopeId === '' ? undefined : await context.store.envelopes.get(companyRut, envelopeId);
    const ids = new Set(group.map((document) => document.id));
    const evidence = {
      kind: 'interrupted-upload' as const, now: context.clock(), repeatWindowMs: context.settings.repeatWindowMs, documents: group,
      envelope: envelope === undefined ? undefined : { state: envelope.state, createdAt: envelope.createdAt, complete: envelope.documentIds.every((id) => ids.has(id)) },
    };
    if (decide(evidence).kind === 'may-have-it') {
      repeat.push({ envelope: envelope!, documents: group });
      continue;
    }
    const lookups = new Map<string, DocumentStatus>();
    for (const document of group) lookups.set(document.id, await lookUp(context, document));
    const decided = decide({ ...evidence, lookups });
    const found: string[] = [];
    for (const document of group) {
      const decision = decided.kind === 'looked-up' ? decided.documents.get(document.id) : undefined;
      if (await act(context, document, decision, lookups.get(document.id)!, resend)) found.push(document.id);
    }
    if (envelope !== undefined) {
      await context.store.envelopes.recordSettled(companyRut, envelope.id, {
        settledBy: 'QueryEstDte', foundAtSii: found, message: 'its upload was interrupted or unanswered; the SII was asked about each document',
      }).catch((error: unknown) => context.logger?.warn({ envelopeId: envelope.id, err: messageOf(error) }, 'could not close a settled envelope'));
    }
  }
  return { repeat, resend };
}

async function lookUp(context: SubmissionContext, document: PendingDocument): Promise<DocumentStatus> {
  const gateway = await context.gateways(document.companyRut);
  return callSii(context, 'document_status', (signal) => gateway.documentStatus(documentQuery(document), { signal }));
}

/** Does what the decision says for one looked-up document; true when the SII has it. */
async function act(context: SubmissionContext, document: PendingDocument, decision: DocumentDecision | undefined, answer: DocumentStatus, resend: DocumentRecord[]): Promise<boolean> {
  const log = context.logger?.child({ company: document.companyRut, type: document.type, folio: document.folio });
  if (decision?.kind === 'verdict') {
    const submitted = await moveDocument(context, document, 'submitted', {
      detail: { message: `the SII has it (QueryEstDte ${answer.state}) although its upload was interrupted or unanswered; not sent again` },
    });
    await settle(context, submitted, {
      state: decision.verdict, siiState: decision.siiState, codes: decision.codes, source: decision.source, ...(decision.note === undefined ? {} : { note: decision.note }),
    });
    log?.info({ siiState: answer.state }, 'interrupted upload: the SII has the document');
    return true;
  }
  if (decision?.kind === 'send-again') {
    await context.store.audit.record({
      actor: 'system:queue', action: 'document.resend_after_interrupted_upload', target: document.id, companyRut: document.companyRut,
      detail: { type: document.type, folio: document.folio, siiState: answer.state },
    }).catch((error: unknown) => log?.error({ err: messageOf(error) }, 'could not audit a resend'));
    resend.push(document);
    log?.warn({ siiState: answer.state }, 'interrupted upload: the SII does not have the document; sending it again');
    return false;
  }
  const message = decision?.kind === 'for-a-person' ? decision.message : `The SII's answer ${answer.state} about this document settles nothing.`;
  await markFailed(context, document, { message, codes: [{ code: answer.state, message: answer.meaning }], retryable: false, errorCode: 'SII_REJECTED' });
  log?.error({ siiState: answer.state }, 'interrupted upload: the SII answer is unclear; a person must look');
  return false;
}
