import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipping } from '../support/skip-reason.ts';

const BIN = new URL('../../bin/dte.js', import.meta.url).pathname;
const run = promisify(execFile);
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dte-bin-'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs the real `dte` entry (what `npx dte` runs) and returns its exit code and output. */
async function dte(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...argv], { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('bin/dte.js', () => {
  it('runs dte keys as a child process', async () => {
    const directory = join(root, 'credentials');
    const result = await dte('keys', '--out', directory, '--types', '33');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('TEST CREDENTIALS — local use only');
    expect(readdirSync(directory)).toContain('caf-33.xml');
  });

  it('exits with 2 and one line per problem on bad input', async () => {
    const result = await dte('keys', '--out', join(root, 'refused'), '--rut', '76192083-8', '--from', '5', '--to', '1');
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      '--rut: RUT 76192083-8 has a wrong check digit: 76192083-9 would be valid.',
      '--to: The range ends (1) before it starts (5): "to" must be at least "from".',
    ]);
  });
});

const COMPILED = new URL('../../dist/src/cli/main.js', import.meta.url);
/** A loader hook that fails any import of tsx: the compiled CLI must not need it. */
const NO_TSX = `data:text/javascript,import{register}from"node:module";register("data:text/javascript,export async function resolve(s,c,n){if(s==='tsx'||s.startsWith('tsx/'))throw new Error('tsx was loaded');return n(s,c)}")`;

describe.skipIf(skipping('the compiled CLI test', !existsSync(COMPILED) && 'dist/ is not built (npm run build)'))('bin/dte.js with dist/ built', () => {
  it('runs the compiled CLI without loading tsx', async () => {
    const { stdout } = await run(process.execPath, ['--import', NO_TSX, BIN, '--help'], { encoding: 'utf8' });
    expect(stdout).toContain('Usage: dte [options] [command]');
    const failed = await run(process.execPath, ['--import', NO_TSX, BIN, 'keys', '--out', join(root, 'compiled'), '--from', 'x'], { encoding: 'utf8' })
      .then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toBe('--from: "x" is not a whole number.\n');
  });
});
