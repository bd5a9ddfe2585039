import type { DocumentRecord, EnvelopeRecord, PendingDocument } from '../ports/index.ts';
import { markFailed, messageOf, moveDocument, settle } from './document-changes.ts';
import { presenceAtSii } from './document-outcomes.ts';
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
 * Nothing of theirs is sent anywhere else before the SII's side is known:
 * - within `repeatWindowMs` of the envelope's first upload, the same file is sent again: the SII
 *   answers a file it already has with its first track id, and processes one it never got;
 * - after it, each document is looked up with QueryEstDte: recorded (DOK, or modified by later
 *   notes) becomes `submitted` then `accepted`, never sent again; not recorded (FAU, FNA, EMP) is
 *   sent in a new envelope, with an audit entry saying why; recorded with other data (DNK) or an
 *   unknown state is `failed` for a person to look at. The old envelope is then closed as settled.
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
  const now = context.clock().getTime();
  for (const [envelopeId, group] of byEnvelope) {
    const companyRut = group[0]!.companyRut;
    const envelope = envelopeId === '' ? undefined : await context.store.envelopes.get(companyRut, envelopeId);
    const ids = new Set(group.map((document) => document.id));
    const whole = envelope !== undefined && envelope.documentIds.every((id) => ids.has(id));
    // The SII remembers a file from when it first got it: the window runs from the envelope's making
    // (just before its first upload), not from its last attempt, which each retry would move on.
    if (envelope !== undefined && whole && now - envelope.createdAt.getTime() < context.settings.repeatWindowMs) {
      repeat.push({ envelope, documents: group });
      continue;
    }
    const found: string[] = [];
    for (const document of group) {
      if (await lookUp(context, document, resend)) found.push(document.id);
    }
    if (envelope !== undefined) {
      await context.store.envelopes.recordSettled(companyRut, envelope.id, {
        settledBy: 'QueryEstDte', foundAtSii: found, message: 'its upload was interrupted or unanswered; the SII was asked about each document',
      }).catch((error: unknown) => context.logger?.warn({ envelopeId: envelope.id, err: messageOf(error) }, 'could not close a settled envelope'));
    }
  }
  return { repeat, resend };
}

/** Asks the SII about one document and acts on the answer; true when the SII has it. */
async function lookUp(context: SubmissionContext, document: PendingDocument, resend: DocumentRecord[]): Promise<boolean> {
  const gateway = await context.gateways(document.companyRut);
  const answer = await callSii(context, 'document_status', (signal) => gateway.documentStatus(documentQuery(document), { signal }));
  const log = context.logger?.child({ company: document.companyRut, type: document.type, folio: document.folio });
  const presence = presenceAtSii(answer);
  if (presence === 'recorded') {
    const submitted = await moveDocument(context, document, 'submitted', {
      detail: { message: `the SII has it (QueryEstDte ${answer.state}) although its upload was interrupted or unanswered; not sent again` },
    });
    await settle(context, submitted, {
      state: 'accepted', siiState: answer.state, codes: [{ code: answer.state, message: answer.meaning }], source: 'QueryEstDte',
      note: 'found at the SII after an interrupted or unanswered upload',
    });
    log?.info({ siiState: answer.state }, 'interrupted upload: the SII has the document');
    return true;
  }
  if (presence === 'not_recorded') {
    await context.store.audit.record({
      actor: 'system:queue', action: 'document.resend_after_interrupted_upload', target: document.id, companyRut: document.companyRut,
      detail: { type: document.type, folio: document.folio, siiState: answer.state },
    }).catch((error: unknown) => log?.error({ err: messageOf(error) }, 'could not audit a resend'));
    resend.push(document);
    log?.warn({ siiState: answer.state }, 'interrupted upload: the SII does not have the document; sending it again');
    return false;
  }
  const message = `The upload of this document was interrupted and the SII answers ${answer.state} (${answer.meaning}) about it: `
    + 'check at the SII whether this folio is used before sending it again (POST /v1/documents/:id/retry).';
  await markFailed(context, document, {
    message, codes: [{ code: answer.state, message: answer.meaning }], retryable: false, errorCode: 'SII_REJECTED',
  });
  log?.error({ siiState: answer.state }, 'interrupted upload: the SII answer is unclear; a person must look');
  return false;
}
