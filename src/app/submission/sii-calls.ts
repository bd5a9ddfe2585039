import { DteError } from '../../core/errors.ts';
import { UPLOAD_OUTCOME_UNKNOWN, type DocumentStatusQuery } from '../ports/sii-gateway.ts';
import type { DocumentRecord } from '../ports/index.ts';
import type { QueueSiiOperation, QueueSiiOutcome } from '../ports/submission-observer.ts';
import type { SubmissionContext } from './submission-context.ts';

/**
 * Calls the SII with a deadline and reports the outcome. The gateway gets an AbortSignal; a gateway
 * that ignores it is abandoned anyway when the deadline passes, with a retryable SII_UNAVAILABLE
 * error; for an upload the error says its outcome is unknown (the SII may have the file).
 */
export async function callSii<Result>(
  context: SubmissionContext,
  operation: QueueSiiOperation,
  work: (signal: AbortSignal) => Promise<Result>,
): Promise<Result> {
  const controller = new AbortController();
  const timeoutMs = context.settings.siiTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      // An upload cut short may have reached the SII: its outcome is unknown, so the envelope is kept
      // unconfirmed and the SII is asked before anything is sent again (never failed outright).
      const error = new DteError('SII_UNAVAILABLE', `The SII did not answer the ${operation.replace('_', ' ')} within ${timeoutMs} ms; it will be asked again.`, {
        retryable: true, details: { operation, timeoutMs, timedOut: true, ...(operation === 'upload' ? { [UPLOAD_OUTCOME_UNKNOWN]: true } : {}) },
      });
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    const result = await Promise.race([work(controller.signal), deadline]);
    context.observer.siiCall?.(operation, 'ok');
    return result;
  } catch (error) {
    context.observer.siiCall?.(operation, outcomeOf(error));
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function outcomeOf(error: unknown): QueueSiiOutcome {
  if (!(error instanceof DteError)) return 'error';
  if (error.code === 'SII_REJECTED') return 'rejected';
  const details = Array.isArray(error.details) ? undefined : error.details;
  return details?.timedOut === true || /time(d)? ?out/i.test(error.message) ? 'timeout' : 'error';
}

/** Whether asking again later can help: retryable DteErrors and anything that is not a DteError (a bug or an outage). */
export function isRetryable(error: unknown): boolean {
  return error instanceof DteError ? error.retryable : true;
}

/** What QueryEstDte needs to find a stored document: the values as the SII recorded them. */
export function documentQuery(document: DocumentRecord): DocumentStatusQuery {
  return {
    companyRut: document.companyRut,
    receiverRut: document.receiverRut,
    type: document.type,
    folio: document.folio,
    issueDate: document.issueDate,
    totalAmount: document.totalAmount,
  };
}
