/**
 * Independent judges of the printed documents: poppler (pdftoppm, pdftotext, pdfinfo, pdfimages) reads
 * the PDFs and zxing-cpp decodes their PDF417 from the rendered pages. Neither shares code with pdfkit
 * or our PDF417 encoder (src/pdf/pdf417). `.ci/run` installs them (Debian poppler-utils, python3-zxing-cpp).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DECODER = fileURLToPath(new URL('./decode-pdf417.py', import.meta.url));

function available(command: string): boolean {
  return spawnSync('which', [command]).status === 0;
}

/** The first Python that has zxing-cpp and numpy: pyenv's may come first on PATH and lack them. */
const python = ['python3', '/usr/bin/python3'].find((candidate) => spawnSync(candidate, ['-c', 'import zxingcpp, numpy']).status === 0);

const missing = [
  ...['pdftoppm', 'pdftotext', 'pdfinfo', 'pdfimages'].filter((command) => !available(command)),
  ...(python === undefined ? ['python3 with zxingcpp (Debian python3-zxing-cpp)'] : []),
];

/** Why the PDF checks cannot run here, or undefined when every tool is installed. */
export const pdfToolsMissing: string | undefined = missing.length === 0 ? undefined : `missing ${missing.join(', ')}`;

const directory = mkdtempSync(join(tmpdir(), 'dte-pdf-test-'));
let counter = 0;

function temporaryPdf(pdf: Buffer): string {
  counter += 1;
  const path = join(directory, `document-${counter}.pdf`);
  writeFileSync(path, pdf);
  return path;
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/**
 * The text of a PDF as pdftotext reads it, every run of white space (a wrapped line, a column gap) as
 * one space, so that a phrase is found wherever the layout broke it. With `layout`, a table's row
 * reads as one line, left to right.
 */
export function pdfText(pdf: Buffer, layout = false): string {
  return run('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', temporaryPdf(pdf), '-']).replace(/\s+/g, ' ');
}

/** The lines of a PDF as `pdftotext -layout` sets them, white space kept: a table's row or a totals row is one line. */
export function pdfLines(pdf: Buffer): string[] {
  return run('pdftotext', ['-layout', '-enc', 'UTF-8', temporaryPdf(pdf), '-']).split('\n');
}

/** A word pdftotext found, with its box in points from the top left of its page (1-based). */
export interface WordBox {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word of a PDF with where it stands (`pdftotext -bbox`). */
export function wordBoxes(pdf: Buffer): WordBox[] {
  const html = run('pdftotext', ['-bbox', '-enc', 'UTF-8', temporaryPdf(pdf), '-']);
  const boxes: WordBox[] = [];
  let page = 0;
  for (const match of html.matchAll(/<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (match[0] === '<page ') {
      page += 1;
      continue;
    }
    const [xMin, yMin, xMax, yMax] = match.slice(1, 5).map(Number) as [number, number, number, number];
    boxes.push({ page, text: match[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'), xMin, yMin, xMax, yMax });
  }
  return boxes;
}

/** What pdfinfo says of each page: its size in points. */
export function pageSizes(pdf: Buffer): Array<{ width: number; height: number }> {
  const output = run('pdfinfo', ['-f', '1', '-l', '9999', temporaryPdf(pdf)]);
  return [...output.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((match) => ({ width: Number(match[1]), height: Number(match[2]) }));
}

/** One embedded image as pdfimages lists it, with its printed size in centimetres. */
export interface PlacedImage {
  page: number;
  pixelsWide: number;
  pixelsHigh: number;
  bitsPerComponent: number;
  widthCm: number;
  heightCm: number;
}

/** The images of a PDF and the size at which each is drawn. */
export function pdfImages(pdf: Buffer): PlacedImage[] {
  const lines = run('pdfimages', ['-list', temporaryPdf(pdf)]).split('\n').slice(2).filter((line) => line.trim() !== '');
  return lines.map((line) => {
    const fields = line.trim().split(/\s+/);
    const [page, , , width, height, , , bits, , , , , xPpi, yPpi] = fields;
    return {
      page: Number(page), pixelsWide: Number(width), pixelsHigh: Number(height), bitsPerComponent: Number(bits),
      widthCm: (Number(width) / Number(xPpi)) * 2.54, heightCm: (Number(height) / Number(yPpi)) * 2.54,
    };
  });
}

/** A PDF417 symbol found on a page: its bytes, and where it stands in centimetres from the page's top left. */
export interface FoundSymbol {
  bytes: Buffer;
  leftCm: number;
  topCm: number;
  rightCm: number;
  bottomCm: number;
  /** The page's size in centimetres. */
  pageWidthCm: number;
  pageHeightCm: number;
}

interface DecodedImage {
  width: number;
  height: number;
  symbols: Array<{ bytes: string; left: number; top: number; right: number; bottom: number }>;
}

/**
 * Renders every page to a grey image with pdftoppm at `dpi` and decodes its PDF417 symbols with
 * zxing-cpp. Returns, per page, each symbol found.
 */
export function decodeTimbres(pdf: Buffer, dpi = 300): FoundSymbol[][] {
  counter += 1;
  const name = `page-${counter}`;
  run('pdftoppm', ['-gray', '-r', String(dpi), temporaryPdf(pdf), join(directory, name)]);
  const images = readdirSync(directory)
    .filter((file) => file.startsWith(`${name}-`) && file.endsWith('.pgm'))
    .sort((left, right) => pageNumber(left) - pageNumber(right))
    .map((name) => join(directory, name));
  const cm = (pixels: number): number => (pixels / dpi) * 2.54;
  return decodeImages(images).map((page) => {
    return page.symbols.map((symbol) => ({
      bytes: Buffer.from(symbol.bytes, 'base64'),
      leftCm: cm(symbol.left), topCm: cm(symbol.top), rightCm: cm(symbol.right), bottomCm: cm(symbol.bottom),
      pageWidthCm: cm(page.width), pageHeightCm: cm(page.height),
    }));
  });
}

/** Decodes the PDF417 symbols of 8-bit PGM images with zxing-cpp, in one run of the decoder. */
function decodeImages(paths: string[]): DecodedImage[] {
  const output = run(python!, [DECODER, ...paths]);
  return output.trim().split('\n').map((line) => JSON.parse(line) as DecodedImage);
}

/**
 * Draws PDF417 module matrices (one byte a module, 1 dark, row after row) as grey images, each module
 * `scale` pixels wide and three times as high, in a quiet zone of four modules, and decodes them with
 * zxing-cpp. Returns, per matrix, the bytes of each symbol found.
 */
export function decodeModuleMatrices(matrices: ReadonlyArray<{ modules: Uint8Array; width: number }>, scale = 3): Buffer[][] {
  const paths = matrices.map(({ modules, width }) => {
    const rows = modules.length / width;
    const quiet = 4 * scale;
    const pixelsWide = width * scale + 2 * quiet;
    const pixelsHigh = rows * 3 * scale + 2 * quiet;
    const pixels = Buffer.alloc(pixelsWide * pixelsHigh, 255);
    for (let y = 0; y < pixelsHigh - 2 * quiet; y += 1) {
      const row = Math.floor(y / (3 * scale));
      for (let x = 0; x < pixelsWide - 2 * quiet; x += 1) {
        if (modules[row * width + Math.floor(x / scale)] === 1) pixels[(y + quiet) * pixelsWide + x + quiet] = 0;
      }
    }
    counter += 1;
    const path = join(directory, `matrix-${counter}.pgm`);
    writeFileSync(path, Buffer.concat([Buffer.from(`P5\n${pixelsWide} ${pixelsHigh}\n255\n`, 'latin1'), pixels]));
    return path;
  });
  return decodeImages(paths).map((image) => image.symbols.map((symbol) => Buffer.from(symbol.bytes, 'base64')));
}

function pageNumber(name: string): number {
  return Number(/-(\d+)\.pgm$/.exec(name)?.[1] ?? 0);
}
