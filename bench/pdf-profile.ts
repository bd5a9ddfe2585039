/**
 * `node --cpu-prof --cpu-prof-dir=bench/profiles/raw --import tsx bench/pdf-profile.ts [seconds]`: renders
 * fresh 3-line letter facturas (each with a TED of its own, of an SII CAF's size, as `npm run bench:pdf`
 * does) one after another for `seconds` (default 20), for a CPU profile of the render alone; then
 * `npx tsx bench/pdf-profile-summary.ts <profile> --under renderPdf` says where the time went.
 */
import { renderPdf } from '../src/pdf/index.ts';
import { facturaIssuer } from './pdf-render.ts';

const seconds = Number(process.argv[2] ?? 20);
const issue = await facturaIssuer(true);
const documents = Array.from({ length: 600 }, () => issue(3));
const settings = { copy: 'original', format: 'letter' } as const;
const start = performance.now();
let count = 0;
while (performance.now() - start < seconds * 1000) await renderPdf(documents[count++ % documents.length]!, settings);
const elapsed = (performance.now() - start) / 1000;
const profiled = process.execArgv.some((argument) => argument.startsWith('--cpu-prof'));
console.log(`${count} PDFs in ${elapsed.toFixed(1)} s: ${(count / elapsed).toFixed(0)} PDFs/s${profiled ? ' (under the profiler, which slows them)' : ''}.`);
