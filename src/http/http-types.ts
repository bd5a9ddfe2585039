/**
 * What the HTTP layer is given, and what it adds to Fastify's requests and route settings.
 */
import type { Redis } from 'ioredis';
import type { FastifyPluginAsync } from 'fastify';
import type { ConversationService } from '../app/ports/agent.ts';
import type { ReceivedService } from '../app/ports/received-service.ts';
import type { Actor, ActorDirectory, AlertChannelService, Authorize, CompanyService, DocumentService, FeedbackService, HealthCheck, Permission } from '../app/ports/services.ts';
import type { RegistryService } from '../app/ports/registry-service.ts';
import type { Config } from '../config/config.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Authenticator } from './auth/authenticator.ts';

/** The configuration the HTTP layer reads; the whole Config fits. */
export type HttpConfig = Pick<Config, 'bodyLimitBytes' | 'rateLimitPerMinute' | 'trustProxy' | 'callbackAllowPrivate' | 'metrics'>;

/** Everything buildApp needs. The HTTP layer calls these, never a database or the SII. */
export interface AppDependencies {
  documents: DocumentService;
  companies: CompanyService;
  /** The agent; without it `POST /v1/agent/ask` is not served. */
  conversations?: ConversationService;
  auth: Authenticator;
  /** The service's one access decision (role and company, from the role table): the guard and the routes ask it. */
  authorize: Authorize;
  metrics: Metrics;
  /** The root logger; each request logs through a child of it. */
  logger: Logger;
  /** What `/readyz` runs: database, queue, SII reachability. */
  health: readonly HealthCheck[];
  config: HttpConfig;
  /**
   * Redis, when REDIS_URL is set: the rate limit's counters live there, so that every instance of the
   * API counts a token's requests together.
   */
  rateLimitStore?: Redis;
  /** The actor directory: with it, admins map Slack users at /v1/slack/users. */
  actors?: ActorDirectory;
  /** Rated answers for the evals (`GET /v1/slack/feedback`). */
  feedback?: FeedbackService;
  /** Each company's Slack alert channel, set by its admins at /v1/slack/channels/:rut. */
  alertChannels?: AlertChannelService;
  /** The registry of acceptances and claims (Ley 19.983): without it its routes are not served. */
  registry?: RegistryService;
  /** Documents we receive from suppliers (`/v1/received`); without it those routes are not served. */
  received?: ReceivedService;
  /**
   * Front ends served inside the app, each registered in a context of its own (the Slack bot's
   * /slack/events, with its raw-body parsers). Their routes say `access: 'public'` and check their own signatures.
   */
  plugins?: readonly FastifyPluginAsync[];
}

/**
 * Who may call a route: anyone (`public`: health, documentation, and metrics behind their own
 * token), or a token whose role has the permission (the role table of app/ports/roles.ts). Routes
 * that say nothing need the `read` permission, which every role has.
 */
export type RouteAccess = 'public' | { permission: Permission };

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, set by the access guard on every route that is not public. */
    actor: Actor | null;
    /** The route's permission for a company, decided by the service's authorize; set with the actor. */
    authorizeCompany: ((companyRut: string) => void) | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Media types the route's body may have; other ones are refused with 415 before the body is read. */
    accepts?: readonly string[];
  }
}
