import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { redactConfig } from '../../src/config/redact-config.ts';
import { DteError } from '../../src/core/errors.ts';

const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

function failure(environment: Record<string, string>): DteError {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof DteError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDirectory: './.data',
      trustProxy: false,
      databaseUrl: null,
      redisUrl: null,
      auth: { mode: 'local', secret: null, issuer: null, audience: null },
      masterKey: null,
      demoCompanyRut: '76192083-9',
      sii: { environment: 'local', url: null },
      logLevel: 'info',
      rateLimitPerMinute: 600,
      bodyLimitBytes: 1_048_576,
      envelope: { maxDocuments: 50, maxWaitMs: 5000 },
      odoo: null,
      webhookSecret: null,
    });
  });

  it('reads every variable, treating empty values as unset', () => {
    const config = loadConfig({
      PORT: '3000', HOST: '0.0.0.0', DATA_DIR: '/var/lib/dte', TRUST_PROXY: 'true', DATABASE_URL: 'postgres://dte:pw@db/dte',
      REDIS_URL: 'redis://cache:6379', MASTER_KEY, DEMO_COMPANY_RUT: '60.910.000-1', SII_ENV: 'certificacion',
      SII_URL: 'http://127.0.0.1:8089', LOG_LEVEL: 'debug', RATE_LIMIT_PER_MINUTE: '0', BODY_LIMIT_BYTES: '2048',
      ENVELOPE_MAX_DOCUMENTS: '10', ENVELOPE_MAX_WAIT_MS: '250', ODOO_URL: 'https://odoo.example.cl', ODOO_API_KEY: 'key',
      WEBHOOK_SECRET: 'sixteen-chars-at-least', JWT_SECRET: '', UNRELATED: 'ignored',
    });
    expect(config).toMatchObject({
      port: 3000, host: '0.0.0.0', dataDirectory: '/var/lib/dte', trustProxy: true, databaseUrl: 'postgres://dte:pw@db/dte',
      redisUrl: 'redis://cache:6379', masterKey: MASTER_KEY, demoCompanyRut: '60910000-1',
      sii: { environment: 'certificacion', url: 'http://127.0.0.1:8089' }, logLevel: 'debug', rateLimitPerMinute: 0,
      bodyLimitBytes: 2048, envelope: { maxDocuments: 10, maxWaitMs: 250 },
      odoo: { url: 'https://odoo.example.cl', database: null, protocol: 'json-2', apiKey: 'key' },
      auth: { mode: 'local', secret: null },
    });
  });

  it('knows the embedded start, and allows private callback addresses by default there only', () => {
    expect(loadConfig({})).toMatchObject({ embeddedStart: true, callbackAllowPrivate: true });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toMatchObject({ embeddedStart: true, callbackAllowPrivate: true });
    const secret = 'a-jwt-secret-that-is-long-enough-for-hs256';
    for (const environment of [
      { JWT_SECRET: secret },
      { DATABASE_URL: 'postgres://127.0.0.1/test' },
      { SII_ENV: 'certificacion' },
      { JWT_JWKS_URL: 'https://id.example/jwks', JWT_ISSUER: 'https://id.example', JWT_AUDIENCE: 'dte' },
    ]) {
      expect(loadConfig(environment), JSON.stringify(environment)).toMatchObject({ embeddedStart: false, callbackAllowPrivate: false });
    }
    expect(loadConfig({ CALLBACK_ALLOW_PRIVATE: 'false' }).callbackAllowPrivate).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://127.0.0.1/test', CALLBACK_ALLOW_PRIVATE: 'true' }).callbackAllowPrivate).toBe(true);
    expect(failure({ CALLBACK_ALLOW_PRIVATE: 'sometimes' }).message).toContain('CALLBACK_ALLOW_PRIVATE must be true or false.');
  });

  it('reads METRICS_TOKEN and METRICS_PORT, refusing a short token and the API port, and redacts the token', () => {
    expect(loadConfig({}).metrics).toEqual({ token: null, port: null });
    const config = loadConfig({ METRICS_TOKEN: 'a-metrics-token-for-prometheus', METRICS_PORT: '9464' });
    expect(config.metrics).toEqual({ token: 'a-metrics-token-for-prometheus', port: 9464 });
    expect(JSON.stringify(config)).not.toContain('a-metrics-token-for-prometheus');
    expect(redactConfig(config)['metrics']).toEqual({ token: '[redacted]', port: 9464 });
    expect(failure({ METRICS_TOKEN: 'short' }).message).toContain('METRICS_TOKEN must be at least 16 characters long.');
    expect(failure({ METRICS_PORT: '8080' }).message).toContain('METRICS_PORT must differ from PORT');
    expect(failure({ PORT: '3000', METRICS_PORT: '3000' }).message).toContain('METRICS_PORT must differ from PORT');
    expect(loadConfig({ PORT: '3000', METRICS_PORT: '8080' }).metrics.port).toBe(8080);
  });

  it('reads SLACK_*: off without the bot token, a signing secret or an app token with it, and redacts the secrets', () => {
    expect(loadConfig({}).slack).toBeNull();
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-bot-token-1', SLACK_SIGNING_SECRET: 'slack-signing-secret', SLACK_API_URL: 'http://127.0.0.1:9/api/', SLACK_ALERT_CHANNEL: 'C0ALERTS' });
    expect(config.slack).toEqual({ botToken: 'xoxb-bot-token-1', signingSecret: 'slack-signing-secret', appToken: null, apiUrl: 'http://127.0.0.1:9/api/', alertChannel: 'C0ALERTS' });
    for (const text of [JSON.stringify(config), inspect(config, { depth: 5 })]) {
      expect(text).not.toContain('xoxb-bot-token-1');
      expect(text).not.toContain('slack-signing-secret');
    }
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack?.appToken).toBe('xapp-1');
    expect(failure({ SLACK_BOT_TOKEN: 'xoxb-1' }).message).toContain('SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN');
    expect(failure({ SLACK_SIGNING_SECRET: 's' }).message).toContain('SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not');
    expect(failure({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_SIGNING_SECRET: 's' }).message).toContain('SLACK_BOT_TOKEN must be a bot token');
  });

  it('is frozen, deeply', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.auth)).toBe(true);
    expect(() => Object.assign(config, { port: 1 })).toThrow(TypeError);
  });

  it('fails naming every wrong variable at once, without repeating their values', () => {
    const error = failure({ PORT: 'eighty', MASTER_KEY: 'c2hvcnQ=', SII_ENV: 'prod', JWT_SECRET: 'short-secret-value', DEMO_COMPANY_RUT: '76192083-8' });
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.problems.map((problem) => problem.pointer)).toEqual(['PORT', 'JWT_SECRET', 'MASTER_KEY', 'DEMO_COMPANY_RUT', 'SII_ENV']);
    expect(error.message).toContain('PORT must be a whole number from 0 to 65535.');
    expect(error.message).toContain('SII_ENV must be one of local, certificacion, produccion.');
    expect(error.message).toContain('MASTER_KEY must be 32 bytes in base64');
    expect(error.message).not.toContain('short-secret-value');
    expect(error.message).not.toContain('c2hvcnQ=');
  });

  it('requires issuer and audience with a JWKS, and refuses a local secret beside it', () => {
    const error = failure({ JWT_JWKS_URL: 'https://login.example.cl/jwks', JWT_SECRET: 'x'.repeat(40) });
    expect(error.problems.map((problem) => problem.pointer)).toEqual(['JWT_SECRET', 'JWT_ISSUER', 'JWT_AUDIENCE']);
    const config = loadConfig({ JWT_JWKS_URL: 'https://login.example.cl/jwks', JWT_ISSUER: 'https://login.example.cl/', JWT_AUDIENCE: 'dte' });
    expect(config.auth).toEqual({ mode: 'jwks', clockToleranceSeconds: 5, jwksUrl: 'https://login.example.cl/jwks', issuer: 'https://login.example.cl/', audience: 'dte' });
    expect(loadConfig({ JWT_CLOCK_TOLERANCE_SECONDS: '0' }).auth.clockToleranceSeconds).toBe(0);
    expect(failure({ JWT_CLOCK_TOLERANCE_SECONDS: '301' }).message).toContain('JWT_CLOCK_TOLERANCE_SECONDS must be a whole number from 0 to 300.');
  });

  it('checks the Odoo variables together', () => {
    expect(failure({ ODOO_API_KEY: 'k' }).problems).toEqual([{ pointer: 'ODOO_API_KEY', message: expect.stringContaining('ODOO_URL is not') }]);
    expect(failure({ ODOO_URL: 'https://odoo.example.cl' }).problems.map((problem) => problem.pointer)).toEqual(['ODOO_URL']);
    expect(failure({ ODOO_URL: 'https://odoo.example.cl', ODOO_USERNAME: 'admin' }).problems.map((problem) => problem.pointer))
      .toEqual(['ODOO_DATABASE', 'ODOO_PASSWORD']);
    const config = loadConfig({ ODOO_URL: 'https://odoo.example.cl', ODOO_DATABASE: 'prod', ODOO_USERNAME: 'admin', ODOO_PASSWORD: 'pw' });
    expect(config.odoo).toEqual({ url: 'https://odoo.example.cl', database: 'prod', protocol: 'xml-rpc', username: 'admin', password: 'pw' });
  });

  it('refuses URLs of the wrong scheme', () => {
    const error = failure({ DATABASE_URL: 'mysql://db/dte', REDIS_URL: 'localhost:6379', JWT_JWKS_URL: 'ftp://x', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' });
    expect(error.problems.map((problem) => problem.pointer)).toEqual(['DATABASE_URL', 'REDIS_URL', 'JWT_JWKS_URL']);
  });
});

describe('redaction', () => {
  const config = loadConfig({
    JWT_SECRET: 'jwt-secret-jwt-secret-jwt-secret-jwt', MASTER_KEY, DATABASE_URL: 'postgres://dte:db-password@db:5432/dte',
    REDIS_URL: 'rediss://:redis-password@cache:6380', ODOO_URL: 'https://odoo.example.cl', ODOO_API_KEY: 'odoo-api-key',
    WEBHOOK_SECRET: 'webhook-secret-1234',
  });
  const secrets = ['jwt-secret-jwt', MASTER_KEY, 'db-password', 'redis-password', 'odoo-api-key', 'webhook-secret-1234'];

  it('hides secrets from JSON.stringify (what pino uses), util.inspect (console.log) and redactConfig', () => {
    for (const text of [JSON.stringify(config), inspect(config, { depth: 5 }), JSON.stringify(redactConfig(config))]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).toContain('[redacted]');
      expect(text).toContain('db:5432');
    }
  });

  it('keeps the values for the code that uses them', () => {
    expect(config.auth.mode === 'local' && config.auth.secret).toBe('jwt-secret-jwt-secret-jwt-secret-jwt');
    expect(config.databaseUrl).toBe('postgres://dte:db-password@db:5432/dte');
  });
});

describe('process roles', () => {
  it('runs everything by default, and API-only or worker-only processes only on PostgreSQL and Redis', () => {
    expect(loadConfig({}).processRole).toBe('all');
    const shared = { DATABASE_URL: 'postgres://db/dte', REDIS_URL: 'redis://cache:6379' };
    expect(loadConfig({ ...shared, PROCESS_ROLE: 'api' }).processRole).toBe('api');
    expect(loadConfig({ ...shared, PROCESS_ROLE: 'worker' }).processRole).toBe('worker');
    expect(failure({ PROCESS_ROLE: 'worker' }).problems.map((problem) => problem.pointer)).toEqual(['DATABASE_URL', 'REDIS_URL']);
    expect(failure({ ...shared, PROCESS_ROLE: 'cron' }).problems.map((problem) => problem.pointer)).toEqual(['PROCESS_ROLE']);
  });
});
