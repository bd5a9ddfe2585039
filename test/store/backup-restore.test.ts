import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerBackupCommand } from '../../src/cli/backup-command.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createService } from '../../src/service.ts';
import { PGLITE_FOLDER } from '../../src/store/open-store.ts';
import { captureContext } from '../cli/capture-context.ts';
import { freshDatabase, postgresUnreachable } from '../support/postgres.ts';
import { sampleRequest } from '../support/requests.ts';

/**
 * The restore drill: issue, back up, issue more, restore the older backup into a fresh store, start
 * it: the documents of the backup are there, the later ones are not, and no folio is given twice.
 */
const DEMO = '76192083-9';
const unreachable = await postgresUnreachable();
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function folder(prefix: string): string {
  const path = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(path, { recursive: true, force: true }));
  return path;
}

async function dte(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = captureContext();
  const code = await runCli(argv, [registerBackupCommand], captured.context);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** Starts the service on a DATA_DIR (and a database), issues `count` facturas (to a verdict when `settle`), reads `ids`, stops. */
async function session(directory: string, environment: Record<string, string>, count: number, ids: string[] = [], settle = false): Promise<{ folios: number[]; ids: string[]; found: number[] }> {
  const config = loadConfig({ DATA_DIR: directory, PORT: '0', RATE_LIMIT_PER_MINUTE: '0', ENVELOPE_MAX_WAIT_MS: '30', DEMO_COMPANY_RUT: DEMO, ...environment });
  const service = await createService(config, { logger: createLogger({ level: 'silent' }), simulatorStepMs: 10, submission: { statusFirstDelayMs: 50, statusMaxDelayMs: 200 } });
  try {
    const url = await service.start();
    const token = (await service.localToken({ subject: 'drill', role: 'issuer', companies: [DEMO], ttlSeconds: 600, now: new Date() }))!;
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: response.status, json: await response.json() as { id: string; folio: number; state: string } };
    };
    const issued: { id: string; folio: number }[] = [];
    for (let index = 0; index < count; index += 1) issued.push((await call('POST', '/v1/documents', sampleRequest(33))).json);
    for (const document of issued.slice(0, settle ? issued.length : 0)) {
      for (let attempt = 0; attempt < 300 && !['accepted', 'rejected', 'failed'].includes((await call('GET', `/v1/documents/${document.id}`)).json.state); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const found = (await Promise.all(ids.map(async (id) => ((await call('GET', `/v1/documents/${id}`)).status === 200 ? 1 : 0))));
    return { folios: issued.map((document) => document.folio), ids: issued.map((document) => document.id), found };
  } finally {
    await service.close();
  }
}

/** The next folio of type 33 as a restore printed it. */
function nextFolio(stdout: string): number {
  return Number(new RegExp(`${DEMO} type 33: next folio (\\d+)`).exec(stdout)?.[1]);
}

/** DATA_DIR's own files (master key, JWT secret, local test credentials), which the operator keeps apart from the backup. */
function copyKeyFiles(from: string, to: string): void {
  for (const name of readdirSync(from)) if (name !== PGLITE_FOLDER) cpSync(join(from, name), join(to, name), { recursive: true });
}

async function drill(environmentOf: (step: 'source' | 'restored') => Promise<Record<string, string>>, databaseOption: (environment: Record<string, string>) => string[]): Promise<void> {
  const source = folder('dte-drill-source-');
  const sourceEnvironment = await environmentOf('source');
  const before = await session(source, sourceEnvironment, 2);
  const backup = join(folder('dte-drill-backup-'), 'backup');
  const backedUp = await dte('backup', '--out', backup, '--data-dir', source, ...databaseOption(sourceEnvironment));
  expect(backedUp.stderr).toBe('');
  expect(backedUp.stdout).toContain('Keep the master key');
  expect(nextFolio(backedUp.stdout)).toBe(Math.max(...before.folios) + 1);
  const after = await session(source, sourceEnvironment, 2, [], true);
  const highest = Math.max(...after.folios);
  expect(highest).toBeGreaterThan(Math.max(...before.folios));

  // Restored as it was, the store would give the folios issued after the backup again: its counter is behind.
  expect(nextFolio(backedUp.stdout)).toBeLessThanOrEqual(highest);

  const target = folder('dte-drill-restored-');
  const restoredEnvironment = await environmentOf('restored');
  const restored = await dte('restore', backup, '--skip-folios', '10', '--data-dir', target, ...databaseOption(restoredEnvironment));
  expect(restored.stderr).toBe('');
  expect(nextFolio(restored.stdout)).toBeGreaterThan(highest);
  const again = await dte('restore', backup, '--skip-folios', '10', '--data-dir', target, ...databaseOption(restoredEnvironment));
  expect(again.code).toBe(2);
  expect(again.stderr).toMatch(/already holds/);

  copyKeyFiles(source, target);
  const later = await session(target, restoredEnvironment, 1, [...before.ids, ...after.ids]);
  expect(later.found).toEqual([1, 1, 0, 0]);
  expect(later.folios[0]).toBeGreaterThan(highest);
}

describe('dte backup and dte restore', () => {
  it('restore a PGlite DATA_DIR with the documents of the backup and folio counters past every folio issued since', async () => {
    await drill(async () => ({}), () => []);
  }, 300_000);

  it.skipIf(unreachable !== undefined)(`restore a PostgreSQL database the same way${unreachable === undefined ? '' : ` (skipped: ${unreachable})`}`, async () => {
    const secrets = { JWT_SECRET: 'restore-drill-secret-restore-drill-secret', MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };
    await drill(async () => {
      const database = await freshDatabase();
      cleanups.push(() => database.drop());
      return { ...secrets, DATABASE_URL: database.url() };
    }, (environment) => ['--database-url', environment.DATABASE_URL!]);
  }, 300_000);

  it('refuses a folder that is not a backup and a --skip-folios that is not a whole number, exit 2', async () => {
    const empty = folder('dte-drill-empty-');
    expect((await dte('restore', empty, '--skip-folios', '3', '--data-dir', folder('dte-drill-x-'))).stderr).toMatch(/manifest\.json cannot be read/);
    const wrong = await dte('restore', empty, '--skip-folios', '-1', '--data-dir', folder('dte-drill-y-'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--skip-folios');
  });
});
