import type { CaseResult, SuiteResult } from './run-suites.ts';

/** The JSON of a run: what `--baseline` reads back. */
export interface RunReport {
  provider: string;
  repeat: number;
  at: string;
  suites: SuiteResult[];
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Tokens and cost of a case, averaged over its runs. */
export function caseCost(result: CaseResult): { tokens: number; costUsd: number; latencyMs: number } {
  const runs = result.runs.length || 1;
  return {
    tokens: sum(result.runs.map((run) => run.tokens)) / runs,
    costUsd: sum(result.runs.map((run) => run.costUsd)) / runs,
    latencyMs: sum(result.runs.map((run) => run.latencyMs)) / runs,
  };
}

/** Cases and passes per split (tuning, heldout, sealed), in the order met; suites without a split count as `unsplit`. */
export function splitSummary(report: RunReport): Array<{ split: string; suites: number; cases: number; passed: number; passRate: number }> {
  const splits = new Map<string, { suites: number; cases: number; passed: number }>();
  for (const suite of report.suites) {
    const entry = splits.get(suite.split ?? 'unsplit') ?? { suites: 0, cases: 0, passed: 0 };
    entry.suites += 1;
    entry.cases += suite.cases.length;
    entry.passed += suite.cases.filter((result) => result.passAllK).length;
    splits.set(suite.split ?? 'unsplit', entry);
  }
  return [...splits].map(([split, entry]) => ({ split, ...entry, passRate: entry.cases === 0 ? 0 : entry.passed / entry.cases }));
}

/** The per-split table: the figure that counts is the sealed (never tuned on) one, shown beside the tuning one. */
export function splitTable(report: RunReport): string[] {
  const lines = ['| split | suites | cases | passed | pass rate |', '|---|---:|---:|---:|---:|'];
  for (const entry of splitSummary(report)) lines.push(`| ${entry.split} | ${entry.suites} | ${entry.cases} | ${entry.passed} | ${(entry.passRate * 100).toFixed(1)} % |`);
  return lines;
}

/** The console table: one line per suite, the per-split figures, then each failing case with the assertion that failed. */
export function consoleReport(report: RunReport): string {
  const lines = ['| suite | cases | pass rate | threshold | pass@k | pass^k | tokens | cost USD |', '|---|---:|---:|---:|---:|---:|---:|---:|'];
  for (const suite of report.suites) {
    const costs = suite.cases.map(caseCost);
    lines.push(`| ${suite.name} | ${suite.cases.length} | ${(suite.passRate * 100).toFixed(0)} %${suite.belowThreshold ? ' (below)' : ''} | ${(suite.threshold * 100).toFixed(0)} % `
      + `| ${suite.cases.filter((result) => result.passAtK).length} | ${suite.cases.filter((result) => result.passAllK).length} `
      + `| ${sum(costs.map((cost) => cost.tokens)).toFixed(0)} | ${sum(costs.map((cost) => cost.costUsd)).toFixed(4)} |`);
  }
  lines.push('', ...splitTable(report), '');
  for (const suite of report.suites) {
    for (const result of suite.cases.filter((candidate) => !candidate.passAllK)) {
      const run = result.runs.find((candidate) => !candidate.passed)!;
      const failed = run.error ?? run.assertions.filter((assertion) => assertion.outcome === 'failed').map((assertion) => `${assertion.type}: ${assertion.reason}`).join('; ');
      lines.push(`FAIL ${suite.name}/${result.id}: ${failed}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML: a testsuite per suite, a testcase per case, a failure with the assertions that failed. */
export function junitReport(report: RunReport): string {
  const suites = report.suites.map((suite) => {
    const cases = suite.cases.map((result) => {
      const run = result.runs.find((candidate) => !candidate.passed);
      const seconds = (caseCost(result).latencyMs / 1000).toFixed(3);
      if (run === undefined) return `    <testcase classname="${escape(suite.name)}" name="${escape(result.id)}" time="${seconds}"/>`;
      const message = run.error ?? run.assertions.filter((assertion) => assertion.outcome === 'failed').map((assertion) => `${assertion.type}: ${assertion.reason}`).join('; ');
      return `    <testcase classname="${escape(suite.name)}" name="${escape(result.id)}" time="${seconds}">\n      <failure message="${escape(message)}">${escape(`Q: ${run.question.join(' / ')}\nA: ${run.answer ?? '(none)'}`)}</failure>\n    </testcase>`;
    });
    const failures = suite.cases.filter((result) => !result.passAllK).length;
    return `  <testsuite name="${escape(suite.name)}" tests="${suite.cases.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="evals (${escape(report.provider)})">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** A self-contained HTML page: pass rate per suite, and each failing case with its question, answer, tool calls and failed assertion. */
export function htmlReport(report: RunReport): string {
  const suites = report.suites.map((suite) => {
    const failing = suite.cases.filter((result) => !result.passAllK).map((result) => {
      const run = result.runs.find((candidate) => !candidate.passed)!;
      const assertions = run.error === undefined
        ? run.assertions.map((assertion) => `<li class="${assertion.outcome}">${escape(assertion.type)}: ${assertion.outcome}${assertion.reason ? ` — ${escape(assertion.reason)}` : ''}</li>`).join('')
        : `<li class="failed">${escape(run.error)}</li>`;
      return `<details><summary>${escape(result.id)}</summary><p><b>Question</b> ${escape(run.question.join(' / '))}</p>`
        + `<pre>${escape(run.answer ?? '(no answer)')}</pre><p><b>Tools</b> ${escape(run.toolCalls.map((call) => `${call.name}${call.ok ? '' : ' (error)'}`).join(', ') || 'none')}</p><ul>${assertions}</ul></details>`;
    }).join('\n');
    return `<section><h2>${escape(suite.name)}${suite.split === undefined ? '' : ` (${escape(suite.split)})`} — ${(suite.passRate * 100).toFixed(0)} % (threshold ${(suite.threshold * 100).toFixed(0)} %)</h2><p>${escape(suite.description)}</p>${failing || '<p>Every case passed.</p>'}</section>`;
  }).join('\n');
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Evals — ${escape(report.provider)}</title>`
    + '<style>body{font:14px system-ui;margin:2em;max-width:70em}pre{white-space:pre-wrap;background:#f4f4f4;padding:.5em}.failed{color:#a00}.skipped{color:#a60}.passed{color:#070}</style>'
    + `<h1>Evals on ${escape(report.provider)}, ${escape(report.at)}</h1>\n<h2>Per split</h2><table>`
    + splitSummary(report).map((entry) => `<tr><td>${escape(entry.split)}</td><td>${entry.passed}/${entry.cases}</td><td>${(entry.passRate * 100).toFixed(1)} %</td></tr>`).join('')
    + `</table>\n${suites}\n</html>\n`;
}
