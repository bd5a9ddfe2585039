/**
 * The service's configuration: read once from the environment at startup, validated, frozen and handed
 * around. This folder is the only place that reads `process.env`.
 */
import { inspect } from 'node:util';
import { DteError } from '../core/errors.ts';
import {
  checkCombinations,
  environmentSchema,
  VARIABLE_NAMES,
  type ParsedEnvironment,
  type VariableProblem,
} from './environment-schema.ts';
import type { Config, Environment, OdooConfig } from './config.ts';
import { redactConfig } from './redact-config.ts';

export type { AuthConfig, Config, Environment, OdooConfig, SlackConfig } from './config.ts';

/**
 * Reads and validates the configuration from `environment` (by default the process's). It reads
 * nothing else, so tests pass a plain object. Every wrong variable is reported at once in a
 * VALIDATION_FAILED DteError whose problems name the variables (`pointer` is the variable's name).
 * The result is frozen, and prints and logs with its secrets redacted.
 */
export function loadConfig(environment: Environment = process.env): Config {
  const raw = readVariables(environment);
  const parsed = environmentSchema.safeParse(raw);
  const problems: VariableProblem[] = checkCombinations((variable) => raw[variable] !== undefined, (variable) => raw[variable]);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.unshift({ variable: String(issue.path[0] ?? 'environment'), message: issue.message });
    }
  }
  if (!parsed.success || problems.length > 0) throw configurationError(problems);
  return freeze(toConfig(parsed.data));
}

/** Keeps only the variables the service knows, treating empty and blank values as unset. */
function readVariables(environment: Environment): Record<string, string | undefined> {
  const raw: Record<string, string | undefined> = {};
  for (const name of VARIABLE_NAMES) {
    const value = environment[name]?.trim();
    raw[name] = value === undefined || value === '' ? undefined : value;
  }
  return raw;
}

function configurationError(problems: VariableProblem[]): DteError {
  const order = VARIABLE_NAMES as string[];
  problems.sort((first, second) => order.indexOf(first.variable) - order.indexOf(second.variable));
  const lines = problems.map((problem) => `${problem.variable} ${problem.message}.`);
  return new DteError('VALIDATION_FAILED', `The configuration has problems: ${lines.join(' ')}`, {
    details: problems.map((problem, index) => ({ pointer: problem.variable, message: lines[index] ?? problem.message })),
  });
}

/**
 * Whether the configuration is the embedded start a newcomer gets from `npm start` alone: the local
 * SII, tokens signed with the secret kept in DATA_DIR, and PGlite.
 */
export function isEmbeddedStart(variables: ParsedEnvironment): boolean {
  return variables.SII_ENV === 'local' && variables.JWT_SECRET === undefined && variables.JWT_JWKS_URL === undefined
    && variables.DATABASE_URL === undefined;
}

function toConfig(variables: ParsedEnvironment): Config {
  const embeddedStart = isEmbeddedStart(variables);
  return {
    port: variables.PORT,
    host: variables.HOST,
    dataDirectory: variables.DATA_DIR,
    trustProxy: variables.TRUST_PROXY,
    databaseUrl: variables.DATABASE_URL ?? null,
    redisUrl: variables.REDIS_URL ?? null,
    auth: {
      ...(variables.JWT_JWKS_URL === undefined
        ? { mode: 'local', secret: variables.JWT_SECRET ?? null, issuer: variables.JWT_ISSUER ?? null, audience: variables.JWT_AUDIENCE ?? null }
        : { mode: 'jwks', jwksUrl: variables.JWT_JWKS_URL, issuer: variables.JWT_ISSUER ?? '', audience: variables.JWT_AUDIENCE ?? '' }),
      clockToleranceSeconds: variables.JWT_CLOCK_TOLERANCE_SECONDS,
    },
    masterKey: variables.MASTER_KEY ?? null,
    demoCompanyRut: variables.DEMO_COMPANY_RUT,
    sii: { environment: variables.SII_ENV, url: variables.SII_URL ?? null },
    logLevel: variables.LOG_LEVEL,
    rateLimitPerMinute: variables.RATE_LIMIT_PER_MINUTE,
    bodyLimitBytes: variables.BODY_LIMIT_BYTES,
    envelope: { maxDocuments: variables.ENVELOPE_MAX_DOCUMENTS, maxWaitMs: variables.ENVELOPE_MAX_WAIT_MS },
    odoo: toOdooConfig(variables),
    mail: { smtpUrl: variables.SMTP_URL ?? null, outboxSeconds: variables.MAIL_OUTBOX_SECONDS },
    webhookSecret: variables.WEBHOOK_SECRET ?? null,
    callbackAllowPrivate: variables.CALLBACK_ALLOW_PRIVATE ?? embeddedStart,
    embeddedStart,
    metrics: { token: variables.METRICS_TOKEN ?? null, port: variables.METRICS_PORT ?? null },
    processRole: variables.PROCESS_ROLE,
    agent: {
      provider: variables.LLM_PROVIDER,
      model: variables.LLM_MODEL ?? null,
      anthropic: { apiKey: variables.ANTHROPIC_API_KEY ?? null, baseUrl: variables.ANTHROPIC_BASE_URL ?? null },
      openai: { apiKey: variables.OPENAI_API_KEY ?? null, baseUrl: variables.OPENAI_BASE_URL ?? null },
      budgets: {
        maxSteps: variables.AGENT_MAX_STEPS, timeoutMs: variables.AGENT_TIMEOUT_SECONDS * 1000, maxOutputTokens: variables.AGENT_MAX_OUTPUT_TOKENS,
        maxTotalTokens: variables.AGENT_MAX_TOKENS, maxCostUsd: variables.AGENT_MAX_COST_USD,
      },
      prices: variables.LLM_PRICES ?? {},
    },
    slack: variables.SLACK_BOT_TOKEN === undefined ? null : {
      botToken: variables.SLACK_BOT_TOKEN, signingSecret: variables.SLACK_SIGNING_SECRET ?? null, appToken: variables.SLACK_APP_TOKEN ?? null,
      apiUrl: variables.SLACK_API_URL ?? null, alertChannel: variables.SLACK_ALERT_CHANNEL ?? null,
    },
  };
}

/** The combinations were checked before, so here a missing value cannot happen and reads as empty. */
function toOdooConfig(variables: ParsedEnvironment): OdooConfig | null {
  if (variables.ODOO_URL === undefined) return null;
  if (variables.ODOO_API_KEY !== undefined) {
    return { url: variables.ODOO_URL, database: variables.ODOO_DATABASE ?? null, protocol: 'json-2', apiKey: variables.ODOO_API_KEY };
  }
  return {
    url: variables.ODOO_URL,
    database: variables.ODOO_DATABASE ?? '',
    protocol: 'xml-rpc',
    username: variables.ODOO_USERNAME ?? '',
    password: variables.ODOO_PASSWORD ?? '',
  };
}

/**
 * Freezes the configuration deeply, and makes `JSON.stringify` (which pino uses) and `util.inspect`
 * (which `console.log` uses) show it redacted.
 */
function freeze(config: Config): Config {
  const hidden = { enumerable: false, value: () => redactConfig(config) };
  Object.defineProperty(config, 'toJSON', hidden);
  Object.defineProperty(config, inspect.custom, hidden);
  for (const value of Object.values(config)) {
    if (typeof value === 'object' && value !== null) Object.freeze(value);
  }
  return Object.freeze(config);
}
