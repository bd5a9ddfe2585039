/**
 * Turns every error into a problem+json answer. DteErrors and the HTTP layer's own errors carry their
 * code; Fastify's errors about the request (validation, body too large, bad Content-Length) become the
 * client's fault with a 4xx, and so do a plugin's client errors (http-errors with `expose`); anything
 * else is a 500 whose detail says nothing and whose error is logged.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DteError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { drainRequest } from './drain-request.ts';
import { internalProblem, problemOf, type ProblemDocument, type ProblemPlace } from './problem.ts';

/** The media type of problem documents. */
export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** Seconds a client should wait before retrying after a 503. */
const RETRY_AFTER_OUTAGE_SECONDS = 30;

/** Installs the error and not-found handlers. */
export function installErrorHandling(app: FastifyInstance, options: { bodyLimitBytes: number }): void {
  app.setErrorHandler(async (error, request, reply) => {
    const known = knownError(error, options.bodyLimitBytes) ?? pluginClientError(error, request);
    if (known === undefined) {
      request.log.error({ err: error }, 'request failed unexpectedly');
      return sendProblem(reply, internalProblem(placeOf(request)));
    }
    const problem = problemOf(known, placeOf(request));
    // Fastify stops reading a body too large and closes the connection after the answer: read the
    // rest first (within bounds), so that a client still sending gets the 413 rather than a reset.
    if (known.code === 'BODY_TOO_LARGE') await drainRequest(request.raw);
    if (problem.status >= 500) request.log.error({ err: error }, `request failed: ${problem.code}`);
    else request.log.info({ code: problem.code, status: problem.status }, 'request refused');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    return sendProblem(reply, problemOf(new DteError('NOT_FOUND', `There is no ${request.method} ${path}.`), placeOf(request)));
  });
}

/**
 * Fastify's `frameworkErrors` option: the errors it meets before routing (a path that is not a valid
 * URL component, a path parameter longer than allowed), answered as problems like every other error.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const message = error.code === 'FST_ERR_BAD_URL'
    ? 'The path is not a valid URL: a % must start an escape of two hexadecimal digits.'
    : `The path cannot be read: ${error.message}.`;
  request.log.info({ code: error.code }, 'request refused before routing');
  void sendProblem(reply, problemOf(new DteError('MALFORMED_REQUEST', message), placeOf(request)));
}

/** Where a request's problem happened: its path (without the query) and its id. */
export function placeOf(request: FastifyRequest): ProblemPlace {
  return { instance: request.url.split('?')[0] ?? '/', requestId: request.id };
}

/** Sends a problem document with the headers its status calls for. */
export function sendProblem(reply: FastifyReply, problem: ProblemDocument): FastifyReply {
  if (problem.status === 401) reply.header('www-authenticate', challengeOf(problem));
  if (problem.status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', String(RETRY_AFTER_OUTAGE_SECONDS));
  if (problem.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
  return reply.code(problem.status).type(PROBLEM_TYPE).send(JSON.stringify(problem));
}

/** RFC 6750's challenge: bare when no token came, with `invalid_token` when one came and was refused. */
function challengeOf(problem: ProblemDocument): string {
  if (problem.details?.['error'] !== 'invalid_token') return 'Bearer realm="dte"';
  const description = problem.detail.replace(/["\\]/g, "'");
  return `Bearer realm="dte", error="invalid_token", error_description="${description}"`;
}

/** The error as one the problem table knows, or `undefined` for a failure nobody foresaw. */
function knownError(error: unknown, bodyLimitBytes: number): DteError | undefined {
  if (error instanceof DteError) return error;
  if (!isFastifyError(error)) return undefined;
  if (error.validation !== undefined) {
    const problems = error.validation.map((issue) => problemOfIssue(issue, error.validationContext ?? 'body'));
    return new DteError('VALIDATION_FAILED', 'The request has problems.', { details: problems });
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) return undefined;
  if (status === 413) return new DteError('BODY_TOO_LARGE', `The body is larger than ${bodyLimitBytes} bytes.`);
  if (status === 415) return new DteError('UNSUPPORTED_MEDIA_TYPE', 'The Content-Type of the body is not one this API reads: send application/json.');
  return new DteError('MALFORMED_REQUEST', error.message);
}

/**
 * A client error raised by a plugin in the http-errors convention (`expose` true, a 4xx `status`), as
 * @fastify/static raises for the docs page's files: a 404 stays a 404, anything else is a 400.
 */
function pluginClientError(error: unknown, request: FastifyRequest): DteError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { expose, status } = error as Error & { expose?: unknown; status?: unknown };
  if (expose !== true || typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (status === 404) return new DteError('NOT_FOUND', `There is no ${request.method} ${placeOf(request).instance}.`);
  return new DteError('MALFORMED_REQUEST', `The request was refused: ${error.message}.`);
}

/** Fastify's own errors, the only ones whose status code is believed. */
function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as FastifyError).code === 'string' && (error as FastifyError).code.startsWith('FST_');
}

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

/**
 * One schema validation issue as a problem. In the body it is named by a JSON pointer; in the query
 * string and the path by the parameter's name.
 */
function problemOfIssue(issue: ValidationIssue, context: string): Problem {
  const parameters = issue.params as Record<string, unknown>;
  const missing = typeof parameters['missingProperty'] === 'string' ? `/${parameters['missingProperty']}` : '';
  const extra = typeof parameters['additionalProperty'] === 'string' ? `/${parameters['additionalProperty']}` : '';
  const path = issue.instancePath + missing + extra;
  const name = path.split('/').pop() || (context === 'body' ? 'the body' : context);
  const pointer = context === 'body' ? path : path.replace(/^\//, '').replaceAll('/', '.');
  return { pointer, message: `${name} ${describeIssue(issue, parameters)}` };
}

function describeIssue(issue: ValidationIssue, parameters: Record<string, unknown>): string {
  switch (issue.keyword) {
    case 'required': return 'is required';
    case 'additionalProperties': return 'is not a known field';
    case 'enum': return `must be one of ${(parameters['allowedValues'] as unknown[]).join(', ')}`;
    case 'pattern': return 'does not have the expected form';
    case 'type': return parameters['type'] === 'integer' ? 'must be a whole number' : `must be ${String(parameters['type'])}`;
    case 'minimum': return `must be at least ${String(parameters['limit'])}`;
    case 'maximum': return `must be at most ${String(parameters['limit'])}`;
    default: return issue.message ?? 'is not valid';
  }
}
