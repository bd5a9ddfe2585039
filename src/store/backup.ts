/**
 * Backups of the store and restores that never give a folio twice. A backup is a folder: the
 * database (PGlite's data folder as a gzipped tar, or PostgreSQL's `pg_dump --format=custom`) and a
 * manifest with the folio counters at the time. It holds the certificates and CAF keys encrypted with
 * the master key, never the key itself (`DATA_DIR/master-key` or `MASTER_KEY`): keep that apart.
 *
 * A restored store forgot the folios issued after its backup, which the SII may already hold. So a
 * restore moves every folio counter forward by `skipFolios` (at least the folios issued since the
 * backup; the skipped ones are annulled at the SII), records that in the audit log, and refuses to
 * write over a database that holds data.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { DteError } from '../core/errors.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { PGLITE_FOLDER } from './open-store.ts';
import { createPgliteDatabase } from './pglite-database.ts';
import { createPostgresDatabase } from './postgres-database.ts';

const execute = promisify(execFile);

/**
 * Runs pg_dump or pg_restore on a database URL without putting its password on the command line
 * (where `ps` shows it) or in the error: the password goes in PGPASSWORD, and a failure reports the
 * tool's own message.
 */
async function runPostgresTool(command: string, args: string[], databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  try {
    // The tool inherits the process's environment (PATH, PG* settings) and gets the password beside it: not configuration.
    // eslint-disable-next-line no-restricted-properties
    const environment = { ...process.env, ...(password === '' ? {} : { PGPASSWORD: password }) };
    await execute(command, [...args, `--dbname=${url.toString()}`], { env: environment });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    const message = stderr || (error instanceof Error ? error.message : String(error));
    throw new DteError('INTERNAL', `${command} failed: ${message.replaceAll(databaseUrl, url.toString())}`);
  }
}

/** The manifest's name in a backup folder, and its format tag. */
export const BACKUP_MANIFEST = 'manifest.json';
const FORMAT = 'dte-backup/1';
const PGLITE_ARCHIVE = 'pglite.tar.gz';
const POSTGRES_ARCHIVE = 'postgres.dump';

/** Which database: PostgreSQL when `databaseUrl` is set, else PGlite in `dataDirectory`. */
export interface BackupTarget {
  databaseUrl: string | null;
  dataDirectory: string;
}

/** One folio counter: the next folio the store would give. */
export interface FolioCounter {
  company: string;
  type: number;
  nextFolio: number;
}

/** What a backup folder's manifest says. */
export interface BackupManifest {
  format: typeof FORMAT;
  engine: 'pglite' | 'postgresql';
  createdAt: string;
  archive: string;
  folioCounters: FolioCounter[];
  /** Documents stored at the time. */
  documents: number;
}

/** What a restore did. */
export interface RestoreReport {
  manifest: BackupManifest;
  /** The counters after the restore, moved forward by `skipFolios`. */
  folioCounters: FolioCounter[];
  skipFolios: number;
}

function failure(message: string): DteError {
  return new DteError('VALIDATION_FAILED', message);
}

/** The counters and the number of documents a database holds. */
async function snapshot(database: Pick<Database, 'query'>): Promise<{ folioCounters: FolioCounter[]; documents: number }> {
  const { rows } = await database.query<{ company_rut: string; document_type: number; next_folio: string | number }>(
    'SELECT company_rut, document_type, next_folio FROM folio_counters ORDER BY company_rut, document_type',
  );
  const count = await database.query<{ count: string | number }>('SELECT count(*) AS count FROM documents');
  return {
    folioCounters: rows.map((row) => ({ company: row.company_rut, type: Number(row.document_type), nextFolio: Number(row.next_folio) })),
    documents: Number(count.rows[0]?.count ?? 0),
  };
}

async function emptyFolder(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length === 0;
  } catch {
    return true;
  }
}

/**
 * Backs the store up into the folder `out` (created; it must be empty). For PGlite the service must
 * be stopped: PGlite's folder belongs to one process. PostgreSQL is dumped while the service runs.
 */
export async function backupStore(target: BackupTarget, out: string, now: Date): Promise<BackupManifest> {
  if (!(await emptyFolder(out))) throw failure(`${out} is not empty: back up into a new folder.`);
  await mkdir(out, { recursive: true });
  if (target.databaseUrl) {
    await runPostgresTool('pg_dump', ['--format=custom', '--no-owner', `--file=${join(out, POSTGRES_ARCHIVE)}`], target.databaseUrl);
    const database = createPostgresDatabase({ connectionString: target.databaseUrl });
    try {
      return await writeManifest(out, { engine: 'postgresql', archive: POSTGRES_ARCHIVE, createdAt: now.toISOString(), ...(await snapshot(database)) });
    } finally {
      await database.close();
    }
  }
  const folder = join(target.dataDirectory, PGLITE_FOLDER);
  if (await emptyFolder(folder)) throw failure(`${folder} holds no database to back up.`);
  const engine = await PGlite.create(folder);
  try {
    const counters = await snapshot({ query: async <Row>(sql: string) => ({ rows: (await engine.query<Row>(sql)).rows }) });
    const archive = await engine.dumpDataDir('gzip');
    await writeFile(join(out, PGLITE_ARCHIVE), Buffer.from(await archive.arrayBuffer()));
    return await writeManifest(out, { engine: 'pglite', archive: PGLITE_ARCHIVE, createdAt: now.toISOString(), ...counters });
  } finally {
    await engine.close();
  }
}

async function writeManifest(out: string, fields: Omit<BackupManifest, 'format'>): Promise<BackupManifest> {
  const manifest: BackupManifest = { format: FORMAT, ...fields };
  await writeFile(join(out, BACKUP_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads and checks a backup folder's manifest. */
export async function readManifest(backup: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(backup, BACKUP_MANIFEST), 'utf8')) as BackupManifest;
  } catch (error) {
    throw failure(`${join(backup, BACKUP_MANIFEST)} cannot be read (${error instanceof Error ? error.message : String(error)}): is ${backup} a backup made by dte backup?`);
  }
  if (manifest.format !== FORMAT) throw failure(`${backup} is not a backup of this format (${FORMAT}).`);
  return manifest;
}

/**
 * Restores a backup into an empty database (a fresh `DATA_DIR` for PGlite, an empty PostgreSQL
 * database), applies this version's migrations, and moves every folio counter `skipFolios` forward,
 * so that folios issued after the backup are not issued again.
 */
export async function restoreStore(backup: string, target: BackupTarget, options: { skipFolios: number; now: Date }): Promise<RestoreReport> {
  if (!Number.isInteger(options.skipFolios) || options.skipFolios < 0) throw failure('--skip-folios must be a whole number, 0 or more.');
  const manifest = await readManifest(backup);
  const database = target.databaseUrl ? await restorePostgres(backup, manifest, target.databaseUrl) : await restorePglite(backup, manifest, target.dataDirectory);
  try {
    await migrate(database);
    await database.transaction(async (transaction) => {
      await transaction.query('UPDATE folio_counters SET next_folio = next_folio + $1', [options.skipFolios]);
      await transaction.query(
        "INSERT INTO audit_log (actor, action, target, detail) VALUES ('dte restore', 'store.restored', $1, $2)",
        [manifest.createdAt, JSON.stringify({ backupCreatedAt: manifest.createdAt, skipFolios: options.skipFolios, restoredAt: options.now.toISOString() })],
      );
    });
    return { manifest, folioCounters: (await snapshot(database)).folioCounters, skipFolios: options.skipFolios };
  } finally {
    await database.close();
  }
}

async function restorePglite(backup: string, manifest: BackupManifest, dataDirectory: string): Promise<Database> {
  if (manifest.engine !== 'pglite') throw failure(`${backup} is a ${manifest.engine} backup: restore it with DATABASE_URL set.`);
  const folder = join(dataDirectory, PGLITE_FOLDER);
  if (!(await emptyFolder(folder))) throw failure(`${folder} already holds a database: restore into a new DATA_DIR.`);
  await mkdir(folder, { recursive: true });
  const archive = new Blob([await readFile(join(backup, manifest.archive))]);
  const engine = await PGlite.create({ dataDir: folder, loadDataDir: archive });
  await engine.close();
  return createPgliteDatabase({ dataDirectory: folder });
}

async function restorePostgres(backup: string, manifest: BackupManifest, databaseUrl: string): Promise<Database> {
  if (manifest.engine !== 'postgresql') throw failure(`${backup} is a ${manifest.engine} backup: restore it without DATABASE_URL, into a new DATA_DIR.`);
  const database = createPostgresDatabase({ connectionString: databaseUrl });
  try {
    const { rows } = await database.query<{ count: string | number }>("SELECT count(*) AS count FROM information_schema.tables WHERE table_schema = 'public'");
    if (Number(rows[0]?.count ?? 0) > 0) throw failure('The database of DATABASE_URL already holds tables: restore into a new, empty database.');
    await runPostgresTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', join(backup, manifest.archive)], databaseUrl);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
