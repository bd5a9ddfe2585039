import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSiiSimCommand } from '../../src/cli/sii-sim-command.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { captureContext } from '../cli/capture-context.ts';
import { testCredentials } from '../support/credentials.ts';
import { callSoap, valueOf } from './support/sii-requests.ts';

const directory = mkdtempSync(join(tmpdir(), 'sii-sim-cli-'));

afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Starts the command in-process and returns its output so far, its URL and a way to stop it. */
async function start(...argv: string[]): Promise<{ url: string; stop: () => Promise<{ code: number; stdout: string }> }> {
  let release = (): void => undefined;
  const stopped = new Promise<void>((resolve) => (release = resolve));
  const captured = captureContext();
  const running = runCli(['sii-sim', '--port', '0', ...argv], [createSiiSimCommand(() => stopped)], captured.context);
  for (let attempt = 0; attempt < 200 && !captured.stdout().includes('listening at'); attempt += 1) {
    const early = await Promise.race([running, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 10))]);
    if (early !== undefined) throw new Error(`dte sii-sim ended with ${early}: ${captured.stderr()}`);
  }
  const url = /listening at (\S+)/.exec(captured.stdout())?.[1];
  if (url === undefined) throw new Error('dte sii-sim printed no URL.');
  return { url, stop: async () => { release(); return { code: await running, stdout: captured.stdout() }; } };
}

describe('dte sii-sim', () => {
  it('runs the simulator, prints its URL and what it trusts, and stops', async () => {
    const { raw } = await testCredentials();
    writeFileSync(join(directory, 'sii-authority.pem'), raw.authority.certificatePem);
    const running = await start('--authority', directory, '--latency', '5', '--seed', '3');
    const answer = await callSoap(running.url, 'CrSeed', 'getSeed');
    expect(valueOf(answer.inner, 'SEMILLA')).toMatch(/^\d{12}$/);
    const faults = await (await fetch(`${running.url}/admin/faults`)).json();
    expect(faults).toMatchObject({ latencyMs: 5, serverErrorRate: 0 });
    const { code, stdout } = await running.stop();
    expect(code).toBe(0);
    expect(stdout).toContain(`CAFs trusted: ${directory}/sii-authority.pem and the SII's certificates`);
    expect(stdout).toContain('SII simulator stopped.');
  });

  it('names every bad option at once and exits with 2', async () => {
    const captured = captureContext();
    const code = await runCli(['sii-sim', '--error-rate', '2', '--latency', 'soon', '--schema-errors', 'oracle', '--authority', join(directory, 'missing')], [createSiiSimCommand(() => Promise.resolve())], captured.context);
    expect(code).toBe(2);
    expect(captured.errorLines()).toEqual([
      '--latency: "soon" is not a whole number from 0 to 600000.',
      '--error-rate: "2" is not a rate from 0 to 1.',
      '--schema-errors: "oracle" is neither live nor manual.',
      expect.stringMatching(/^--authority: .*missing\/sii-authority.pem cannot be read as a certificate/),
    ]);
  });
});
