/**
 * The environment variables the service reads, as one zod schema over their raw text. Messages never
 * repeat a value: several variables hold secrets or URLs with passwords in them.
 */
import { z } from 'zod';
import { parseRut } from '../core/rut.ts';
import { SII_ENVIRONMENTS } from '../core/sii-environment.ts';

/** What one process does: everything (the default), the HTTP API only, or the queue's jobs only. */
export const PROCESS_ROLES = ['all', 'api', 'worker'] as const;

/** Levels pino knows, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One MiB, the default largest request body: a document of 60 lines is a few KiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 1_048_576;

/** Seconds a token's exp and nbf may be off by: clocks of a few seconds apart, not a grace period. */
export const DEFAULT_JWT_CLOCK_TOLERANCE_SECONDS = 5;

/** The agent's model providers; `offline` answers from the tools alone. */
export const LLM_PROVIDERS = ['offline', 'anthropic', 'openai'] as const;

/** The RUT of the demo company created on first start. */
export const DEFAULT_DEMO_COMPANY_RUT = '76192083-9';

/** A whole number within bounds, read from text. */
function wholeNumber(minimum: number, maximum: number) {
  return z
    .string()
    .regex(/^\d+$/, { message: `must be a whole number from ${minimum} to ${maximum}` })
    .transform(Number)
    .refine((value) => value >= minimum && value <= maximum, { message: `must be a whole number from ${minimum} to ${maximum}` });
}

/** A URL whose scheme is one of `schemes`. */
function urlWithScheme(schemes: readonly string[]) {
  const expected = schemes.map((scheme) => `${scheme}//`).join(' or ');
  return z.string().refine((text) => {
    try {
      return schemes.includes(new URL(text).protocol);
    } catch {
      return false;
    }
  }, { message: `must be a URL starting with ${expected}` });
}

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((text) => text === 'true' || text === '1' || text === 'yes');

/** LLM_PRICES: USD per million tokens by model-name prefix, over the built-in table. */
const PRICES_EXAMPLE = 'such as {"my-model": {"input": 0.5, "output": 1.5}}';
const priceField = z.number({ message: 'must be a number of USD per million tokens' }).min(0, { message: 'must not be negative' }).max(10_000);
const pricesText = z.string().transform((text, context) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    context.addIssue({ code: 'custom', message: `must be JSON ${PRICES_EXAMPLE}` });
    return z.NEVER;
  }
  const prices = z.record(
    z.string().min(1).max(200),
    z.strictObject({ input: priceField, output: priceField, cacheRead: priceField.optional(), cacheWrite: priceField.optional() }),
  ).safeParse(parsed);
  if (!prices.success) {
    const issue = prices.error.issues[0]!;
    context.addIssue({ code: 'custom', message: `${issue.path.length > 0 ? `at ${issue.path.join('.')}: ` : ''}${issue.message} (${PRICES_EXAMPLE})` });
    return z.NEVER;
  }
  return Object.fromEntries(Object.entries(prices.data).map(([model, price]) => [model, {
    input: price.input, output: price.output, cacheRead: price.cacheRead ?? price.input, cacheWrite: price.cacheWrite ?? price.input,
  }]));
});

const rutText = z.string().transform((text, context) => {
  const rut = parseRut(text);
  if (rut === undefined) {
    context.addIssue({ code: 'custom', message: 'must be a RUT with its check digit, such as 76192083-9' });
    return z.NEVER;
  }
  return rut.canonical;
});

const masterKeyText = z.string().refine((text) => {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(text) && Buffer.from(text, 'base64').length === 32;
}, { message: 'must be 32 bytes in base64 (for example the output of `openssl rand -base64 32`)' });

/**
 * Every variable, with its default. Empty values count as unset, so `PORT=` in a compose file means
 * "use the default".
 */
export const environmentSchema = z.object({
  PORT: wholeNumber(0, 65_535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./.data'),
  TRUST_PROXY: booleanText.default(false),
  DATABASE_URL: urlWithScheme(['postgres:', 'postgresql:']).optional(),
  REDIS_URL: urlWithScheme(['redis:', 'rediss:']).optional(),
  JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters long (HS256 wants a 256-bit key)' }).optional(),
  JWT_JWKS_URL: urlWithScheme(['https:', 'http:']).optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  JWT_CLOCK_TOLERANCE_SECONDS: wholeNumber(0, 300).default(DEFAULT_JWT_CLOCK_TOLERANCE_SECONDS),
  MASTER_KEY: masterKeyText.optional(),
  DEMO_COMPANY_RUT: rutText.default(DEFAULT_DEMO_COMPANY_RUT),
  SII_ENV: z.enum(SII_ENVIRONMENTS, { message: `must be one of ${SII_ENVIRONMENTS.join(', ')}` }).default('local'),
  SII_URL: urlWithScheme(['https:', 'http:']).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  RATE_LIMIT_PER_MINUTE: wholeNumber(0, 1_000_000).default(600),
  BODY_LIMIT_BYTES: wholeNumber(1024, 64 * DEFAULT_BODY_LIMIT_BYTES).default(DEFAULT_BODY_LIMIT_BYTES),
  ENVELOPE_MAX_DOCUMENTS: wholeNumber(1, 2000).default(50),
  ENVELOPE_MAX_WAIT_MS: wholeNumber(0, 3_600_000).default(5000),
  ODOO_URL: urlWithScheme(['https:', 'http:']).optional(),
  ODOO_DATABASE: z.string().optional(),
  ODOO_API_KEY: z.string().optional(),
  ODOO_USERNAME: z.string().optional(),
  ODOO_PASSWORD: z.string().optional(),
  SMTP_URL: urlWithScheme(['smtp:', 'smtps:']).optional(),
  MAIL_OUTBOX_SECONDS: wholeNumber(1, 86_400).default(60),
  WEBHOOK_SECRET: z.string().min(16, { message: 'must be at least 16 characters long' }).optional(),
  // Unset means: allowed on the embedded start only (see isEmbeddedStart in load-config.ts).
  CALLBACK_ALLOW_PRIVATE: booleanText.optional(),
  METRICS_TOKEN: z.string().min(16, { message: 'must be at least 16 characters long' }).optional(),
  METRICS_PORT: wholeNumber(1, 65_535).optional(),
  PROCESS_ROLE: z.enum(PROCESS_ROLES, { message: `must be one of ${PROCESS_ROLES.join(', ')}` }).default('all'),
  LLM_PROVIDER: z.enum(LLM_PROVIDERS, { message: `must be one of ${LLM_PROVIDERS.join(', ')}` }).default('offline'),
  LLM_MODEL: z.string().min(1).max(200).optional(),
  LLM_PRICES: pricesText.optional(),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: urlWithScheme(['https:', 'http:']).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: urlWithScheme(['https:', 'http:']).optional(),
  AGENT_MAX_STEPS: wholeNumber(1, 50).default(8),
  AGENT_TIMEOUT_SECONDS: wholeNumber(1, 600).default(60),
  AGENT_MAX_OUTPUT_TOKENS: wholeNumber(64, 32_000).default(1_024),
  AGENT_MAX_TOKENS: wholeNumber(1_000, 10_000_000).default(200_000),
  AGENT_MAX_COST_USD: z.string().regex(/^\d{1,4}(\.\d{1,6})?$/, { message: 'must be an amount in USD such as 0.50' }).transform(Number).default(0.5),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, { message: 'must be a bot token (xoxb-…)' }).optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, { message: 'must be an app-level token (xapp-…)' }).optional(),
  SLACK_API_URL: urlWithScheme(['https:', 'http:']).optional(),
  SLACK_ALERT_CHANNEL: z.string().optional(),
});

/** The variables after parsing, defaults applied. */
export type ParsedEnvironment = z.output<typeof environmentSchema>;

/** The names of every variable the service reads. */
export const VARIABLE_NAMES = Object.keys(environmentSchema.shape) as (keyof ParsedEnvironment)[];

/** One variable that is wrong, and why. */
export interface VariableProblem {
  variable: string;
  message: string;
}

/**
 * Rules between variables, checked on which ones are set (their values are checked by the schema)
 * and, where two values must differ, on their raw text; every problem is reported in one go.
 */
export function checkCombinations(isSet: (variable: string) => boolean, valueOf: (variable: string) => string | undefined = () => undefined): VariableProblem[] {
  const problems: VariableProblem[] = [];
  if (isSet('JWT_JWKS_URL')) {
    for (const variable of ['JWT_ISSUER', 'JWT_AUDIENCE']) {
      if (!isSet(variable)) problems.push({ variable, message: 'is required when JWT_JWKS_URL is set' });
    }
    if (isSet('JWT_SECRET')) {
      problems.push({ variable: 'JWT_SECRET', message: 'must not be set with JWT_JWKS_URL: tokens come from one issuer, set one or the other' });
    }
  }
  const role = valueOf('PROCESS_ROLE');
  if (role === 'api' || role === 'worker') {
    for (const variable of ['DATABASE_URL', 'REDIS_URL']) {
      if (!isSet(variable)) problems.push({ variable, message: `is required with PROCESS_ROLE=${role}: API and worker processes share PostgreSQL and Redis` });
    }
  }
  if (isSet('METRICS_PORT') && Number(valueOf('METRICS_PORT')) === Number(valueOf('PORT') ?? 8080)) {
    problems.push({ variable: 'METRICS_PORT', message: 'must differ from PORT: metrics on their own port need a port of their own' });
  }
  if (valueOf('LLM_PROVIDER') === 'anthropic' && !isSet('ANTHROPIC_API_KEY')) {
    problems.push({ variable: 'ANTHROPIC_API_KEY', message: 'is required when LLM_PROVIDER is anthropic' });
  }
  if (valueOf('LLM_PROVIDER') === 'openai' && !isSet('OPENAI_API_KEY') && !isSet('OPENAI_BASE_URL')) {
    problems.push({ variable: 'OPENAI_API_KEY', message: 'is required when LLM_PROVIDER is openai (unless OPENAI_BASE_URL names a server that needs none)' });
  }
  problems.push(...slackCombinations(isSet));
  const odooVariables = ['ODOO_DATABASE', 'ODOO_API_KEY', 'ODOO_USERNAME', 'ODOO_PASSWORD'];
  if (!isSet('ODOO_URL')) {
    for (const variable of odooVariables.filter(isSet)) {
      problems.push({ variable, message: 'is set but ODOO_URL is not: set ODOO_URL too, or unset it' });
    }
    return problems;
  }
  const apiKey = isSet('ODOO_API_KEY');
  const password = isSet('ODOO_USERNAME') || isSet('ODOO_PASSWORD');
  if (apiKey && password) {
    problems.push({ variable: 'ODOO_API_KEY', message: 'and ODOO_USERNAME/ODOO_PASSWORD are both set: use the API key (Odoo 19+) or the user and password (XML-RPC), not both' });
  } else if (!apiKey && !password) {
    problems.push({ variable: 'ODOO_URL', message: 'is set without credentials: set ODOO_API_KEY (Odoo 19+) or ODOO_USERNAME and ODOO_PASSWORD' });
  } else if (password) {
    for (const variable of ['ODOO_USERNAME', 'ODOO_PASSWORD', 'ODOO_DATABASE']) {
      if (!isSet(variable)) problems.push({ variable, message: 'is required for XML-RPC (ODOO_USERNAME and ODOO_PASSWORD are used)' });
    }
  }
  return problems;
}

/** Slack needs its bot token with a signing secret (HTTP) or an app token (Socket Mode); its other variables need the bot. */
function slackCombinations(isSet: (variable: string) => boolean): VariableProblem[] {
  const problems: VariableProblem[] = [];
  if (isSet('SLACK_BOT_TOKEN')) {
    if (!isSet('SLACK_SIGNING_SECRET') && !isSet('SLACK_APP_TOKEN')) {
      problems.push({ variable: 'SLACK_SIGNING_SECRET', message: 'is required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)' });
    }
    return problems;
  }
  for (const variable of ['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL', 'SLACK_ALERT_CHANNEL'].filter(isSet)) {
    problems.push({ variable, message: 'is set but SLACK_BOT_TOKEN is not: set SLACK_BOT_TOKEN too, or unset it' });
  }
  return problems;
}
