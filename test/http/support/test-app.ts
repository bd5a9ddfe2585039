import type { Redis } from 'ioredis';
/**
 * An app with fake services, local HS256 auth, metrics and a logger whose lines are kept, plus
 * helpers to make tokens and send requests.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { authorize } from '../../../src/app/authorize.ts';
import type { ActorDirectory, AlertChannelService, ConversationService, FeedbackService, HealthCheck, ReceivedService, RegistryService, Role } from '../../../src/app/ports/index.ts';
import { createLocalAuthenticator, type Authenticator } from '../../../src/http/auth/authenticator.ts';
import { signLocalToken } from '../../../src/tokens/local-token.ts';
import { buildApp, type HttpConfig } from '../../../src/http/build-app.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { createMetrics, type Metrics } from '../../../src/observability/metrics.ts';
import { FakeCompanyService, FakeDocumentService } from './fake-services.ts';

/** The secret of the test tokens. */
export const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
/** The demo company, and another one no test token names unless asked. */
export const COMPANY = '76192083-9';
export const OTHER_COMPANY = '60910000-1';

/** What a test works with. */
export interface TestApp {
  app: FastifyInstance;
  documents: FakeDocumentService;
  companies: FakeCompanyService;
  metrics: Metrics;
  /** Every log line written so far, as text. */
  logs(): string;
  close(): Promise<void>;
}

/** Options of a test app. */
export interface TestAppOptions {
  config?: Partial<HttpConfig>;
  health?: HealthCheck[];
  /** The authenticator; local HS256 with SECRET by default. */
  auth?: Authenticator;
  /** Redis for the rate limit's counters, shared between apps. */
  rateLimitStore?: Redis;
  /** The agent; without it `POST /v1/agent/ask` is not served. */
  conversations?: ConversationService;
  /** The Slack admin routes' services; without them /v1/slack/users and /v1/slack/channels are not served. */
  actors?: ActorDirectory;
  alertChannels?: AlertChannelService;
  /** The rated answers' service; without it /v1/slack/feedback is not served. */
  feedback?: FeedbackService;
  /** Documents we receive; without it /v1/received is not served. */
  received?: ReceivedService;
  /** The registry of acceptances and claims; without it its routes are not served. */
  registry?: RegistryService;
}

/** Builds an app with fakes. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const documents = new FakeDocumentService();
  const companies = new FakeCompanyService();
  const metrics = createMetrics({ processMetrics: false });
  const app = await buildApp({
    documents,
    companies,
    ...(options.conversations ? { conversations: options.conversations } : {}),
    ...(options.actors ? { actors: options.actors } : {}),
    ...(options.alertChannels ? { alertChannels: options.alertChannels } : {}),
    ...(options.feedback ? { feedback: options.feedback } : {}),
    ...(options.received ? { received: options.received } : {}),
    ...(options.registry ? { registry: options.registry } : {}),
    auth: options.auth ?? createLocalAuthenticator({ secret: SECRET }),
    authorize,
    metrics,
    logger: createLogger({ level: 'info', destination }),
    health: options.health ?? [],
    config: { bodyLimitBytes: 64 * 1024, rateLimitPerMinute: 1000, trustProxy: false, callbackAllowPrivate: false, metrics: { token: null, port: null }, ...options.config },
    ...(options.rateLimitStore ? { rateLimitStore: options.rateLimitStore } : {}),
  });
  return { app, documents, companies, metrics, logs: () => lines.join(''), close: () => app.close() };
}

/** A token for `role` bound to `companies`, valid for an hour from now unless told otherwise. */
export async function tokenFor(role: Role, companies: string[] = [COMPANY], options: { subject?: string; ttlSeconds?: number; now?: Date; secret?: string } = {}): Promise<string> {
  const { token } = await signLocalToken({
    secret: options.secret ?? SECRET,
    subject: options.subject ?? `${role}-user`,
    role,
    companies,
    ttlSeconds: options.ttlSeconds ?? 3600,
    now: options.now ?? new Date(),
  });
  return token;
}

/** The headers of a JSON request with a bearer token. */
export function jsonHeaders(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra };
}

/** A valid-looking factura request for `company`. */
export function facturaRequest(company = COMPANY): Record<string, unknown> {
  return {
    Encabezado: {
      IdDoc: { TipoDTE: 33, FchEmis: '2026-11-20', FmaPago: 1 },
      Emisor: { RUTEmisor: company, RznSoc: 'Demo SpA', GiroEmis: 'Software', Acteco: [620200], DirOrigen: 'Av. 1', CmnaOrigen: 'Las Condes' },
      Receptor: { RUTRecep: '77777777-7', RznSocRecep: 'Cliente', GiroRecep: 'Comercio', DirRecep: 'Calle 2', CmnaRecep: 'Ñuñoa' },
    },
    Detalle: [{ NmbItem: 'Cajón', QtyItem: 123, PrcItem: 923, DescuentoPct: 4 }],
  };
}

/** The parsed body of a problem answer, with its content type checked. */
export function problemOf(response: LightMyRequestResponse): Record<string, unknown> {
  if (!String(response.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`Expected a problem document, got ${String(response.headers['content-type'])}: ${response.body}`);
  }
  return response.json();
}
