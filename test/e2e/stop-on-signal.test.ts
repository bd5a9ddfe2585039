import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readServiceAddress } from '../../src/config/service-address.ts';

/**
 * A user or a process manager stops `npm start` and `npx dte sii-sim` by killing the PID it started,
 * which is npm's: npm does not pass the signal on, and the server must still stop and free its port.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const directories: string[] = [];
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Runs an npm command line, waits until `port` answers, kills npm's PID, and waits until the port is free. */
async function killNpmAndWaitForPort(argv: string[], port: number, ready: string, environment: Record<string, string>, whileRunning: () => void = () => {}): Promise<string> {
  const child = spawn('npm', argv, { cwd: ROOT, env: { ...process.env, ...environment }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  // Up when the port answers and the process has said so (under load the line may trail the port).
  await waitFor(async () => (await portOpen(port)) && output.includes(ready), `port ${port} to open (${output})`, 90_000);
  whileRunning();
  child.kill('SIGTERM');
  await waitFor(async () => !(await portOpen(port)), `port ${port} to be freed after npm was killed`, 60_000);
  return output;
}

describe('killing the PID of npm', () => {
  it('stops `npx dte sii-sim`: the port is free again', async () => {
    const port = await freePort();
    const output = await killNpmAndWaitForPort(['exec', '--', 'dte', 'sii-sim', '--port', String(port)], port, 'SII simulator listening', {});
    expect(output).toContain('SII simulator listening');
  }, 120_000);

  it('stops `npm start`: the server shuts down and frees its port', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'dte-stop-'));
    directories.push(directory);
    const port = await freePort();
    let recorded: string | undefined;
    const output = await killNpmAndWaitForPort(['start'], port, 'DTE service listening', { DATA_DIR: directory, PORT: String(port), LOG_LEVEL: 'info' }, () => {
      recorded = readServiceAddress(directory);
    });
    expect(output).toContain('"msg":"shutting down"');
    // Where it listened was in DATA_DIR for `dte ask` while it ran, and is gone with it.
    expect(recorded).toBe(`http://127.0.0.1:${port}`);
    expect(readServiceAddress(directory)).toBeUndefined();
  }, 150_000);
});
