import type { DocumentRecord, PendingDocument } from '../ports/index.ts';
import { markFailed, messageOf, moveDocument, settle } from './document-changes.ts';
import { presenceAtSii } from './document-outcomes.ts';
import { callSii, documentQuery } from './sii-calls.ts';
import type { SubmissionContext } from './submission-context.ts';

/** What reconciling interrupted uploads leaves to do. */
export interface Reconciliation {
  /** Documents the SII does not have: safe to send again. */
  resend: DocumentRecord[];
  /** When some documents were interrupted too recently to ask about: how long to wait. */
  retryInMs?: number;
}

/**
 * Documents whose upload started and never ended (a worker died between `startAttempt` and
 * `recordTrackId`): the SII may have them. Each is looked up with QueryEstDte before anything is
 * sent again, so a folio is never submitted twice without a record of it:
 * - recorded (DOK, or modified by later notes): `submitted` then `accepted`, never sent again;
 * - not recorded (FAU, FNA, EMP): sent again in a new envelope, with an audit entry saying why;
 * - recorded with other data (DNK) or an unknown state: `failed` for a person to look at.
 * Documents interrupted less than `interruptedUploadSettleMs` ago wait: the SII may have the file
 * and not yet have processed it, and would answer FAU. A retryable QueryEstDte failure is thrown:
 * the submission is retried and asks again.
 */
export async function reconcileInterrupted(context: SubmissionContext, documents: readonly PendingDocument[]): Promise<Reconciliation> {
  const resend: DocumentRecord[] = [];
  let retryInMs: number | undefined;
  const now = context.clock().getTime();
  for (const document of documents) {
    const wait = context.settings.interruptedUploadSettleMs - (now - document.updatedAt.getTime());
    if (wait > 0) {
      retryInMs = Math.min(retryInMs ?? wait, wait);
      continue;
    }
    const gateway = await context.gateways(document.companyRut);
    const answer = await callSii(context, 'document_status', (signal) => gateway.documentStatus(documentQuery(document), { signal }));
    const log = context.logger?.child({ company: document.companyRut, type: document.type, folio: document.folio });
    const presence = presenceAtSii(answer);
    if (presence === 'recorded') {
      const submitted = await moveDocument(context, document, 'submitted', {
        detail: { message: `the SII has it (QueryEstDte ${answer.state}) although its upload was interrupted; not sent again` },
      });
      await settle(context, submitted, {
        state: 'accepted', siiState: answer.state, codes: [{ code: answer.state, message: answer.meaning }], source: 'QueryEstDte',
        note: 'found at the SII after an interrupted upload',
      });
      log?.info({ siiState: answer.state }, 'interrupted upload: the SII has the document');
    } else if (presence === 'not_recorded') {
      await context.store.audit.record({
        actor: 'system:queue', action: 'document.resend_after_interrupted_upload', target: document.id, companyRut: document.companyRut,
        detail: { type: document.type, folio: document.folio, siiState: answer.state },
      }).catch((error: unknown) => log?.error({ err: messageOf(error) }, 'could not audit a resend'));
      resend.push(document);
      log?.warn({ siiState: answer.state }, 'interrupted upload: the SII does not have the document; sending it again');
    } else {
      const message = `The upload of this document was interrupted and the SII answers ${answer.state} (${answer.meaning}) about it: `
        + 'check at the SII whether this folio is used before sending it again (POST /v1/documents/:id/retry).';
      await markFailed(context, document, {
        message, codes: [{ code: answer.state, message: answer.meaning }], retryable: false, errorCode: 'SII_REJECTED',
      });
      log?.error({ siiState: answer.state }, 'interrupted upload: the SII answer is unclear; a person must look');
    }
  }
  return retryInMs === undefined ? { resend } : { resend, retryInMs };
}
