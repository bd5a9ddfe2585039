/**
 * What the application logs through: structured entries (an object of fields, then a message) at four
 * levels, and child loggers that carry fields (company, envelope, …). The composition root hands the
 * application its pino logger (src/observability/logger.ts), which fits this shape; tests may give
 * none. The application imports no logging library itself.
 */
export interface AppLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
  /** A logger whose every entry carries `fields` too. */
  child(fields: Record<string, unknown>): AppLogger;
}
