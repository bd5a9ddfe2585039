import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { DEPLOY_DIRECTORY } from './metric-names.ts';

/** Debian's `prometheus` package ships promtool; .ci/run installs it. */
const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';
const promtoolMissing = existsSync(PROMTOOL) ? undefined : `${PROMTOOL} is not installed (Debian package prometheus)`;
if (promtoolMissing !== undefined) console.warn(`Prometheus rule tests skipped: ${promtoolMissing}`);

const RULES_DIRECTORY = join(DEPLOY_DIRECTORY, 'prometheus');

function promtool(...args: string[]): { status: number; output: string } {
  const result = spawnSync(PROMTOOL, args, { cwd: RULES_DIRECTORY, encoding: 'utf8' });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

describe('the alert rules and the runbooks', () => {
  it('give every alert a runbook annotation that names a section of docs/operations.md', () => {
    const document = parse(readFileSync(join(RULES_DIRECTORY, 'alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; annotations: { runbook?: string } }[] }[] };
    const anchors = new Set([...readFileSync(join(DEPLOY_DIRECTORY, '..', 'docs', 'operations.md'), 'utf8').matchAll(/^#{2,4} (.+)$/gm)]
      .map((match) => match[1]!.toLowerCase().replace(/[^a-z0-9 -]/g, '').replaceAll(' ', '-')));
    const rules = document.groups.flatMap((group) => group.rules);
    expect(rules.length).toBeGreaterThan(10);
    for (const rule of rules) {
      expect(rule.annotations.runbook, rule.alert).toMatch(/^docs\/operations\.md#/);
      expect(anchors, `${rule.alert}: ${rule.annotations.runbook}`).toContain(rule.annotations.runbook!.split('#')[1]);
    }
  });
});

describe.skipIf(promtoolMissing !== undefined)(`the alert rules under promtool${promtoolMissing === undefined ? '' : ` (skipped: ${promtoolMissing})`}`, () => {
  it('are valid rules (promtool check rules)', () => {
    const checked = promtool('check', 'rules', 'alerts.yml');
    expect(checked.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(checked.status).toBe(0);
  });

  it('fire, and stay quiet, as the unit-test series say (promtool test rules)', () => {
    const tested = promtool('test', 'rules', 'alerts.test.yml');
    expect(tested.output).toContain('SUCCESS');
    expect(tested.status).toBe(0);
  });

  it('fail promtool test rules when a rule is broken, so the unit tests can catch a wrong rule', () => {
    const directory = mkdtempSync(join(tmpdir(), 'dte-rules-'));
    const rules = readFileSync(join(RULES_DIRECTORY, 'alerts.yml'), 'utf8');
    expect(rules).toContain('outcome=~"error|timeout"');
    writeFileSync(join(directory, 'alerts.yml'), rules.replace('outcome=~"error|timeout"', 'outcome="timeout"'));
    // Only the SII's test group, to keep it quick.
    const tests = parse(readFileSync(join(RULES_DIRECTORY, 'alerts.test.yml'), 'utf8')) as { tests: { name: string }[] };
    writeFileSync(join(directory, 'alerts.test.yml'), stringify({ ...tests, tests: tests.tests.filter((test) => test.name.startsWith('the SII fails')) }));
    const result = spawnSync(PROMTOOL, ['test', 'rules', 'alerts.test.yml'], { cwd: directory, encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toMatch(/FAILED[\s\S]*DteSiiUnreachable/);
    expect(result.status).not.toBe(0);
  });
});
