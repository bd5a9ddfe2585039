import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { TipoDTE } from '../../src/core/document-request.ts';
import { bilevelPng } from '../../src/pdf/bilevel-png.ts';
import { CM } from '../../src/pdf/page-format.ts';
import { moduleMatrix } from '../../src/pdf/pdf417/pdf417-symbol.ts';
import { symbolCharacters } from '../../src/pdf/pdf417/symbol-characters.ts';
import { fittedSize, TIMBRE_ERROR_CORRECTION_LEVEL, timbreImage, timbreSymbol } from '../../src/pdf/timbre-barcode.ts';
import { bwipSymbol, type OracleMatrix } from './support/bwip-oracle.ts';
import { decodeModuleMatrices, pdfToolsMissing } from './support/pdf-tools.ts';
import { siiSampleTeds } from './support/sample-teds.ts';
import { manyLines, signedDocument, tedBytes } from './support/signed-documents.ts';
import { skipping } from '../support/skip-reason.ts';

const LETTER_BOX = { width: 8.5 * CM, height: 3.9 * CM };
const ROLL_BOX = { width: 5.5 * CM, height: 3.9 * CM };

/** The IHDR fields and the unfiltered rows of a PNG. */
function readPng(png: Buffer): { width: number; height: number; depth: number; colour: number; rows: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  return { width: header!.readUInt32BE(0), height: header!.readUInt32BE(4), depth: header![8]!, colour: header![9]!, rows: inflateSync(Buffer.concat(idat)) };
}

describe('the timbre as a PDF417 image', () => {
  it('writes a one-bit grey PNG whose pixels are the bitmap', () => {
    const png = readPng(bilevelPng({ width: 10, height: 2, dark: (x, y) => x === y || x === 9 }));
    expect([png.width, png.height, png.depth, png.colour]).toEqual([10, 2, 1, 0]);
    // Rows: a filter byte, then 10 pixels in 2 bytes, 0 for black; the 6 bits past the edge are white.
    expect([...png.rows]).toEqual([0, 0b01111111, 0b10111111, 0, 0b10111111, 0b10111111]);
  });

  it.each([['letter', LETTER_BOX], ['roll', ROLL_BOX]] as const)('fits the %s box at level 5, as wide as the shape allows', async (_format, box) => {
    const ted = tedBytes((await signedDocument(33)).xml);
    const image = timbreImage(ted, box);
    expect(image.errorCorrectionLevel).toBe(TIMBRE_ERROR_CORRECTION_LEVEL);
    const png = readPng(image.png);
    expect(png.width).toBe(17 * image.columns + 69 + 4);
    expect(png.height).toBe(image.rows + 2);
    expect(image.modulesHigh).toBe(3 * (image.rows + 2));
    // Its pixels are the symbol's modules (black where dark) in a white border of 2 modules and a row.
    const symbol = timbreSymbol(ted, box);
    const modules = moduleMatrix(symbol);
    const rowBytes = Math.ceil(png.width / 8) + 1;
    const black = (x: number, y: number): boolean => ((png.rows[y * rowBytes + 1 + (x >> 3)]! >> (7 - (x & 7))) & 1) === 0;
    const wrong: string[] = [];
    for (let y = 0; y < png.height; y += 1) {
      for (let x = 0; x < png.width; x += 1) {
        const inside = x >= 2 && x < 2 + symbol.width && y >= 1 && y <= symbol.rows;
        const dark = inside && modules[(y - 1) * symbol.width + x - 2] === 1;
        if (black(x, y) !== dark) wrong.push(`${x},${y}`);
      }
    }
    expect(wrong).toEqual([]);
    const size = fittedSize(image, box);
    expect(size.width).toBeLessThanOrEqual(box.width + 1e-9);
    expect(size.height).toBeLessThanOrEqual(box.height + 1e-9);
    expect(Math.max(size.width / box.width, size.height / box.height)).toBeCloseTo(1, 9);
    expect(size.width).toBeGreaterThanOrEqual(5 * CM);
  });

  it('keeps level 5 in a symbol of at most 928 codewords, goes down a level past that, and refuses what no PDF417 holds', () => {
    // Two letters a codeword: 1700 letters are 850 data codewords, which fit beside the 64 of level 5 in 928.
    const long = timbreImage(Buffer.alloc(1700, 'a'), LETTER_BOX);
    expect(long.errorCorrectionLevel).toBe(TIMBRE_ERROR_CORRECTION_LEVEL);
    expect(long.columns * long.rows).toBeLessThanOrEqual(928);
    // 1800 letters (900 codewords) do not fit with 64 more: level 4 takes 32, level 3 takes 16.
    const longer = timbreImage(Buffer.alloc(1800, 'a'), LETTER_BOX);
    expect(longer.errorCorrectionLevel).toBeLessThan(TIMBRE_ERROR_CORRECTION_LEVEL);
    expect(longer.columns * longer.rows).toBeLessThanOrEqual(928);
    expect(() => timbreImage(Buffer.alloc(4000, 'x'), LETTER_BOX)).toThrow(/too long for a PDF417/);
  });

  it('holds every TED of the SII samples in a symbol of at most 928 codewords, at level 5 for every one that fits there', () => {
    const teds = siiSampleTeds();
    expect(teds.length).toBeGreaterThan(10);
    const levels = new Map<number, number>();
    for (const ted of teds) {
      const image = timbreImage(ted, LETTER_BOX);
      expect(image.columns * image.rows, `${ted.length} bytes`).toBeLessThanOrEqual(928);
      levels.set(image.errorCorrectionLevel, (levels.get(image.errorCorrectionLevel) ?? 0) + 1);
      // Shorter than the TEDs of the SII's own CAFs need (~765 bytes) plus a wide margin: always level 5.
      if (ted.length <= 1_000) expect(image.errorCorrectionLevel, `${ted.length} bytes`).toBe(TIMBRE_ERROR_CORRECTION_LEVEL);
    }
    expect(levels.get(TIMBRE_ERROR_CORRECTION_LEVEL)).toBeGreaterThan(0);
  });

  it.skipIf(skipping('the zxing-cpp read-back of the timbre', pdfToolsMissing))('reads back with zxing-cpp to the TED byte for byte, as bwip-js\'s symbol of it does, at the same level', async () => {
    const types: TipoDTE[] = [33, 34, 52, 56, 61];
    const documents = await Promise.all(types.map((type) => signedDocument(type)));
    documents.push(await signedDocument(61, { Detalle: manyLines(60) }));
    const teds = [...siiSampleTeds(), ...documents.map((document) => tedBytes(document.xml))];
    const ours = teds.flatMap((ted) => [LETTER_BOX, ROLL_BOX].map((box) => timbreSymbol(ted, box)));
    const oracles = ours.map((symbol, index) => bwipSymbol(teds[index >> 1]!, symbol.errorCorrectionLevel, symbol.columns));
    const matrices = ours.map((symbol) => ({ modules: moduleMatrix(symbol), width: symbol.width }));
    const decoded = decodeModuleMatrices([...matrices, ...oracles]);
    ours.forEach((symbol, index) => {
      const ted = teds[index >> 1]!;
      const label = `${ted.length} bytes, ${symbol.columns} columns`;
      expect(decoded[index], label).toHaveLength(1);
      expect(decoded[index]![0]!.equals(ted), label).toBe(true);
      expect(decoded[ours.length + index]![0]!.equals(ted), `bwip-js: ${label}`).toBe(true);
      const oracle = oracles[index]!;
      expect(levelInRowIndicator(matrices[index]!), label).toBe(symbol.errorCorrectionLevel);
      expect(levelInRowIndicator(oracle), `bwip-js: ${label}`).toBe(symbol.errorCorrectionLevel);
      // Our compaction is never longer than BWIPP's, which searches for the shortest too.
      expect(symbol.rows, label).toBeLessThanOrEqual(oracle.rows);
    });
  });
});

/** The error correction level a symbol states in its second row's left row indicator (level × 3 + (rows − 1) mod 3). */
function levelInRowIndicator(symbol: Pick<OracleMatrix, 'modules' | 'width'>): number {
  let bits = 0;
  for (let module = 0; module < 17; module += 1) bits = (bits << 1) | symbol.modules[symbol.width + 17 + module]!;
  const value = symbolCharacters()[1]!.indexOf(bits);
  expect(value).toBeGreaterThanOrEqual(0);
  return Math.floor(value / 3);
}
