import { DteError } from '../../core/errors.ts';
import type { DocumentStatusQuery } from '../ports/sii-gateway.ts';
import type { DocumentRecord } from '../ports/index.ts';
import type { QueueSiiOperation, QueueSiiOutcome } from '../ports/submission-observer.ts';
import type { SubmissionContext } from './submission-context.ts';

/**
 * Calls the SII with a deadline and reports the outcome. The gateway gets an AbortSignal; a gateway
 * that ignores it is abandoned anyway when the deadline passes, with a retryable SII_UNAVAILABLE
 * error marked `timedOut` (an upload cut short may have reached the SII: `decide` says what that means).
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
      const error = new DteError('SII_UNAVAILABLE', `The SII did not answer the ${operation.replace('_', ' ')} within ${timeoutMs} ms; it will be asked again.`, {
        retryable: true, details: { operation, timeoutMs, [TIMED_OUT]: true },
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

/** The details key of an SII call the queue's deadline abandoned. */
const TIMED_OUT = 'timedOut';

/** Whether the queue's deadline abandoned the call that failed with `error`. */
export function isDeadlineTimeout(error: unknown): boolean {
  return error instanceof DteError && !Array.isArray(error.details) && error.details?.[TIMED_OUT] === true;
}

function outcomeOf(error: unknown): QueueSiiOutcome {
  if (!(error instanceof DteError)) return 'error';
  if (error.code === 'SII_REJECTED') return 'rejected';
  return isDeadlineTimeout(error) || /time(d)? ?out/i.test(error.message) ? 'timeout' : 'error';
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
