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

/** One file per rule (and folder), importing what the rule forbids; the targets exist so that imports resolve. */
const VIOLATIONS: Array<{ rule: string; file: string; imports: string }> = [
  { rule: 'core-is-pure', file: 'src/core/bad.ts', imports: '../app/ports/store.ts' },
  { rule: 'app-is-the-hub', file: 'src/app/bad.ts', imports: '../store/database.ts' },
  { rule: 'app-has-no-io', file: 'src/app/reads-files.ts', imports: 'node:fs' },
  { rule: 'app-imports-no-library', file: 'src/app/logs-itself.ts', imports: 'pino' },
  { rule: 'ports-are-ports', file: 'src/app/ports/bad.ts', imports: '../submission/submit-job.ts' },
  { rule: 'driven-adapters-import-ports', file: 'src/queue/bad.ts', imports: '../store/database.ts' },
  // The resource files and the search are driven adapters too: they reach the app's parsers only through the composition root.
  { rule: 'driven-adapters-import-ports', file: 'src/resources/bad.ts', imports: '../app/knowledge/load-knowledge.ts' },
  { rule: 'driven-adapters-import-ports', file: 'src/search/bad.ts', imports: '../store/database.ts' },
  { rule: 'local-sii-stands-alone', file: 'src/sii-sim/bad.ts', imports: '../sii/sii-client.ts' },
  { rule: 'cert-reads-and-plans', file: 'src/cert/bad.ts', imports: '../app/ports/store.ts' },
  { rule: 'schema-adapter', file: 'src/schema/bad.ts', imports: '../app/ports/store.ts' },
  { rule: 'config-reads-the-environment', file: 'src/config/bad.ts', imports: '../app/ports/store.ts' },
  { rule: 'observability-stands-alone', file: 'src/observability/bad.ts', imports: '../core/errors.ts' },
  { rule: 'tokens', file: 'src/tokens/bad.ts', imports: '../http/build-app.ts' },
  { rule: 'local-credentials', file: 'src/local/bad.ts', imports: '../store/database.ts' },
  { rule: 'http-is-a-front-end', file: 'src/http/bad.ts', imports: '../store/database.ts' },
  { rule: 'cli-is-a-front-end', file: 'src/cli/bad.ts', imports: '../http/auth/token-claims.ts' },
  { rule: 'agent-front-ends', file: 'tools/bad.ts', imports: '../src/sii/sii-client.ts' },
  { rule: 'eval-runner', file: 'evals/bad.ts', imports: '../src/store/database.ts' },
];
const TARGETS = [
  'src/app/ports/store.ts', 'src/store/database.ts', 'src/app/knowledge/load-knowledge.ts', 'src/app/submission/submit-job.ts', 'src/sii/sii-client.ts',
  'src/core/errors.ts', 'src/http/build-app.ts', 'src/http/auth/token-claims.ts',
];

function write(path: string, text: string): void {
  mkdirSync(dirname(join(tree, path)), { recursive: true });
  writeFileSync(join(tree, path), text);
}

describe('the architecture rules', () => {
  it('each fail on a deliberate violation, and pass the project itself', async () => {
    for (const target of TARGETS) write(target, 'export const value = 1;\n');
    for (const { file, imports } of VIOLATIONS) write(file, `import { value } from '${imports}';\nexport const used = value;\n`);
    copyFileSync(join(root, '.dependency-cruiser.cjs'), join(tree, '.dependency-cruiser.cjs'));
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true, noEmit: true } }));
    const cruiser = join(root, 'node_modules', '.bin', 'depcruise');
    const run = promisify(execFile);
    const failed = await run(cruiser, ['src', 'tools', 'evals', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: tree, maxBuffer: 16 * 1024 * 1024 })
      .then(({ stdout }) => stdout, (error: { stdout?: string }) => error.stdout ?? '');
    const violations = (JSON.parse(failed) as { summary: { violations: Array<{ from: string; rule: { name: string } }> } }).summary.violations;
    const broken = (file: string) => violations.filter((violation) => violation.from === file).map((violation) => violation.rule.name);
    for (const { rule, file } of VIOLATIONS) expect({ file, rules: broken(file) }).toEqual({ file, rules: expect.arrayContaining([rule]) });
    const clean = await run(cruiser, ['src', 'tools', 'evals', '--config', '.dependency-cruiser.cjs'], { cwd: root });
    expect(clean.stdout).toContain('no dependency violations found');
  }, 60_000);
});
