/**
 * Adds what becomes known during a request (who calls, which company, type, folio and document) to
 * the request's child logger, so every later line of that request carries it.
 */
import type { FastifyRequest } from 'fastify';
import { documentBindings, type DocumentContext } from '../observability/logger.ts';

/** What a request's log lines may carry besides the document. */
export interface RequestContext extends DocumentContext {
  subject?: string;
  role?: string;
}

/** Binds the known fields to the request's logger (a pino child made for this request only). */
export function bindRequestLog(request: FastifyRequest, context: RequestContext): void {
  const log = request.log as FastifyRequest['log'] & { setBindings?: (bindings: Record<string, unknown>) => void };
  log.setBindings?.(documentBindings(context));
}
