import { UPLOAD_OUTCOME_UNKNOWN } from '../app/ports/sii-gateway.ts';
import { DteError } from '../core/errors.ts';

/**
 * The errors of the SII client. Every one is a DteError: `SII_UNAVAILABLE` when the SII could not be
 * asked or gave no usable answer, `SII_REJECTED` when it answered no. `retryable` says whether asking
 * again can help. Messages and details never carry the token, the certificate or its password; text
 * that came from the SII is passed through `redact` before it is quoted.
 */

/** The SII could not be asked or its answer was unusable; retrying may help unless told otherwise. */
export function siiUnavailable(message: string, details: Record<string, unknown> = {}, options: { retryable?: boolean; cause?: unknown } = {}): DteError {
  return new DteError('SII_UNAVAILABLE', message, { details, retryable: options.retryable ?? true, cause: options.cause });
}

/** The SII answered no; retrying the same request will get the same answer unless told otherwise. */
export function siiRejected(message: string, details: Record<string, unknown> = {}, retryable = false): DteError {
  return new DteError('SII_REJECTED', message, { details, retryable });
}

/**
 * An answer that is not what the protocol promises (not XML, an HTML page, a missing field). It is
 * retryable: the SII is known to answer garbage under load (HTML error pages with status 200, cut
 * bodies), and a later answer is usually sound. A persistent one trips the circuit breaker.
 */
export function malformedAnswer(what: string, reason: string, excerpt?: string): DteError {
  const details: Record<string, unknown> = { reason };
  if (excerpt !== undefined) details.answerStart = redact(excerpt).slice(0, 200);
  return siiUnavailable(`The SII's answer to ${what} could not be read: ${reason}. This happens when the SII is overloaded; try again later.`, details);
}

/**
 * The SII said the session token is not (or no longer) valid. The client catches it, gets a fresh
 * token and repeats the operation once; it never reaches callers unless the client is bypassed.
 */
export class TokenRejectedError extends DteError {
  /** The SII's code for the refusal (upload STATUS 5, HTTP 401, QueryEstUp ESTADO 001…). */
  readonly siiCode: string;

  constructor(what: string, siiCode: string, meaning: string) {
    super('SII_UNAVAILABLE', `The SII refused the session token for ${what} (${siiCode}: ${meaning}).`, {
      details: { siiCode, meaning },
      retryable: false,
    });
    this.name = 'TokenRejectedError';
    this.siiCode = siiCode;
  }
}

/** The details key that marks a fail-fast error of an open circuit breaker. */
export const CIRCUIT_OPEN = 'circuitOpen';

/** Whether an error is the fail-fast answer of an open circuit breaker (retrying at once is pointless). */
export function isCircuitOpen(error: unknown): boolean {
  return error instanceof DteError && !Array.isArray(error.details) && error.details?.[CIRCUIT_OPEN] === true;
}

/**
 * The details key of a retryable error that only a retry much later can fix (the SII's 900 s wait for
 * a repeated file): the client does not retry it at once.
 */
export const RETRY_LATER = 'retryLater';

/** Whether an error asks to be retried later rather than now. */
export function isRetryLater(error: unknown): boolean {
  return error instanceof DteError && !Array.isArray(error.details) && error.details?.[RETRY_LATER] === true;
}

/**
 * The details key of an upload that may have reached the SII although no usable answer came back
 * (a timeout, a reset connection, a 5xx or a malformed answer after the file was sent): the SII may
 * hold the envelope, so it must be asked before the documents are sent again.
 */
export const OUTCOME_UNKNOWN = UPLOAD_OUTCOME_UNKNOWN;

/** Network failures that happen before a request is sent: the SII cannot have received anything. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ERR_INVALID_URL']);

/**
 * Whether a failed attempt may have delivered its request: anything but a refusal the SII answered
 * (SII_REJECTED, a refused token, a 4xx), a connection that was never made, the breaker's fail-fast
 * error or a cancellation before sending.
 */
export function mayHaveDelivered(error: unknown): boolean {
  // Something unexpected in the middle of an exchange: assume the file may have gone.
  if (!(error instanceof DteError)) return true;
  if (error.code !== 'SII_UNAVAILABLE' || error instanceof TokenRejectedError || isCircuitOpen(error) || isRetryLater(error)) return false;
  const details = Array.isArray(error.details) ? {} : (error.details ?? {});
  if (typeof details.httpStatus === 'number') return details.httpStatus >= 500;
  if (typeof details.reason === 'string' && NEVER_SENT.has(details.reason)) return false;
  // A timeout, a reset connection, an unreadable answer, a cancellation while the file was going.
  return true;
}

/**
 * The same error, marked as the last of an upload of which some attempt may have reached the SII.
 * What that means for the envelope (a later refusal settles it; anything else leaves it unconfirmed)
 * is decided by the application (decide in src/app/submission).
 */
export function withUnknownOutcome(error: DteError): DteError {
  const details = Array.isArray(error.details) ? {} : (error.details ?? {});
  return new DteError(error.code, error.message, { details: { ...details, [OUTCOME_UNKNOWN]: true }, retryable: error.retryable, cause: error });
}

/** The details key that marks an operation cancelled by its caller. */
export const CANCELLED = 'cancelled';

/** Whether an error says the caller cancelled the operation. */
export function isCancelled(error: unknown): boolean {
  return error instanceof DteError && !Array.isArray(error.details) && error.details?.[CANCELLED] === true;
}

/**
 * Whether an error says the SII host is failing (so the circuit breaker counts it): a transport
 * failure, a timeout, a 5xx, a malformed answer, a transient SII state. A definite answer (a
 * rejection, a refused token, a 4xx) shows a live host and does not count; neither does a
 * cancellation, the breaker's own fail-fast error or a request to retry much later.
 */
export function isHostFailure(error: unknown): boolean {
  return error instanceof DteError
    && error.code === 'SII_UNAVAILABLE'
    && error.retryable
    && !(error instanceof TokenRejectedError)
    && !isCircuitOpen(error)
    && !isCancelled(error)
    && !isRetryLater(error);
}

/**
 * Removes what must never be quoted from text that came from the SII: the contents of TOKEN
 * elements, `TOKEN=` cookies, and every secret given (the current token, say).
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let result = text
    .replace(/(<TOKEN>)[^<]*(<\/TOKEN>)/gi, '$1[redacted]$2')
    .replace(/(&lt;TOKEN&gt;).*?(&lt;\/TOKEN&gt;)/gi, '$1[redacted]$2')
    .replace(/(TOKEN=)[^;\s"'<]+/gi, '$1[redacted]');
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  return result;
}

/**
 * Returns `error` with every secret (the session tokens this client used) removed from its message,
 * details and causes. Errors are built not to carry them; this is the last guard at the port's edge.
 */
export function scrubError(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof DteError)) return error;
  const live = secrets.filter((secret) => secret.length >= 4);
  const causes: string[] = [];
  for (let cause = error.cause, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth += 1) causes.push(cause.message);
  const text = [error.message, JSON.stringify(error.details ?? null), ...causes].join('\n');
  if (!live.some((secret) => text.includes(secret))) return error;
  const details = error.details === undefined ? undefined : JSON.parse(redact(JSON.stringify(error.details), live)) as DteError['details'];
  return new DteError(error.code, redact(error.message, live), { details, retryable: error.retryable });
}
