/**
 * Errors as RFC 9457 problem documents (`application/problem+json`). This is the one place that maps
 * an error code to an HTTP status, for every DteError code (those only HTTP raises too: a body that is
 * not JSON, too large, of the wrong type; a JWKS provider that does not answer).
 */
import { z } from 'zod';
import { DteError, type DteErrorCode } from '../core/errors.ts';

/**
 * The status of every code, and its title. The record is typed by the code union, so a code added to
 * src/core/errors.ts does not compile until it is given a status here.
 */
export const STATUS_OF_CODE: Readonly<Record<DteErrorCode, { status: number; title: string }>> = {
  VALIDATION_FAILED: { status: 422, title: 'The request has problems' },
  TOTALS_MISMATCH: { status: 422, title: 'The totals given differ from the computed ones' },
  CERTIFICATE_INVALID: { status: 422, title: 'The certificate cannot be used' },
  CAF_INVALID: { status: 422, title: 'The CAF cannot be used' },
  CAF_UNTRUSTED: { status: 422, title: 'The CAF is not signed by the SII' },
  CAF_FOLIO_OUT_OF_RANGE: { status: 422, title: "The folio is outside the CAF's range" },
  // No folios left is the company's state, not a fault of the request: it conflicts until a CAF is loaded.
  CAF_EXHAUSTED: { status: 409, title: 'No folios left' },
  XML_INVALID: { status: 422, title: 'The XML cannot be used' },
  SII_UNAVAILABLE: { status: 503, title: 'The SII cannot be reached' },
  SII_REJECTED: { status: 422, title: 'The SII refused the document' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  CONFLICT: { status: 409, title: 'Conflict with the current state' },
  UNAUTHORIZED: { status: 401, title: 'Authentication required' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTERNAL: { status: 500, title: 'Internal error' },
  MALFORMED_REQUEST: { status: 400, title: 'The request cannot be read' },
  BODY_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  AUTH_UNAVAILABLE: { status: 503, title: 'Tokens cannot be verified now' },
  DATABASE_UNAVAILABLE: { status: 503, title: 'The database cannot be reached' },
  ODOO_FAILED: { status: 502, title: 'Odoo refused or did not answer' },
  DELIVERY_FAILED: { status: 502, title: 'A delivery was not accepted' },
  SLACK_FAILED: { status: 502, title: 'Slack refused or did not answer' },
  JOB_INVALID: { status: 500, title: 'Internal error' },
  AGENT_UNAVAILABLE: { status: 503, title: 'The agent\'s model provider cannot answer' },
};

/** The detail of every 5xx that is not a known outage: the error itself goes to the log only. */
export const GENERIC_DETAIL = 'Something went wrong on our side. It has been logged; quote the requestId when asking for help.';

/** Where the problem types are named. */
const TYPE_PREFIX = 'urn:dte:problem:';

/** Every error code, in the order of the table. */
const ERROR_CODES = Object.keys(STATUS_OF_CODE) as [DteErrorCode, ...DteErrorCode[]];

/**
 * A problem document (RFC 9457, `application/problem+json`). Members beyond RFC 9457's are `code`,
 * `requestId`, `problems` and `details`.
 */
export const problemDocumentSchema = z.looseObject({
  type: z.string().describe('A URN naming the kind of problem, e.g. urn:dte:problem:validation-failed.'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().describe('What went wrong, in a sentence a person can act on.'),
  code: z.enum(ERROR_CODES).describe('The stable error code.'),
  instance: z.string().describe('The path of the request.'),
  requestId: z.string().describe('The id of the request in the logs.'),
  problems: z.array(z.object({
    pointer: z.string().describe('JSON pointer into the body (/Detalle/2/QtyItem), or the name of a query or path parameter.'),
    message: z.string(),
  })).optional().describe('Every problem of a validation, each naming its field by a JSON pointer.'),
  details: z.record(z.string(), z.unknown()).optional()
    .describe('What an error adds (both totals of a mismatch, the company and type of an exhausted CAF).'),
}).describe('An RFC 9457 problem document (application/problem+json).');
export type ProblemDocument = z.infer<typeof problemDocumentSchema>;

/** Where a problem happened: the request's path and id. */
export interface ProblemPlace {
  instance: string;
  requestId: string;
}

/** The problem type URI of a code: `urn:dte:problem:validation-failed`. */
export function problemType(code: DteErrorCode): string {
  return TYPE_PREFIX + code.toLowerCase().replaceAll('_', '-');
}

/**
 * The problem document of a known error. Details of a 5xx never reach the client; an INTERNAL error's
 * message is replaced by GENERIC_DETAIL.
 */
export function problemOf(error: DteError, place: ProblemPlace): ProblemDocument {
  const { status, title } = STATUS_OF_CODE[error.code];
  const document: ProblemDocument = {
    type: problemType(error.code),
    title,
    status,
    detail: error.code === 'INTERNAL' ? GENERIC_DETAIL : error.message,
    code: error.code,
    instance: place.instance,
    requestId: place.requestId,
  };
  if (error instanceof DteError && status < 500) {
    if (error.problems.length > 0 || error.code === 'VALIDATION_FAILED') document.problems = error.problems;
    else if (error.details !== undefined && !Array.isArray(error.details)) document.details = error.details;
  }
  return document;
}

/** The problem document of a failure nobody foresaw: status 500, generic detail. */
export function internalProblem(place: ProblemPlace): ProblemDocument {
  return problemOf(new DteError('INTERNAL', GENERIC_DETAIL), place);
}
