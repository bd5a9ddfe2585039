import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm start` as a newcomer and as an operator run it: the demo token (admin, seven days) is printed
 * on the embedded start only, on stdout and never in a log line.
 */
const TSX = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;
const directories: string[] = [];

afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** Starts the server entry with only `environment`, waits until it has started, stops it, and returns its output. */
async function start(environment: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  const directory = mkdtempSync(join(tmpdir(), 'dte-main-'));
  directories.push(directory);
  const child = spawn(TSX, [MAIN], {
    env: { PATH: process.env['PATH'] ?? '', HOME: directory, DATA_DIR: directory, PORT: '0', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 150_000;
  // The demo text ends with the docs line; without it, the listening line is the last one.
  const started = (): boolean => stdout.includes('API docs:') || (stdout.includes('DTE service listening') && environment['JWT_SECRET'] !== undefined);
  while (!started() && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 100));
  // A moment more, so that a demo text printed after the listening line would be seen.
  await new Promise((resolve) => setTimeout(resolve, 300));
  child.kill('SIGTERM');
  await exited;
  return { stdout, stderr };
}

const TOKEN_LINE = /^ {2}export TOKEN=([\w-]+\.[\w-]+\.[\w-]+)$/m;

describe('the server entry', { timeout: 180_000 }, () => {
  it('prints a demo token on the embedded start, on stdout, and in no log line', async () => {
    const { stdout, stderr } = await start({});
    expect(stdout).toContain('DTE service listening');
    const token = TOKEN_LINE.exec(stdout)?.[1];
    expect(token, stdout).toBeDefined();
    expect(stdout).toMatch(/curl -s -X POST http:\/\/[\d.:]+\/v1\/agent\/ask /);
    // The curl that issues a document carries an Idempotency-Key, so that a retried POST issues no second folio.
    const issuing = stdout.slice(stdout.indexOf('/v1/documents -H'), stdout.indexOf("-d '{\"Encabezado\""));
    expect(issuing).toContain("-H 'Idempotency-Key: demo-factura-1'");
    const logLines = stdout.split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toContain(token);
    expect(stderr).not.toContain(token);
  }, 60_000);

  it('prints none when JWT_SECRET is set, even with the local SII', async () => {
    const { stdout } = await start({ SII_ENV: 'local', JWT_SECRET: 'an-operator-secret-that-is-long-enough-for-hs256' });
    expect(stdout).toContain('DTE service listening');
    expect(stdout).not.toContain('export TOKEN=');
    expect(stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  }, 60_000);
});
