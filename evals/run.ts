/**
 * `npm run evals -- --provider offline|replay|anthropic|openai [--suite NAME] [--case ID] [--repeat K]
 * [--baseline FILE] [--out DIR] [--split tuning,heldout,sealed] [--dir SUITES_DIR]`: runs the eval suites against the agent through the service's HTTP API,
 * each suite on a fresh service whose fixtures go through the real pipeline (queue, local SII, store),
 * and prints the table; writes report.json, junit.xml and report.html to --out (evals/reports by
 * default); compares with --baseline when given. Exits 1 when a suite falls below its threshold.
 * `npm run evals:record` is `--provider anthropic --record` (needs ANTHROPIC_API_KEY): it records
 * cassettes for replay. `--from-feedback --url URL --token TOKEN` writes the answers Slack users rated
 * 👎 as draft cases in evals/drafts/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compareWithBaseline, describeComparison } from './runner/baseline.ts';
import { draftSuite, type FeedbackItem } from './runner/from-feedback.ts';
import { startCassetteServer, type CassetteServer } from './runner/cassettes.ts';
import { startEvalService } from './runner/eval-service.ts';
import { loadSplits, loadSuites, SPLIT_NAMES, type Split } from './runner/load-suites.ts';
import { consoleReport, htmlReport, junitReport, type RunReport } from './runner/reports.ts';
import { runSuites } from './runner/run-suites.ts';

const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'offline' },
    suite: { type: 'string' },
    /** Where the suites are read from, one folder, untagged; without it the splits of --split are read. */
    dir: { type: 'string' },
    /** The splits to run, comma-separated: tuning, heldout, sealed (every split by default). */
    split: { type: 'string', default: SPLIT_NAMES.join(',') },
    case: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    baseline: { type: 'string' },
    out: { type: 'string', default: 'evals/reports' },
    record: { type: 'boolean', default: false },
    'from-feedback': { type: 'boolean', default: false },
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    token: { type: 'string' },
    'replay-provider': { type: 'string', default: 'anthropic' },
  },
});

const provider = values.provider ?? 'offline';
if (!['offline', 'replay', 'anthropic', 'openai'].includes(provider)) {
  process.stderr.write(`--provider must be offline, replay, anthropic or openai, not ${provider}\n`);
  process.exit(2);
}
const repeat = Number(values.repeat);
if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) {
  process.stderr.write('--repeat must be a whole number from 1 to 20\n');
  process.exit(2);
}

/** The service's agent settings for the provider: the keys come from this process's environment. */
async function providerEnvironment(): Promise<{ environment: Record<string, string>; cassettes?: CassetteServer }> {
  const keep = (names: string[]) => Object.fromEntries(names.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])));
  if (provider === 'offline') return { environment: { LLM_PROVIDER: 'offline' } };
  if (provider === 'replay' || values.record) {
    const replayed = (values.record ? provider : values['replay-provider']) as 'anthropic' | 'openai';
    const apiKey = replayed === 'anthropic' ? process.env.ANTHROPIC_API_KEY : process.env.OPENAI_API_KEY;
    if (values.record && !apiKey) throw new Error(`Recording needs ${replayed === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY'}.`);
    const cassettes = await startCassetteServer({
      provider: replayed,
      ...(values.record ? { record: { upstream: replayed === 'anthropic' ? 'https://api.anthropic.com' : 'https://api.openai.com', apiKey: apiKey! } } : {}),
    });
    const base: Record<string, string> = replayed === 'anthropic' ? { ANTHROPIC_BASE_URL: cassettes.url, ANTHROPIC_API_KEY: 'replay' } : { OPENAI_BASE_URL: `${cassettes.url}/v1`, OPENAI_API_KEY: 'replay' };
    return { environment: { LLM_PROVIDER: replayed, ...keep(['LLM_MODEL']), ...base }, cassettes };
  }
  return { environment: { LLM_PROVIDER: provider, ...keep(['LLM_MODEL', 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'OPENAI_API_KEY', 'OPENAI_BASE_URL']) } };
}

if (values['from-feedback']) {
  // Draft cases from the answers Slack users rated 👎, read from a running service as an admin.
  if (!values.token) {
    process.stderr.write('--from-feedback needs --token (an admin token of the companies whose answers to read) and --url\n');
    process.exit(2);
  }
  const response = await fetch(`${values.url}/v1/slack/feedback?rating=down&limit=200`, { headers: { authorization: `Bearer ${values.token}` } });
  if (!response.ok) {
    process.stderr.write(`The service answered ${response.status}: ${await response.text()}\n`);
    process.exit(1);
  }
  const { items } = (await response.json()) as { items: FeedbackItem[] };
  const today = new Date().toISOString().slice(0, 10);
  mkdirSync('evals/drafts', { recursive: true });
  const file = join('evals/drafts', `feedback-${today}.yaml`);
  writeFileSync(file, draftSuite(items, today));
  process.stdout.write(`${items.length} draft case(s) in ${file}: complete them and move them into evals/suites/.\n`);
  process.exit(0);
}

const splits = (values.split ?? '').split(',').map((name) => name.trim()).filter((name) => name.length > 0);
const unknownSplits = splits.filter((name) => !(SPLIT_NAMES as string[]).includes(name));
if (splits.length === 0 || unknownSplits.length > 0) {
  process.stderr.write(`--split must name one or more of ${SPLIT_NAMES.join(', ')}, not ${values.split}\n`);
  process.exit(2);
}

const { environment, cassettes } = await providerEnvironment();
try {
  const suites = values.dir === undefined ? loadSplits(splits as Split[], values.suite) : loadSuites(values.dir, values.suite);
  const results = await runSuites(suites, () => startEvalService(environment), { repeat, ...(values.case ? { only: values.case } : {}) });
  const report: RunReport = { provider, repeat, at: new Date().toISOString(), suites: results };
  process.stdout.write(consoleReport(report));
  if (cassettes !== undefined && cassettes.missing.length > 0) process.stdout.write(`Missing cassettes (${cassettes.missing.length}): the run fails closed.\n`);
  const out = values.out!;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, 'junit.xml'), junitReport(report));
  writeFileSync(join(out, 'report.html'), htmlReport(report));
  if (values.baseline) process.stdout.write(describeComparison(compareWithBaseline(report, JSON.parse(readFileSync(values.baseline, 'utf8')) as RunReport)));
  const below = results.filter((suite) => suite.belowThreshold);
  if (below.length > 0) process.stdout.write(`Below threshold: ${below.map((suite) => suite.name).join(', ')}\n`);
  process.exitCode = below.length > 0 || (cassettes?.missing.length ?? 0) > 0 ? 1 : 0;
} finally {
  await cassettes?.close();
}
