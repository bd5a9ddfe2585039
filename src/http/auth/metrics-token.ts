/**
 * The bearer token of `/metrics` (METRICS_TOKEN), as Prometheus sends it (`authorization:
 * credentials` in a scrape config). It is not a JWT: it names no one and gives no other access.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { DteError } from '../../core/errors.ts';
import { unauthorized } from './authenticator.ts';

/**
 * An `onRequest` hook that lets through only requests whose `Authorization: Bearer` is `token`,
 * compared in constant time; others get a 401 problem.
 */
export function requireMetricsToken(token: string): (request: FastifyRequest) => Promise<void> {
  const expected = digest(token);
  return async (request) => {
    const header = request.headers.authorization;
    if (header === undefined || header.trim() === '') {
      throw new DteError('UNAUTHORIZED', 'The metrics need a token: send Authorization: Bearer <METRICS_TOKEN>.');
    }
    const given = /^Bearer +(\S+) *$/i.exec(header)?.[1];
    if (given === undefined || !timingSafeEqual(digest(given), expected)) throw unauthorized('The metrics token is not the one configured.');
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
