import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The architecture rules of .dependency-cruiser.cjs, each shown to fail on a deliberate violation: a
 * small tree with the project's folders, where every file breaks one rule, is cruised with the
 * project's own configuration.
 */
const root = new URL('../../', import.meta.url).pathname;
const tree = mkdtempSync(join(tmpdir(), 'dte-boundaries-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

/** One file per rule, importing what the rule forbids; the targets exist so that imports resolve. */
const VIOLATIONS: Record<string, { file: string; imports: string }> = {
  'core-is-pure': { file: 'src/core/bad.ts', imports: '../app/ports/store.ts' },
  'app-is-the-hub': { file: 'src/app/bad.ts', imports: '../store/database.ts' },
  'ports-are-ports': { file: 'src/app/ports/bad.ts', imports: '../submission/submit-job.ts' },
  'driven-adapters-import-ports': { file: 'src/queue/bad.ts', imports: '../store/database.ts' },
  'local-sii-stands-alone': { file: 'src/sii-sim/bad.ts', imports: '../sii/sii-client.ts' },
  'schema-adapter': { file: 'src/schema/bad.ts', imports: '../app/ports/store.ts' },
  'config-reads-the-environment': { file: 'src/config/bad.ts', imports: '../app/ports/store.ts' },
  'observability-stands-alone': { file: 'src/observability/bad.ts', imports: '../core/errors.ts' },
  tokens: { file: 'src/tokens/bad.ts', imports: '../http/build-app.ts' },
  'local-credentials': { file: 'src/local/bad.ts', imports: '../store/database.ts' },
  'http-is-a-front-end': { file: 'src/http/bad.ts', imports: '../store/database.ts' },
  'cli-is-a-front-end': { file: 'src/cli/bad.ts', imports: '../http/auth/token-claims.ts' },
  'agent-front-ends': { file: 'tools/bad.ts', imports: '../src/sii/sii-client.ts' },
  'eval-runner': { file: 'evals/bad.ts', imports: '../src/store/database.ts' },
};
const TARGETS = [
  'src/app/ports/store.ts', 'src/store/database.ts', 'src/app/submission/submit-job.ts', 'src/sii/sii-client.ts',
  'src/core/errors.ts', 'src/http/build-app.ts', 'src/http/auth/token-claims.ts',
];

function write(path: string, text: string): void {
  mkdirSync(dirname(join(tree, path)), { recursive: true });
  writeFileSync(join(tree, path), text);
}

describe('the architecture rules', () => {
  it('each fail on a deliberate violation, and pass the project itself', async () => {
    for (const target of TARGETS) write(target, 'export const value = 1;\n');
    for (const { file, imports } of Object.values(VIOLATIONS)) write(file, `import { value } from '${imports}';\nexport const used = value;\n`);
    copyFileSync(join(root, '.dependency-cruiser.cjs'), join(tree, '.dependency-cruiser.cjs'));
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true, noEmit: true } }));
    const cruiser = join(root, 'node_modules', '.bin', 'depcruise');
    const run = promisify(execFile);
    const failed = await run(cruiser, ['src', 'tools', 'evals', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: tree, maxBuffer: 16 * 1024 * 1024 })
      .then(({ stdout }) => stdout, (error: { stdout?: string }) => error.stdout ?? '');
    const violations = (JSON.parse(failed) as { summary: { violations: Array<{ from: string; rule: { name: string } }> } }).summary.violations;
    const broken = Object.fromEntries(violations.map((violation) => [violation.from, violation.rule.name]));
    for (const [rule, { file }] of Object.entries(VIOLATIONS)) expect({ file, rule: broken[file] }).toEqual({ file, rule });
    const clean = await run(cruiser, ['src', 'tools', 'evals', '--config', '.dependency-cruiser.cjs'], { cwd: root });
    expect(clean.stdout).toContain('no dependency violations found');
  }, 60_000);
});
