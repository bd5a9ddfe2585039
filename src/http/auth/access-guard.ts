/**
 * The guard every request passes first: it reads the bearer token, applies the rate limit (per token
 * subject, or per IP address without a valid token), refuses requests without a valid token, and has
 * the service's authorize decide the permission the route declares, before the body is read. Which
 * company a request may touch is decided by the same function, by the service (or, where a route
 * reads the body before it calls the service, by company-access.ts) once the company is known.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Actor, Authorize } from '../../app/ports/index.ts';
import { DteError } from '../../core/errors.ts';
import type { Authenticator } from './authenticator.ts';
import { unauthorized } from './authenticator.ts';
import { bindRequestLog } from '../request-log.ts';

/** How the guard works. */
export interface AccessGuardOptions {
  auth: Authenticator;
  /** The service's access decision; the guard asks it for the route's permission. */
  authorize: Authorize;
  /** Requests per minute per token subject (or IP address); 0 turns the limit off. */
  requestsPerMinute: number;
  /** Where the counters live when several instances share the limit; in memory otherwise. */
  redis?: Redis;
}

type Limiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Installs the guard as the first `onRequest` hook. Routes whose config says `access: 'public'` and
 * unknown routes (answered 404) skip it.
 */
export async function installAccessGuard(app: FastifyInstance, options: AccessGuardOptions): Promise<void> {
  app.decorateRequest('actor', null);
  app.decorateRequest('authorizeCompany', null);
  const limit = await createLimiter(app, options.requestsPerMinute, options.redis);
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (access === 'public' || request.is404) return;
    const identified = await identify(request, options.auth);
    if (identified instanceof Error) {
      await limit?.(request, reply);
      throw identified;
    }
    request.actor = identified;
    await limit?.(request, reply);
    bindRequestLog(request, { subject: identified.subject, role: identified.role });
    const permission = access?.permission ?? 'read';
    options.authorize(identified, permission);
    request.authorizeCompany = (companyRut) => options.authorize(identified, permission, companyRut);
  });
}

/** The caller of a guarded route. Routes call this; the guard has set the actor before any handler. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new DteError('INTERNAL', 'A guarded route ran without an actor: its access is misconfigured.');
  return request.actor;
}

/** The actor a request's token proves, or the error to answer with. */
async function identify(request: FastifyRequest, auth: Authenticator): Promise<Actor | Error> {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') {
    return new DteError('UNAUTHORIZED', 'This request needs a token: send the header Authorization: Bearer <token>.');
  }
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header);
  if (match === null || match[1] === undefined) {
    return unauthorized('The Authorization header must be "Bearer" followed by a token.');
  }
  try {
    const identity = await auth.verify(match[1]);
    const userAgent = request.headers['user-agent'];
    return { ...identity, ip: request.ip, ...(userAgent === undefined ? {} : { userAgent }) };
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
}

/** The rate limiter of @fastify/rate-limit, keyed by token subject or IP address. */
async function createLimiter(app: FastifyInstance, requestsPerMinute: number, redis: Redis | undefined): Promise<Limiter | undefined> {
  if (requestsPerMinute === 0) return undefined;
  await app.register(rateLimit, {
    global: false,
    // Shared by every instance; a Redis that does not answer lets requests through rather than failing them.
    ...(redis === undefined ? {} : { redis, nameSpace: 'dte-rate-limit:', skipOnError: true }),
    max: requestsPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => (request.actor === null ? `ip:${request.ip}` : `subject:${request.actor.subject}`),
    errorResponseBuilder: (_request, context) => new DteError(
      'RATE_LIMITED',
      `Too many requests: at most ${context.max} a minute for one token; try again in ${context.after}.`,
      { retryable: true },
    ),
  });
  const handler = app.rateLimit();
  return async (request, reply) => {
    await handler.call(app, request, reply);
  };
}
