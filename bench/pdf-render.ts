import { generateKeyPair, X509Certificate } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import bwipjs from 'bwip-js';
import { createTestCaf } from '../src/local/create-test-caf.ts';
import { createTestAuthority, type RsaKeyPair } from '../src/local/create-test-certificates.ts';
import { generateTestCredentials } from '../src/local/generate-test-credentials.ts';
import { parseCaf } from '../src/core/caf.ts';
import { loadCertificate } from '../src/core/certificate.ts';
import { createIssuer } from '../src/core/issue-document.ts';
import { createPdfRenderPool, renderPdf } from '../src/pdf/index.ts';
import { pageFormat } from '../src/pdf/page-format.ts';
import { compact } from '../src/pdf/pdf417/compaction.ts';
import { pdf417Symbol } from '../src/pdf/pdf417/pdf417-symbol.ts';
import { TIMBRE_ERROR_CORRECTION_LEVEL, timbreImage, timbreSymbol } from '../src/pdf/timbre-barcode.ts';

/** One figure of the PDF benchmark: calls per second of wall time, and milliseconds of this process's CPU each. */
export interface PdfFigure {
  name: string;
  perSecond: number;
  cpuMs: number;
}

/** How long the event loop stalled (99th percentile and longest) while PDFs rendered, in process and through the pool. */
export interface PdfStalls {
  documents: number;
  inProcess: { p99Ms: number; maxMs: number };
  pool: { p99Ms: number; maxMs: number };
}

/** What the PDF benchmark measured. */
export interface PdfBenchmark {
  figures: PdfFigure[];
  stalls: PdfStalls;
}

function request(index: number, lines: number): Record<string, unknown> {
  const detail = lines === 3
    ? [
        { NmbItem: `Cajón ${index}`, QtyItem: 123, PrcItem: 923, DescuentoPct: 4 },
        { NmbItem: 'Relleno', QtyItem: 53.5, PrcItem: 1473.25 },
        { NmbItem: 'Servicio exento', QtyItem: 1, PrcItem: 34705, IndExe: 1 },
      ]
    : Array.from({ length: lines }, (_, line) => ({ NmbItem: `Artículo ${index}-${line + 1}`, QtyItem: line + 1, PrcItem: 990 + line, ...(line % 9 === 8 ? { IndExe: 1 } : {}) }));
  return {
    Encabezado: {
      IdDoc: { TipoDTE: 33, FchEmis: '2026-11-20', FmaPago: 1 },
      Emisor: { RUTEmisor: '76192083-9', RznSoc: 'Demo Ñandú SpA', GiroEmis: 'Software', Acteco: [620200], DirOrigen: 'Av. Apoquindo 1', CmnaOrigen: 'Las Condes' },
      Receptor: { RUTRecep: '77777777-7', RznSocRecep: 'Cliente & Cía. Ltda.', GiroRecep: 'Comercio', DirRecep: 'Calle 2', CmnaRecep: 'Ñuñoa' },
    },
    Detalle: detail,
    DscRcgGlobal: [{ TpoMov: 'D', TpoValor: '%', ValorDR: 6 }],
  };
}

/**
 * Calls `work` for about `milliseconds`, after a warm-up as long (so that the code is compiled by
 * then: with a short one the first figure paid for it); returns calls per second of wall time and
 * the process's CPU time (user and system) per call. On a machine shared with other work, the CPU
 * time is the steadier of the two: waiting for a core is not counted.
 */
async function rate(work: (index: number) => Promise<unknown> | unknown, milliseconds: number): Promise<{ perSecond: number; cpuMs: number }> {
  const warm = performance.now();
  for (let index = 0; index < 5 || performance.now() - warm < milliseconds; index += 1) await work(index);
  const start = performance.now();
  const cpu = process.cpuUsage();
  let count = 0;
  while (performance.now() - start < milliseconds) await work(5 + count++);
  const used = process.cpuUsage(cpu);
  return { perSecond: count / ((performance.now() - start) / 1000), cpuMs: (used.user + used.system) / 1000 / count };
}

/** An issuer of 3-line or 60-line 33s (`lines`) with fresh test credentials, or with a CAF of the SII's key sizes (`siiSized`). */
export async function facturaIssuer(siiSized: boolean): Promise<(lines: number) => Buffer> {
  const now = new Date('2026-11-01T12:00:00Z');
  const credentials = await generateTestCredentials({ companyRut: '76192083-9', types: [33], from: 1, to: 100_000, now });
  let caf = credentials.cafs[0]!.xml;
  let authority = credentials.authority.certificatePem;
  if (siiSized) {
    // The SII's CAFs have an RSA-512 key and an RSA-512 FRMA, which leaves a TED near 800 bytes; the
    // test CAFs' RSA-1024 key and RSA-2048 FRMA make it about 1,190.
    const [authorityKeys, cafKeys] = await Promise.all([rsa512(), rsa512()]);
    const testAuthority = createTestAuthority(authorityKeys, now);
    caf = createTestCaf({
      companyRut: '76192083-9', companyName: credentials.companyName, type: 33, from: 1, to: 100_000,
      authorisationDate: '2026-11-01', keys: cafKeys, authorityKey: testAuthority.privateKey,
    });
    authority = testAuthority.certificatePem;
  }
  const issuer = createIssuer({
    certificate: loadCertificate(credentials.company.p12, credentials.company.password),
    caf: parseCaf(caf),
    trustedCafSigners: [new X509Certificate(authority)],
  });
  let folio = 0;
  return (lines) => {
    folio += 1;
    const result = issuer.issue(request(folio, lines), { folio, signedAt: new Date('2026-11-20T15:00:00Z') });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.value.xml;
  };
}

function rsa512(): Promise<RsaKeyPair> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 512, publicExponent: 65537 }, (error, publicKey, privateKey) => (error ? reject(error) : resolve({ publicKey, privateKey })));
  });
}

/** The `<TED>…</TED>` of a signed DTE, as its bytes stand in the file. */
export function tedOf(xml: Buffer): Buffer {
  const text = xml.toString('latin1');
  return Buffer.from(text.slice(text.indexOf('<TED'), text.indexOf('</TED>') + 6), 'latin1');
}

/**
 * PDFs per second on one core: letter facturas of 3 and 60 lines, each render a document with a TED
 * of its own (so the timbre is encoded every time; nothing is cached), with TEDs of an SII CAF's size
 * and of the test CAFs' (longer than any SII TED); then the timbre image of a TED alone (our PDF417
 * and PNG), our PDF417 encoding alone, and bwip-js's, the encoder the service used before and the
 * tests' oracle now, on the same TEDs at the same level and columns.
 */
export async function pdfBenchmark(milliseconds: number): Promise<PdfBenchmark> {
  const [siiIssue, testIssue] = await Promise.all([facturaIssuer(true), facturaIssuer(false)]);
  const short = Array.from({ length: 600 }, () => siiIssue(3));
  const long = Array.from({ length: 300 }, () => siiIssue(60));
  const testShort = Array.from({ length: 300 }, () => testIssue(3));
  const testLong = Array.from({ length: 300 }, () => testIssue(60));
  const letter = { copy: 'original', format: 'letter' } as const;
  const teds = short.map(tedOf);
  const testTeds = testShort.map(tedOf);
  const bytes = (list: Buffer[]): number => Math.round(list.reduce((sum, ted) => sum + ted.length, 0) / list.length);
  const letterBox = pageFormat('letter').timbre;
  const { columns } = timbreSymbol(teds[0]!, letterBox);
  // The options of BWIPP's pdf417 encoder as the service gave them (eclevel and fixedeclevel are not in bwip-js's types).
  const bwipOptions = { bcid: 'pdf417', binarytext: true, eclevel: TIMBRE_ERROR_CORRECTION_LEVEL, fixedeclevel: true, columns };
  const sii = `TED of an SII CAF's size, ${bytes(teds)} bytes`;
  const test = `test CAF's TED, ${bytes(testTeds)} bytes`;
  const figure = async (name: string, work: (index: number) => unknown): Promise<PdfFigure> => ({ name, ...await rate(work, milliseconds) });
  const figures = [
    await figure(`PDF, 3-line factura, letter (${sii})`, (index) => renderPdf(short[index % short.length]!, letter)),
    await figure(`PDF, 60-line factura, letter, 2 pages (${sii})`, (index) => renderPdf(long[index % long.length]!, letter)),
    await figure(`PDF, 3-line factura, letter (${test})`, (index) => renderPdf(testShort[index % testShort.length]!, letter)),
    await figure(`PDF, 60-line factura, letter, 2 pages (${test})`, (index) => renderPdf(testLong[index % testLong.length]!, letter)),
    await figure(`timbre image of one TED alone (our PDF417 + PNG; ${sii})`, (index) => timbreImage(teds[index % teds.length]!, letterBox)),
    await figure(`PDF417 encoding alone, ours (level 5, ${columns} columns, no PNG; ${sii})`, (index) => pdf417Symbol(compact(teds[index % teds.length]!), TIMBRE_ERROR_CORRECTION_LEVEL, columns)),
    await figure(`PDF417 encoding alone, bwip-js (the same; the tests' oracle)`, (index) => bwipjs.raw({ ...bwipOptions, text: teds[index % teds.length]!.toString('latin1') } as bwipjs.RawOptions)),
  ];
  return { figures, stalls: await stalls(short.slice(-100), letter) };
}

/**
 * How long the event loop waited while `documents` rendered one after another, each asked for after
 * a turn of the loop as a request would be: in this thread, where a render holds the loop for its
 * whole synchronous part, then through a render pool of one thread.
 */
async function stalls(documents: Buffer[], settings: { copy: 'original'; format: 'letter' }): Promise<PdfStalls> {
  const delays = async (render: (xml: Buffer) => Promise<Buffer>): Promise<{ p99Ms: number; maxMs: number }> => {
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    for (const xml of documents) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await render(xml);
    }
    histogram.disable();
    return { p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 };
  };
  const inProcess = await delays((xml) => renderPdf(xml, settings));
  const pool = createPdfRenderPool({ threads: 1 });
  try {
    await pool.render(documents[0]!, settings);
    return { documents: documents.length, inProcess, pool: await delays((xml) => pool.render(xml, settings)) };
  } finally {
    await pool.close();
  }
}

/** Prints the figures as the Markdown table `npm run bench` shows, with the goal under it. */
export function printPdfFigures({ figures, stalls }: PdfBenchmark): void {
  console.log('\n| printed representation, one core | per second | ms each | CPU ms each |');
  console.log('|---|---:|---:|---:|');
  for (const figure of figures) {
    const digits = figure.cpuMs < 1 ? 3 : 1;
    console.log(`| ${figure.name} | ${figure.perSecond.toFixed(0)} | ${(1000 / figure.perSecond).toFixed(digits)} | ${figure.cpuMs.toFixed(digits)} |`);
  }
  const stall = ({ p99Ms, maxMs }: { p99Ms: number; maxMs: number }): string => `p99 ${p99Ms.toFixed(1)} ms, longest ${maxMs.toFixed(1)} ms`;
  console.log(`\nEvent-loop stalls while ${stalls.documents} fresh 3-line PDFs render one after another: `
    + `in process ${stall(stalls.inProcess)}; through the service's render pool (one thread) ${stall(stalls.pool)}.`);
  console.log('\nGoal (DESIGN.md): ≥ 200 three-line facturas/s on one core, timbre included.');
}
