/**
 * `npm run bench`: speed of the issue pipeline on one core, beside the bound that its two RSA
 * signatures (RSA-2048 for the document, RSA-1024 for the timbre) set on this machine in the same run;
 * the time to sign a 500-document envelope, with the SetDTE digested as a concatenation and parsed.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { printAgentFigures } from './agent.ts';
import { envelopeBenchmark } from './envelope.ts';
import { httpBenchmark, httpBenchmarkUnavailable } from './http.ts';
import { issueBenchmark } from './issue-pipeline.ts';
import { pdfBenchmark, printPdfFigures } from './pdf-render.ts';

const durationMs = Number(process.argv[2] ?? 3000);

function rate(work: () => void, milliseconds: number): number {
  for (let index = 0; index < 50; index += 1) work();
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < milliseconds) {
    for (let index = 0; index < 20; index += 1) work();
    count += 20;
  }
  return count / ((performance.now() - start) / 1000);
}

const documentKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const timbreKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
const payload = Buffer.alloc(600, 'x');
const bound = rate(() => {
  sign('sha1', payload, documentKey);
  sign('sha1', payload, timbreKey);
}, durationMs);

const pipeline = await issueBenchmark(durationMs, rate);

const rows = [
  ['RSA bound (1× RSA-2048 + 1× RSA-1024 sign)', bound],
  ['issue pipeline (validate, totals, TED, sign, XSD)', pipeline.withSchema],
  ['issue pipeline without the XSD check', pipeline.withoutSchema],
] as const;
console.log('\n| measure | documents/s | share of RSA bound |');
console.log('|---|---:|---:|');
for (const [name, value] of rows) {
  console.log(`| ${name} | ${value.toFixed(0)} | ${((value / bound) * 100).toFixed(1)}% |`);
}
console.log(`\nRatio pipeline / RSA bound: ${(pipeline.withSchema / bound).toFixed(2)} (goal: ≥ 1,000 documents/s on one core).`);

printPdfFigures(await pdfBenchmark(durationMs));
const envelope = await envelopeBenchmark(500);
console.log(`\n| EnvioDTE of ${envelope.documents} DTEs (${envelope.megabytes.toFixed(1)} MiB), build and sign, median | ms | goal (DESIGN.md) |`);
console.log('|---|---:|---:|');
console.log(`| SetDTE digested as a concatenation of canonical DTEs (our DTEs) | ${envelope.concatenatedMs.toFixed(0)} | ≤ 100 |`);
console.log(`| SetDTE parsed and canonicalised by libxml2 (other tools' DTEs; every envelope before) | ${envelope.parsedMs.toFixed(0)} | |`);

await printAgentFigures();

const unavailable = await httpBenchmarkUnavailable();
if (unavailable !== undefined) {
  console.log(`\nHTTP figures skipped: ${unavailable}.`);
} else {
  const http = await httpBenchmark(Number(process.argv[3] ?? 3000), 32);
  console.log('\n| HTTP, PostgreSQL + Redis, 32 concurrent clients | figure | goal (DESIGN.md) |');
  console.log('|---|---:|---:|');
  console.log(`| POST /v1/documents, documents/s (${http.requests} requests, ${http.errors} errors) | ${http.documentsPerSecond.toFixed(0)} | ≥ 300 |`);
  console.log(`| POST /v1/documents latency p50 / p95 / p99, ms | ${http.p50.toFixed(0)} / ${http.p95.toFixed(0)} / ${http.p99.toFixed(0)} | p95 ≤ 50 |`);
  console.log(`| issue → accepted through queue and local SII, documents/s | ${http.acceptedPerSecond.toFixed(0)} | ≥ 200 |`);
  console.log('\nThe load generator, the service, the local SII, PostgreSQL and Redis share this machine\'s cores.');
}
