import { describe, expect, it } from 'vitest';
import { compact } from '../../../src/pdf/pdf417/compaction.ts';
import { moduleMatrix, pdf417Symbol } from '../../../src/pdf/pdf417/pdf417-symbol.ts';
import { decodeModuleMatrices, pdfToolsMissing } from '../support/pdf-tools.ts';
import { siiSampleTeds } from '../support/sample-teds.ts';
import { skipping } from '../../support/skip-reason.ts';

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

/** A fixed sequence of pseudo-random bytes (a linear congruential generator), the same on every run. */
function noise(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let index = 0; index < length; index += 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    bytes[index] = state >>> 16;
  }
  return bytes;
}

/** Inputs that take every mode and move of the compaction. */
const INPUTS: Array<[string, Buffer]> = [
  ['upper case', latin1('PDF ABC XYZ')],
  ['lower case with an upper-case letter shifted in', latin1('timbre Electronico sii')],
  ['digits and mixed punctuation', latin1('2026-11-20T15:00:00 $1.234,5 50% a+b=c #7 ^')],
  ['punctuation latched and shifted', latin1(';<>@[\\]_`~!"|()?{}\' <TED version="1.0"><DD><RE>76192083-9</RE>')],
  ['line breaks and tabs', latin1('<DD>\r\n\t<RE>1-9</RE>\n<TD>33</TD>\r\n</DD>\n')],
  ['ISO-8859-1 letters shifted as bytes', latin1('Cañería Ñuñoa Pérez Çà ° º ¿')],
  ['a long run of bytes text cannot hold', Buffer.from(Array.from({ length: 40 }, (_, index) => 128 + index))],
  ['a run of exactly 12 bytes', Buffer.from([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255])],
  ['every byte value', Buffer.from(Array.from({ length: 256 }, (_, index) => index))],
  ['pseudo-random bytes', noise(500, 7)],
  ['base64', latin1(noise(300, 11).toString('base64'))],
  ['a long run of digits', latin1('1234567890'.repeat(8))],
];

describe('PDF417 data compaction', () => {
  it('writes the standard\'s worked example "PDF417" in text compaction: 453 178 121 239', () => {
    expect(compact(latin1('PDF417'))).toEqual([453, 178, 121, 239]);
  });

  it('packs 6 bytes in 5 codewords after 924, and a shorter run one byte a codeword after 901', () => {
    const six = compact(Buffer.from([0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa]));
    expect(six).toHaveLength(6);
    expect(six[0]).toBe(924);
    // The five codewords are the six bytes as one number in base 900.
    expect(six.slice(1).reduce((value, digit) => value * 900 + digit, 0)).toBe(0xfffefdfcfbfa);
    expect(compact(Buffer.from([0xff, 0xfe, 0xfd]))).toEqual([901, 0xff, 0xfe, 0xfd]);
  });

  it('shifts one byte text cannot hold into a text run (913) instead of latching', () => {
    expect(compact(latin1('AB\xd1CD'))).toEqual([1, 913, 0xd1, 2 * 30 + 3]);
  });

  it('holds the SII\'s sample TEDs in fewer codewords than byte compaction alone', () => {
    for (const ted of siiSampleTeds()) {
      const bytesAlone = 1 + 5 * Math.floor(ted.length / 6) + (ted.length % 6);
      expect(compact(ted).length, `${ted.length} bytes`).toBeLessThan(bytesAlone * 0.9);
    }
  });

  it.skipIf(skipping('the zxing-cpp read-back of compaction', pdfToolsMissing))('reads back with zxing-cpp to the same bytes, whatever the bytes', () => {
    const symbols = INPUTS.map(([, bytes]) => pdf417Symbol(compact(bytes), 2, 10));
    const decoded = decodeModuleMatrices(symbols.map((symbol) => ({ modules: moduleMatrix(symbol), width: symbol.width })));
    INPUTS.forEach(([name, bytes], index) => {
      expect(decoded[index], name).toHaveLength(1);
      expect(decoded[index]![0]!.equals(bytes), name).toBe(true);
    });
  });
});
