/**
 * `npm run faults [-- --documents N --kills K --instances I --kill-every-seconds E --seconds S]`: runs
 * the fault suite once and prints its counts. With --kill-every-seconds the kills come on a clock
 * (up to K of them) rather than spread over the documents. Exits 1 when anything that must be zero is not.
 */
import { parseArgs } from 'node:util';
import { runFaultSuite } from './fault-suite.ts';

const { values } = parseArgs({
  options: {
    documents: { type: 'string', default: '300' }, kills: { type: 'string', default: '4' }, instances: { type: 'string', default: '1' },
    'kill-every-seconds': { type: 'string' }, seconds: { type: 'string', default: '600' },
  },
});
const report = await runFaultSuite({
  documents: Number(values.documents), kills: Number(values.kills), instances: Number(values.instances),
  ...(values['kill-every-seconds'] === undefined ? {} : { killEveryMs: Number(values['kill-every-seconds']) * 1000 }),
  outages: true, outageMs: 3_000,
  siiErrorRate: 0.15, siiMalformedRate: 0.1, timeLimitMs: Number(values.seconds) * 1000,
});
console.log('| fault suite | count |');
console.log('|---|---:|');
for (const [name, value] of Object.entries(report)) console.log(`| ${name} | ${value ?? '—'} |`);
const bad = report.lost + report.foliosReused + report.foliosSkipped + report.falselyAccepted + report.falselyRejected + report.stuck;
process.exit(bad === 0 ? 0 : 1);
