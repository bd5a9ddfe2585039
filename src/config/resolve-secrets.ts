/**
 * Secrets that may live in files of the data directory when the environment does not give them: the
 * HS256 secret of local tokens (`DATA_DIR/jwt-secret`) and the master key that encrypts certificates
 * and CAF keys at rest (`DATA_DIR/master-key`). Both are created on first use with mode 0600.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DteError } from '../core/errors.ts';
import type { Config } from './config.ts';

/** The file name of the generated JWT secret inside the data directory. */
export const JWT_SECRET_FILE = 'jwt-secret';
/** The file name of the generated master key inside the data directory. */
export const MASTER_KEY_FILE = 'master-key';

/** A secret and where it came from. */
export interface ResolvedSecret<T> {
  value: T;
  /** `environment`, or the path of the file that holds it. */
  source: string;
  /** Whether the file was created just now. */
  created: boolean;
  /** Things an operator should know, to be logged as warnings. */
  warnings: string[];
}

/** The secrets the service runs with. */
export interface Secrets {
  /** The HS256 secret of local tokens, `null` when tokens come from a JWKS. */
  jwtSecret: string | null;
  /** 32 bytes. */
  masterKey: Buffer;
  /** Things an operator should know, to be logged as warnings at startup. */
  warnings: string[];
}

/**
 * The HS256 secret for local tokens: `JWT_SECRET`, else the content of `DATA_DIR/jwt-secret`,
 * created when missing. `null` in JWKS mode, where the service holds no signing secret. The service
 * and `dte token` both call this, so they agree on the secret.
 */
export async function resolveJwtSecret(config: Config): Promise<ResolvedSecret<string> | null> {
  if (config.auth.mode === 'jwks') return null;
  if (config.auth.secret !== null) return { value: config.auth.secret, source: 'environment', created: false, warnings: [] };
  const path = join(config.dataDirectory, JWT_SECRET_FILE);
  const file = await readOrCreate(path, () => randomBytes(32).toString('base64url'));
  if (file.text.length < 32) {
    throw new DteError('VALIDATION_FAILED', `${path} holds a JWT secret shorter than 32 characters: delete it to have a new one made, or set JWT_SECRET.`);
  }
  return { value: file.text, source: path, created: file.created, warnings: file.warnings };
}

/**
 * The master key: `MASTER_KEY`, else the key in `DATA_DIR/master-key`, created when missing. A key
 * from a file always comes with a warning: whoever reads the data directory can decrypt the
 * certificates, and losing the file loses them.
 */
export async function resolveMasterKey(config: Config): Promise<ResolvedSecret<Buffer>> {
  if (config.masterKey !== null) {
    return { value: Buffer.from(config.masterKey, 'base64'), source: 'environment', created: false, warnings: [] };
  }
  const path = join(config.dataDirectory, MASTER_KEY_FILE);
  const file = await readOrCreate(path, () => randomBytes(32).toString('base64'));
  const key = Buffer.from(file.text, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(file.text) || key.length !== 32) {
    throw new DteError('VALIDATION_FAILED', `${path} does not hold a 32-byte key in base64: restore it from a backup, or set MASTER_KEY.`);
  }
  const warning = `MASTER_KEY is not set: certificates and CAF keys are encrypted with the key in ${path}${file.created ? ', created now' : ''}. `
    + 'Keep a copy of it (losing it loses them) and set MASTER_KEY in production.';
  return { value: key, source: path, created: file.created, warnings: [warning, ...file.warnings] };
}

/** Resolves both secrets (see resolveJwtSecret and resolveMasterKey). */
export async function resolveSecrets(config: Config): Promise<Secrets> {
  const jwt = await resolveJwtSecret(config);
  const master = await resolveMasterKey(config);
  return Object.freeze({
    jwtSecret: jwt?.value ?? null,
    masterKey: master.value,
    warnings: [...(jwt?.warnings ?? []), ...master.warnings],
  });
}

interface SecretFile {
  text: string;
  created: boolean;
  warnings: string[];
}

/**
 * Reads a secret file, or creates it with `generate()` (mode 0600, in a directory of mode 0700). Two
 * processes starting at once both end with the file the first one wrote.
 */
async function readOrCreate(path: string, generate: () => string): Promise<SecretFile> {
  const existing = await readSecret(path);
  if (existing !== undefined) return existing;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const text = generate();
  try {
    await writeFile(path, `${text}\n`, { flag: 'wx', mode: 0o600 });
    return { text, created: true, warnings: [] };
  } catch (error) {
    if (isCode(error, 'EEXIST')) {
      const raced = await readSecret(path);
      if (raced !== undefined) return raced;
    }
    throw error;
  }
}

async function readSecret(path: string): Promise<SecretFile | undefined> {
  try {
    const [text, status] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    const open = (status.mode & 0o077) !== 0;
    const warnings = open && process.platform !== 'win32' ? [`${path} can be read by other users: run chmod 600 on it.`] : [];
    return { text: text.trim(), created: false, warnings };
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
