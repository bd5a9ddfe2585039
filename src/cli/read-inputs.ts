import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseCaf, type Caf } from '../core/caf.ts';
import { loadCertificate, type SigningCertificate } from '../core/certificate.ts';
import { DteError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { siiCafCertificates } from '../core/verify/index.ts';

/**
 * Reading the files that commands take. Every failure is a user-input DteError naming the option or
 * argument, so the CLI exits with 2 and one line that says what to fix.
 */

function problem(pointer: string, message: string): DteError {
  return new DteError('VALIDATION_FAILED', message, { details: [{ pointer, message }] });
}

/**
 * The subject of a message about a file: the path, unless the line already starts with it (an
 * argument is named by its path), so that no line says the path twice.
 */
function fileSubject(path: string, name: string): string {
  return name === path ? 'The file' : path;
}

/** Reads a file named by an option or argument. */
export function readInput(path: string, name: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
    throw problem(name, `${fileSubject(path, name)} ${reason}.`);
  }
}

/** Parses a JSON file, naming the line of a syntax error. */
export function readJson(path: string, name: string): unknown {
  const text = readInput(path, name).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw problem(name, `${fileSubject(path, name)} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

/**
 * Runs a read and, when it fails on the user's input, adds its problems to `problems` and returns
 * undefined, so that a command reports every problem of its options at once. Other errors propagate.
 */
export function collectProblems<T>(problems: Problem[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof DteError) || error.problems.length === 0) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}

/** The problem with writing to `path` (`--out`), checked before any work: its folder must exist. */
export function outputProblem(path: string, name: string): Problem | undefined {
  const folder = dirname(path);
  const kind = (target: string): 'missing' | 'folder' | 'file' => {
    try {
      const stat = statSync(target, { throwIfNoEntry: false });
      return stat === undefined ? 'missing' : stat.isDirectory() ? 'folder' : 'file';
    } catch {
      return 'missing';
    }
  };
  if (kind(folder) !== 'folder') return { pointer: name, message: `Cannot write ${path}: the folder ${folder} does not exist.` };
  if (kind(path) === 'folder') return { pointer: name, message: `Cannot write ${path}: it is a folder.` };
  return undefined;
}

/** Writes a command's output file, a failure being one line that names the option. */
export function writeOutput(path: string, bytes: Uint8Array | string, name: string): void {
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    throw problem(name, `Cannot write ${path} (${code}).`);
  }
}

export interface CertificateOptions {
  cert: string;
  password?: string;
  passwordFile?: string;
}

/** Opens the PKCS#12 of `--cert` with `--password` or the first line of `--password-file`. */
export function readCertificate(options: CertificateOptions): SigningCertificate {
  const password = options.password ?? (options.passwordFile === undefined
    ? undefined
    : readInput(options.passwordFile, '--password-file').toString('utf8').split(/\r?\n/)[0]);
  if (password === undefined) throw problem('--password', 'The certificate needs its password: give --password or --password-file.');
  try {
    return loadCertificate(readInput(options.cert, '--cert'), password);
  } catch (error) {
    if (error instanceof DteError && error.code === 'CERTIFICATE_INVALID') throw problem('--cert', error.message);
    throw error;
  }
}

/** Reads a CAF file. */
export function readCaf(path: string): Caf {
  try {
    return parseCaf(readInput(path, '--caf'));
  } catch (error) {
    if (error instanceof DteError && error.problems.length === 0) throw problem('--caf', error.message);
    throw error;
  }
}

/**
 * The certificates trusted to sign CAFs: the one of `--sii-cert` (PEM or DER, as the SII publishes
 * 100.cer and 300.cer), else the SII's own for both environments.
 */
export function readTrustedCafSigners(path: string | undefined): X509Certificate[] {
  if (path === undefined) return siiCafCertificates();
  const bytes = readInput(path, '--sii-cert');
  try {
    return [new X509Certificate(bytes)];
  } catch {
    throw problem('--sii-cert', `${path} is not an X.509 certificate in PEM or DER.`);
  }
}

/** The range a whole number option must fall in. */
export interface WholeNumberRange {
  minimum: number;
  maximum?: number;
}

/** NroResol (NroResolType, a non-negative integer of six digits): 0 is the resolution of certificación. */
export const RESOLUTION_NUMBER_RANGE: WholeNumberRange = { minimum: 0, maximum: 999_999 };

/**
 * A whole number option, or undefined when it is not given or not right (its problem then added to
 * `problems`): "x" is not a whole number, "-3" is one out of range.
 */
export function readWholeNumber(text: string | undefined, name: string, problems: Problem[], range: WholeNumberRange): number | undefined {
  if (text === undefined) return undefined;
  const { minimum, maximum = Number.MAX_SAFE_INTEGER } = range;
  if (!/^\s*-?\d+\s*$/.test(text)) {
    problems.push({ pointer: name, message: `"${text}" is not a whole number.` });
    return undefined;
  }
  const value = Number(text);
  if (value < minimum || value > maximum) {
    const bounds = maximum === Number.MAX_SAFE_INTEGER ? `of at least ${minimum}` : `from ${minimum} to ${maximum}`;
    problems.push({ pointer: name, message: `"${text.trim()}" must be a whole number ${bounds}.` });
    return undefined;
  }
  return value;
}

/**
 * A date option written YYYY-MM-DD that names a real day of the calendar, or undefined when it is not
 * given or not right (its problem then added to `problems`).
 */
export function readDate(text: string | undefined, name: string, problems: Problem[]): string | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) {
    problems.push({ pointer: name, message: `"${text}" is not a date written YYYY-MM-DD.` });
    return undefined;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    problems.push({ pointer: name, message: `"${text}" is not a day of the calendar.` });
    return undefined;
  }
  return text;
}
