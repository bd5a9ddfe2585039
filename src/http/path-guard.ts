/**
 * Refuses request paths with a `..` segment before any route sees them. No route of the API has one,
 * and a static file server given one answers an error of its own (a 403 from @fastify/send) that is
 * not a problem document; refusing them here makes the answer a 400 that says why.
 */
import type { FastifyInstance } from 'fastify';
import { DteError } from '../core/errors.ts';

/** A `..` segment, written plainly or percent-encoded, between slashes (plain, encoded or backslash). */
const DOT_SEGMENT = /(?:^|\/|\\|%2f|%5c)(?:\.|%2e){2}(?:$|\/|\\|%2f|%5c)/i;

/** Whether a request path (without its query) has a `..` segment in any spelling. */
export function hasDotSegment(path: string): boolean {
  return DOT_SEGMENT.test(path);
}

/** Installs the check as an `onRequest` hook; it must come before the access guard. */
export function installPathGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (hasDotSegment(path)) {
      throw new DteError('MALFORMED_REQUEST', "The path has a '..' segment: ask for a resource by its own path.");
    }
  });
}
