import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseCaf, type Caf } from '../core/caf.ts';
import { loadCertificate, type SigningCertificate } from '../core/certificate.ts';
import { DteError } from '../core/errors.ts';
import { siiCafCertificates } from '../core/verify/index.ts';

/**
 * Reading the files that commands take. Every failure is a user-input DteError naming the option or
 * argument, so the CLI exits with 2 and one line that says what to fix.
 */

function problem(pointer: string, message: string): DteError {
  return new DteError('VALIDATION_FAILED', message, { details: [{ pointer, message }] });
}

/** Reads a file named by an option or argument. */
export function readInput(path: string, name: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
    throw problem(name, `${path} ${reason}.`);
  }
}

/** Parses a JSON file, naming the line of a syntax error. */
export function readJson(path: string, name: string): unknown {
  const text = readInput(path, name).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw problem(name, `${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
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

/** A whole number option. */
export function readWholeNumber(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw problem(name, `"${text}" is not a whole number.`);
  return Number(text);
}
