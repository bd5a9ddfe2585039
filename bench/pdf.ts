/**
 * `npm run bench:pdf`: the printed representation's figures of `npm run bench` alone, without the
 * issue pipeline and HTTP parts. The argument is the time each figure runs, in milliseconds.
 */
import { pdfBenchmark, printPdfFigures } from './pdf-render.ts';

printPdfFigures(await pdfBenchmark(Number(process.argv[2] ?? 3000)));
