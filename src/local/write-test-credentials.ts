import { mkdir, open, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DteError } from '../core/errors.ts';
import type { TestCredentials } from './generate-test-credentials.ts';

/** One file written by writeTestCredentials. */
export interface WrittenFile {
  /** Absolute path. */
  path: string;
  /** What the file holds, in a few words. */
  description: string;
  /** True for files that hold a secret and are written with mode 0600. */
  secret: boolean;
}

/** Options of writeTestCredentials. */
export interface WriteTestCredentialsOptions {
  /** Replace files that already exist; without it, existing credentials are never overwritten. */
  overwrite?: boolean;
}

interface PlannedFile {
  name: string;
  content: string | Buffer;
  description: string;
  secret: boolean;
}

/**
 * Writes test credentials to a directory (created when missing): `sii-authority.pem`,
 * `sii-authority.key` (0600), `company.p12`, `company.password` (0600), `caf-<type>.xml` and a
 * `README.txt` saying that they are for local use only. Existing files are a CONFLICT error unless
 * `overwrite` is set, because replacing the authority or a CAF silently would break a working setup.
 * A directory that cannot be created or written is a VALIDATION_FAILED error saying why, in one line.
 */
export async function writeTestCredentials(
  credentials: TestCredentials,
  directory: string,
  options: WriteTestCredentialsOptions = {},
): Promise<WrittenFile[]> {
  const target = resolve(directory);
  const planned = planFiles(credentials);
  await createDirectory(target);
  if (!options.overwrite) {
    const existing = (await Promise.all(planned.map(async (file) => ((await exists(join(target, file.name))) ? [file.name] : []))))
      .flat();
    if (existing.length > 0) {
      throw new DteError('CONFLICT', `${target} already holds ${existing.join(', ')}: choose another directory or replace them with --force.`);
    }
  }
  const written: WrittenFile[] = [];
  for (const file of planned) {
    const path = join(target, file.name);
    try {
      await writeFile(path, file.content, file.secret ? 0o600 : 0o644);
    } catch (error) {
      throw unwritable(path, error);
    }
    written.push({ path, description: file.description, secret: file.secret });
  }
  return written;
}

function planFiles(credentials: TestCredentials): PlannedFile[] {
  const cafFiles = credentials.cafs.map((caf): PlannedFile => ({
    name: `caf-${caf.type}.xml`,
    content: caf.xml,
    description: `CAF for document type ${caf.type}, folios ${caf.from} to ${caf.to}`,
    secret: false,
  }));
  return [
    { name: 'sii-authority.pem', content: credentials.authority.certificatePem, description: 'test SII authority certificate (trust it locally instead of 100.cer/300.cer)', secret: false },
    { name: 'sii-authority.key', content: credentials.authority.privateKeyPem, description: 'private key of the test authority', secret: true },
    { name: 'company.p12', content: credentials.company.p12, description: `signing certificate of ${credentials.signerRut} (PKCS#12)`, secret: false },
    { name: 'company.password', content: `${credentials.company.password}\n`, description: 'password of company.p12', secret: true },
    ...cafFiles,
    { name: 'README.txt', content: readme(credentials), description: 'what these files are', secret: false },
  ];
}

/** Writes a file, setting its mode before any byte lands so a secret is never readable by others. */
async function writeFile(path: string, content: string | Buffer, mode: number): Promise<void> {
  const handle = await open(path, 'w', mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}

/**
 * Creates a directory and its missing parents, one level at a time (writeTestCredentials calls it too;
 * calling it first says whether the directory can be made before the slow key generation). Node's `mkdir(…, { recursive: true })`
 * is not used: where a file system refuses a new entry with ENOENT although the parent exists (/proc,
 * /sys), it retries for good at 100% CPU. Here every level is tried once and a refusal is an error.
 */
export async function createDirectory(target: string): Promise<void> {
  const missing: string[] = [];
  for (let current = target; ; current = dirname(current)) {
    const kind = await kindOf(current);
    if (kind === 'directory') break;
    if (kind === 'other') throw unwritable(target, undefined, `${current} is not a directory`);
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const directory of missing) {
    try {
      await mkdir(directory, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || (await kindOf(directory)) !== 'directory') throw unwritable(target, error);
    }
  }
}

/** What a path is; a path under a file (ENOTDIR) is missing, so that the walk up finds the file. */
async function kindOf(path: string): Promise<'directory' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw unwritable(path, error);
  }
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOENT: 'the file system does not allow creating it',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'a directory is in the way',
  ENOSPC: 'no space is left on the device',
  ENAMETOOLONG: 'the name is too long',
};

/** The error of a path that cannot be created or written, with the reason in a few words. */
function unwritable(path: string, cause: unknown, reason?: string): DteError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? '';
  const why = reason ?? REASONS[code] ?? (code === '' ? 'it cannot be written' : `it cannot be written (${code})`);
  return new DteError('VALIDATION_FAILED', `${path} cannot be written: ${why}.`, cause === undefined ? {} : { cause });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function readme(credentials: TestCredentials): string {
  const types = credentials.cafs.map((caf) => caf.type).join(', ');
  return [
    'TEST CREDENTIALS - FOR LOCAL USE AND TESTS ONLY',
    '',
    'These files were generated by `dte keys`. They are NOT valid at the SII (Servicio de Impuestos',
    'Internos): the SII does not know this authority, this certificate or these CAFs. Use them only with',
    'the local SII (sii-sim) and in tests. Never send documents signed with them to maullin or palena.',
    '',
    `Company RUT: ${credentials.companyRut}`,
    `Signer RUT (certificate subject serialNumber): ${credentials.signerRut}`,
    `Company name: ${credentials.companyName}`,
    '',
    'sii-authority.pem  Test authority certificate ("TEST SII AUTHORITY - NOT THE SII"). It stands in for',
    '                   the SII certificates 100.cer and 300.cer: configure it as the trusted CAF signer',
    `                   locally. Its CAFs carry IDK ${credentials.authority.idk} (the SII uses 100 and 300).`,
    '                   It also issued company.p12.',
    'sii-authority.key  Its private key (mode 0600). Whoever holds it can sign more test CAFs.',
    'company.p12        PKCS#12 with the signing key and certificate, encrypted with 3DES; OpenSSL 3',
    '                   opens it without -legacy.',
    'company.password   The password of company.p12 (mode 0600).',
    `caf-<type>.xml     One CAF per document type (${types}), ISO-8859-1, in the SII's format.`,
    '',
  ].join('\n');
}
