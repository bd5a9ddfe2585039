import type { Problem } from './result.ts';

/**
 * Stable error codes of the whole product. The HTTP layer maps them to statuses and the CLI to exit
 * codes, each in one place.
 */
export type DteErrorCode =
  | 'VALIDATION_FAILED'
  | 'TOTALS_MISMATCH'
  | 'CERTIFICATE_INVALID'
  | 'CAF_INVALID'
  | 'CAF_UNTRUSTED'
  | 'CAF_FOLIO_OUT_OF_RANGE'
  | 'CAF_EXHAUSTED'
  | 'XML_INVALID'
  | 'SII_UNAVAILABLE'
  | 'SII_REJECTED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'MALFORMED_REQUEST'
  | 'BODY_TOO_LARGE'
  | 'AUTH_UNAVAILABLE'
  | 'DATABASE_UNAVAILABLE'
  | 'ODOO_FAILED'
  | 'DELIVERY_FAILED'
  | 'SLACK_FAILED'
  | 'JOB_INVALID'
  | 'AGENT_UNAVAILABLE'
  | 'INTERNAL';

export interface DteErrorOptions {
  details?: Problem[] | Record<string, unknown>;
  retryable?: boolean;
  cause?: unknown;
}

/** The one error family: a stable `code`, a message a person can act on, `details` and `retryable`. */
export class DteError extends Error {
  readonly code: DteErrorCode;
  readonly details: Problem[] | Record<string, unknown> | undefined;
  readonly retryable: boolean;

  constructor(code: DteErrorCode, message: string, options: DteErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DteError';
    this.code = code;
    this.details = options.details;
    this.retryable = options.retryable ?? false;
  }

  /** The problems carried by a validation error, or an empty list. */
  get problems(): Problem[] {
    return Array.isArray(this.details) ? this.details : [];
  }
}

/** Raises a validation error listing every problem. */
export function validationError(problems: Problem[], message = 'The request has problems.'): DteError {
  return new DteError('VALIDATION_FAILED', message, { details: problems });
}
