/**
 * The service's logger: pino, writing JSON lines, with secrets and invoice contents redacted by
 * default. Requests and jobs log through children that carry the company, type and folio.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** What a redacted value reads as in the logs. */
export const LOG_CENSOR = '[redacted]';

/**
 * Keys whose values never reach a log: credentials (headers, passwords, keys, certificates, tokens)
 * and what a document says (request bodies, SII tags that hold the invoice, XML).
 */
const SECRET_KEYS = [
  'authorization', 'cookie', 'set-cookie', 'password', 'passphrase', 'secret', 'token', 'accessToken', 'apiKey',
  'jwtSecret', 'masterKey', 'privateKey', 'key', 'pkcs12', 'certificate', 'cafXml', 'xml', 'body', 'request',
  'Encabezado', 'Detalle', 'Referencia', 'DscRcgGlobal', 'Receptor',
];

/**
 * The redacted paths: each key at the top of a log entry and one and two levels down, plus the
 * headers of requests and answers however they are nested.
 */
export const REDACTED_PATHS: readonly string[] = [
  ...SECRET_KEYS.flatMap((key) => {
    const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
    return [segment.startsWith('.') ? key : segment, `*${segment}`, `*.*${segment}`];
  }),
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  'headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie',
];

/** How to make the logger. */
export interface LoggerOptions {
  /** A pino level or `silent`; `info` by default. */
  level?: string;
  /** Where lines go; standard output by default. Tests pass a stream that keeps them. */
  destination?: DestinationStream;
  /** Fields on every line, such as the service's name. */
  base?: Record<string, unknown>;
}

/** Makes the root logger, redacting REDACTED_PATHS. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const settings = {
    level: options.level ?? 'info',
    base: { service: 'dte', ...options.base },
    redact: { paths: [...REDACTED_PATHS], censor: LOG_CENSOR },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}

/** What a log line may say about the document it concerns. */
export interface DocumentContext {
  company?: string;
  type?: number;
  folio?: number;
  documentId?: string;
}

/**
 * A child logger for one document or job, carrying whichever of company, type and folio are known.
 * Queue workers and the application services call this; the HTTP layer binds the same fields on the
 * request's logger.
 */
export function documentLogger(logger: Logger, context: DocumentContext): Logger {
  return logger.child(documentBindings(context));
}

/** The fields of a context that are known, for `logger.child` or `logger.setBindings`. */
export function documentBindings(context: DocumentContext): Record<string, string | number> {
  const bindings: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(context)) {
    if (value !== undefined) bindings[name] = value as string | number;
  }
  return bindings;
}
