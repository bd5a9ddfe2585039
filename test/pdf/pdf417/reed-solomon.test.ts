import { describe, expect, it } from 'vitest';
import { checkCodewordCount, checkCodewords } from '../../../src/pdf/pdf417/reed-solomon.ts';

const PRIME = 929;

/** The symbol's polynomial (data then check codewords, the first the highest degree) at x, in GF(929). */
function evaluate(codewords: readonly number[], x: number): number {
  return codewords.reduce((sum, codeword) => (sum * x + codeword) % PRIME, 0);
}

function power(base: number, exponent: number): number {
  let result = 1;
  for (let index = 0; index < exponent; index += 1) result = (result * base) % PRIME;
  return result;
}

describe('PDF417 error correction', () => {
  it('takes 2^(level + 1) check codewords, levels 0 to 8', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map(checkCodewordCount)).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512]);
    expect(() => checkCodewordCount(9)).toThrow(RangeError);
  });

  it('gives the check codewords of the standard\'s worked example ("PDF417" at level 1)', () => {
    // The symbol length descriptor 5, then "PDF417" in text compaction: 453 178 121 239.
    expect([...checkCodewords([5, 453, 178, 121, 239], 1)]).toEqual([452, 327, 657, 619]);
  });

  it.each([0, 2, 5, 8])('makes at level %i a codeword of which 3, 3², … 3^k are all roots', (level) => {
    const data = Array.from({ length: 300 }, (_, index) => (index * 7919 + 13) % 929);
    const check = [...checkCodewords(data, level)];
    const symbol = [...data, ...check];
    for (let root = 1; root <= checkCodewordCount(level); root += 1) expect(evaluate(symbol, power(3, root)), `3^${root}`).toBe(0);
    // A changed data codeword is caught: not every root stays one.
    const damaged = [...symbol];
    damaged[10] = (damaged[10]! + 1) % PRIME;
    expect(Array.from({ length: checkCodewordCount(level) }, (_, index) => evaluate(damaged, power(3, index + 1))).some((value) => value !== 0)).toBe(true);
  });
});
