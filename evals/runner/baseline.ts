import { caseCost, type RunReport } from './reports.ts';

/** What changed against a baseline run: the view a maintainer reads after changing a prompt. */
export interface BaselineComparison {
  better: string[];
  worse: string[];
  /** Cases in this run that the baseline did not have, and the other way round. */
  added: string[];
  removed: string[];
  passRateChange: number;
  tokensChange: number;
  costChange: number;
}

function index(report: RunReport): Map<string, { passed: boolean; tokens: number; costUsd: number }> {
  const cases = new Map<string, { passed: boolean; tokens: number; costUsd: number }>();
  for (const suite of report.suites) {
    for (const result of suite.cases) cases.set(`${suite.name}/${result.id}`, { passed: result.passAllK, ...caseCost(result) });
  }
  return cases;
}

/** Compares a run with a baseline, case by case. */
export function compareWithBaseline(current: RunReport, baseline: RunReport): BaselineComparison {
  const now = index(current);
  const before = index(baseline);
  const rate = (cases: Map<string, { passed: boolean }>) => (cases.size === 0 ? 0 : [...cases.values()].filter((entry) => entry.passed).length / cases.size);
  const total = (cases: Map<string, { tokens: number; costUsd: number }>, field: 'tokens' | 'costUsd') => [...cases.values()].reduce((sum, entry) => sum + entry[field], 0);
  const comparison: BaselineComparison = {
    better: [], worse: [], added: [], removed: [],
    passRateChange: rate(now) - rate(before), tokensChange: total(now, 'tokens') - total(before, 'tokens'), costChange: total(now, 'costUsd') - total(before, 'costUsd'),
  };
  for (const [key, entry] of now) {
    const earlier = before.get(key);
    if (earlier === undefined) comparison.added.push(key);
    else if (entry.passed && !earlier.passed) comparison.better.push(key);
    else if (!entry.passed && earlier.passed) comparison.worse.push(key);
  }
  for (const key of before.keys()) if (!now.has(key)) comparison.removed.push(key);
  return comparison;
}

/** The comparison as the console prints it. */
export function describeComparison(comparison: BaselineComparison): string {
  const list = (title: string, keys: string[]) => (keys.length === 0 ? [] : [`${title} (${keys.length}):`, ...keys.map((key) => `  ${key}`)]);
  return [
    `Against the baseline: pass rate ${(comparison.passRateChange * 100).toFixed(1)} points, tokens ${comparison.tokensChange.toFixed(0)}, cost ${comparison.costChange.toFixed(4)} USD.`,
    ...list('Better', comparison.better), ...list('Worse', comparison.worse), ...list('New cases', comparison.added), ...list('Cases gone', comparison.removed),
  ].join('\n') + '\n';
}
