import type { Config } from './config.ts';

/** What a redacted secret reads as. */
export const REDACTED = '[redacted]';

/**
 * A copy of the configuration fit to print or log: secrets replaced by `[redacted]` and passwords in
 * URLs (`postgres://user:secret@host`) masked. Unset secrets stay `null`, so the copy still tells
 * whether a secret was given.
 */
export function redactConfig(config: Config): Record<string, unknown> {
  const auth = config.auth.mode === 'local'
    ? { ...config.auth, secret: hide(config.auth.secret) }
    : { ...config.auth };
  const odoo = config.odoo === null
    ? null
    : config.odoo.protocol === 'json-2'
      ? { ...config.odoo, url: maskUrl(config.odoo.url), apiKey: REDACTED }
      : { ...config.odoo, url: maskUrl(config.odoo.url), password: REDACTED };
  return {
    port: config.port,
    host: config.host,
    dataDirectory: config.dataDirectory,
    trustProxy: config.trustProxy,
    databaseUrl: config.databaseUrl === null ? null : maskUrl(config.databaseUrl),
    redisUrl: config.redisUrl === null ? null : maskUrl(config.redisUrl),
    auth,
    masterKey: hide(config.masterKey),
    demoCompanyRut: config.demoCompanyRut,
    sii: { ...config.sii, url: config.sii.url === null ? null : maskUrl(config.sii.url) },
    mail: { ...config.mail, smtpUrl: config.mail.smtpUrl === null ? null : maskUrl(config.mail.smtpUrl) },
    logLevel: config.logLevel,
    rateLimitPerMinute: config.rateLimitPerMinute,
    bodyLimitBytes: config.bodyLimitBytes,
    envelope: { ...config.envelope },
    odoo,
    webhookSecret: hide(config.webhookSecret),
    callbackAllowPrivate: config.callbackAllowPrivate,
    embeddedStart: config.embeddedStart,
    metrics: { token: hide(config.metrics.token), port: config.metrics.port },
    processRole: config.processRole,
    agent: {
      ...config.agent,
      anthropic: { apiKey: hide(config.agent.anthropic.apiKey), baseUrl: config.agent.anthropic.baseUrl === null ? null : maskUrl(config.agent.anthropic.baseUrl) },
      openai: { apiKey: hide(config.agent.openai.apiKey), baseUrl: config.agent.openai.baseUrl === null ? null : maskUrl(config.agent.openai.baseUrl) },
      budgets: { ...config.agent.budgets },
    },
    slack: config.slack === null ? null : {
      ...config.slack, botToken: REDACTED, signingSecret: hide(config.slack.signingSecret), appToken: hide(config.slack.appToken),
    },
  };
}

function hide(secret: string | null): string | null {
  return secret === null ? null : REDACTED;
}

/** Masks the user's password of a URL, and a query string that may carry keys. */
function maskUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password !== '') url.password = 'REDACTED';
    if (url.search !== '') url.search = '?REDACTED';
    return url.toString();
  } catch {
    return REDACTED;
  }
}
