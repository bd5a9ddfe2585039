/**
 * The shape of the service's configuration, as loadConfig (load-config.ts) builds it.
 */
import type { SiiEnvironment } from '../core/sii-environment.ts';
import type { LLM_PROVIDERS, LOG_LEVELS, PROCESS_ROLES } from './environment-schema.ts';

/** Environment variables by name, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * How tokens are verified: with a shared HS256 secret (`local`; the secret comes from `JWT_SECRET` or
 * a file in `DATA_DIR`, see resolve-secrets.ts), or with an OAuth2 provider's JWKS (`jwks`).
 */
export type AuthConfig = (
  | { mode: 'local'; secret: string | null; issuer: string | null; audience: string | null }
  | { mode: 'jwks'; jwksUrl: string; issuer: string; audience: string }
) & {
  /** JWT_CLOCK_TOLERANCE_SECONDS: how far past `exp` (or before `nbf`) a token is still taken. */
  clockToleranceSeconds: number;
};

/** How to reach Odoo: the JSON-2 API of Odoo 19+ with an API key, or XML-RPC with a user and password. */
export type OdooConfig =
  | { url: string; database: string | null; protocol: 'json-2'; apiKey: string }
  | { url: string; database: string; protocol: 'xml-rpc'; username: string; password: string };

/** The agent's model provider and its per-answer budgets. */
export interface AgentConfig {
  provider: (typeof LLM_PROVIDERS)[number];
  /** LLM_MODEL; `null` for the provider's default in src/agent. */
  model: string | null;
  anthropic: { apiKey: string | null; baseUrl: string | null };
  openai: { apiKey: string | null; baseUrl: string | null };
  budgets: { maxSteps: number; timeoutMs: number; maxOutputTokens: number; maxTotalTokens: number; maxCostUsd: number };
  /** LLM_PRICES: USD per million tokens by model-name prefix, over the built-in table (src/agent/price-table.ts). */
  prices: Readonly<Record<string, { input: number; output: number; cacheRead: number; cacheWrite: number }>>;
}

/**
 * The Slack bot (src/slack): HTTP mode at /slack/events with the signing secret, Socket Mode with the
 * app token; `apiUrl` points the Web API client elsewhere (tests); `alertChannel` receives the
 * rejections of companies without a channel of their own.
 */
export interface SlackConfig {
  botToken: string;
  signingSecret: string | null;
  appToken: string | null;
  apiUrl: string | null;
  alertChannel: string | null;
}

/** The whole configuration. Every field is read-only: the object is frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** Where PGlite, the generated JWT secret and master key live. */
  readonly dataDirectory: string;
  /** Whether `X-Forwarded-For` is believed (behind a reverse proxy). */
  readonly trustProxy: boolean;
  /** PostgreSQL; `null` means PGlite in the data directory. */
  readonly databaseUrl: string | null;
  /** Redis for BullMQ; `null` means the in-process queue. */
  readonly redisUrl: string | null;
  readonly auth: Readonly<AuthConfig>;
  /** 32 bytes in base64; `null` means a key kept in the data directory (with a warning). */
  readonly masterKey: string | null;
  readonly demoCompanyRut: string;
  /** `url` is `null` for the default address: the in-process simulator for `local`, the SII's host otherwise. */
  readonly sii: Readonly<{ environment: SiiEnvironment; url: string | null }>;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Requests per minute per token (or per IP without one); 0 turns rate limiting off. */
  readonly rateLimitPerMinute: number;
  readonly bodyLimitBytes: number;
  readonly envelope: Readonly<{ maxDocuments: number; maxWaitMs: number }>;
  readonly odoo: Readonly<OdooConfig> | null;
  /**
   * Intercambio mail: `smtpUrl` (SMTP_URL: `smtp://user:password@host:587` with STARTTLS, `smtps://` with TLS,
   * `?tls=none` for a loopback server) sends the answers of companies without SMTP settings of their own;
   * the outbox is emptied every `outboxSeconds` (MAIL_OUTBOX_SECONDS) and after each mail taken.
   */
  readonly mail: Readonly<{ smtpUrl: string | null; outboxSeconds: number }>;
  /** Signs webhooks to `callbackUrl` (HMAC-SHA256); `null` sends them unsigned. */
  readonly webhookSecret: string | null;
  /**
   * Whether callback URLs may point at loopback, private and link-local addresses (never at a
   * metadata service). `CALLBACK_ALLOW_PRIVATE`; by default true on the embedded start only.
   */
  readonly callbackAllowPrivate: boolean;
  /**
   * The newcomer's start, `npm start` with nothing set: SII_ENV local, no JWT_SECRET nor JWKS, no
   * DATABASE_URL. Local conveniences (the printed demo token, callbacks to this machine) are for it.
   */
  readonly embeddedStart: boolean;
  /**
   * Who may read `/metrics`, whose labels carry company RUTs: with `port` (METRICS_PORT) it is served
   * there and not on the API's port; with `token` (METRICS_TOKEN) it takes that bearer token; with
   * neither, an admin token of the API.
   */
  readonly metrics: Readonly<{ token: string | null; port: number | null }>;
  /**
   * What this process does (`PROCESS_ROLE`): `all` (API and jobs), `api` (the HTTP API; it queues
   * jobs for the workers) or `worker` (the jobs, and the recovery sweep; no HTTP API), so that
   * operators scale them apart. `api` and `worker` need DATABASE_URL and REDIS_URL.
   */
  readonly processRole: (typeof PROCESS_ROLES)[number];
  /** The agent (LLM_PROVIDER, LLM_MODEL, the providers' keys and URLs, AGENT_* budgets). */
  readonly agent: Readonly<AgentConfig>;
  /** The Slack bot; `null` (off) without SLACK_BOT_TOKEN. */
  readonly slack: Readonly<SlackConfig> | null;
}
