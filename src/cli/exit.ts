import { CommanderError } from 'commander';
import { DteError, type DteErrorCode } from '../core/errors.ts';
import type { CliIo } from './cli-context.ts';

/**
 * The one place that turns an error into the CLI's exit code and what it prints. Exit 0 is success,
 * 2 means the user must change the input (a validation problem, a bad option, an untrusted CAF), and 1
 * means something else failed (the SII could not be reached, a bug).
 */

/** The process succeeded. */
export const EXIT_SUCCESS = 0;
/** Something failed that the input does not explain. */
export const EXIT_FAILURE = 1;
/** The input was wrong: a usage error or a DteError caused by what the user gave. */
export const EXIT_USAGE = 2;

/**
 * Codes caused by the user's input; every other code (SII_UNAVAILABLE, SII_REJECTED, INTERNAL, codes
 * added later) exits with 1 until it is listed here.
 */
const USER_INPUT_CODES: ReadonlySet<DteErrorCode> = new Set<DteErrorCode>([
  'VALIDATION_FAILED',
  'TOTALS_MISMATCH',
  'CERTIFICATE_INVALID',
  'CAF_INVALID',
  'CAF_UNTRUSTED',
  'CAF_FOLIO_OUT_OF_RANGE',
  'CAF_EXHAUSTED',
  'XML_INVALID',
  'NOT_FOUND',
  'CONFLICT',
]);

/** How reportError prints. */
export interface ReportOptions {
  /** Print stack traces and causes of unexpected errors (the `--debug` flag). */
  debug: boolean;
}

/**
 * Reports an error on stderr and returns the exit code. A user-input DteError prints one line per
 * problem (`/Detalle/0/QtyItem: …`), or its message when it lists none. A commander usage error has
 * already been printed by commander and exits with 2 (help and version exit with 0). Anything else
 * prints one line, and its stack only with `--debug`. Messages never carry secrets: errors are built
 * that way, and nothing here prints an error's details beyond its problems.
 */
export function reportError(error: unknown, io: CliIo, options: ReportOptions): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT_SUCCESS : EXIT_USAGE;
  }
  if (error instanceof DteError && USER_INPUT_CODES.has(error.code)) {
    const lines = error.problems.length > 0
      ? error.problems.map((problem) => (problem.pointer === '' ? problem.message : `${problem.pointer}: ${problem.message}`))
      : [`error: ${error.message}`];
    for (const line of lines) io.err(`${oneLine(line)}\n`);
    return EXIT_USAGE;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`error: ${oneLine(message)}${options.debug ? '' : ' (run with --debug for details)'}\n`);
  if (options.debug) io.err(`${describe(error)}\n`);
  return EXIT_FAILURE;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The stack of an error followed by those of its causes. */
function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth += 1) {
    parts.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) parts.push('caused by:');
  }
  return parts.join('\n');
}
