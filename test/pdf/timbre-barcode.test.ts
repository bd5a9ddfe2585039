import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bilevelPng } from '../../src/pdf/bilevel-png.ts';
import { CM } from '../../src/pdf/page-format.ts';
import { fittedSize, TIMBRE_ERROR_CORRECTION_LEVEL, timbreImage } from '../../src/pdf/timbre-barcode.ts';
import { signedDocument, tedBytes } from './support/signed-documents.ts';

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
    const size = fittedSize(image, box);
    expect(size.width).toBeLessThanOrEqual(box.width + 1e-9);
    expect(size.height).toBeLessThanOrEqual(box.height + 1e-9);
    expect(Math.max(size.width / box.width, size.height / box.height)).toBeCloseTo(1, 9);
    expect(size.width).toBeGreaterThanOrEqual(5 * CM);
    expect(timbreImage(ted, box)).toBe(image);
  });

  it('keeps the 64 symbols last used: one used again outlives those encoded after it', () => {
    const box = { width: 8 * CM, height: 3.9 * CM };
    const ted = (index: number): Buffer => Buffer.from(`<TED>cache test ${index}</TED>`, 'latin1');
    const first = timbreImage(ted(0), box);
    const second = timbreImage(ted(1), box);
    for (let index = 2; index < 64; index += 1) timbreImage(ted(index), box);
    expect(timbreImage(ted(0), box)).toBe(first);
    timbreImage(ted(64), box);
    expect(timbreImage(ted(0), box)).toBe(first);
    expect(timbreImage(ted(1), box)).not.toBe(second);
    expect(timbreImage(ted(1), box).png.equals(second.png)).toBe(true);
  });

  it('keeps level 5 for the longest TEDs by taking more columns, and refuses what no PDF417 holds', () => {
    // Two letters a codeword: 1849 letters fill the 928 data codewords a symbol holds beside its 64 of level 5.
    const image = timbreImage(Buffer.alloc(1849, 'a'), LETTER_BOX);
    expect(image.errorCorrectionLevel).toBe(TIMBRE_ERROR_CORRECTION_LEVEL);
    expect(image.columns * image.rows - 64).toBeLessThanOrEqual(928);
    expect(image.columns * image.rows - 64).toBeGreaterThan(924);
    expect(() => timbreImage(Buffer.alloc(4000, 'x'), LETTER_BOX)).toThrow(/too long for a PDF417/);
  });
});
