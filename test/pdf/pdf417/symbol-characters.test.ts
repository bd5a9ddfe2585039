import { describe, expect, it } from 'vitest';
import { CODEWORD_VALUES, START_PATTERN, STOP_PATTERN, symbolCharacters } from '../../../src/pdf/pdf417/symbol-characters.ts';
import { bwippClusterTables } from '../support/bwip-oracle.ts';

/** The element widths of a pattern of `modules` modules, first module in the highest bit. */
function widths(bits: number, modules = 17): number[] {
  const result: number[] = [];
  let previous = -1;
  for (let shift = modules - 1; shift >= 0; shift -= 1) {
    const bit = (bits >>> shift) & 1;
    if (bit === previous) result[result.length - 1]! += 1;
    else result.push(1);
    previous = bit;
  }
  return result;
}

describe('the PDF417 symbol characters', () => {
  it('has 929 patterns a cluster, each of 4 bars and 4 spaces of 1–6 modules, bar first, in its cluster by b1 − b2 + b3 − b4', () => {
    const clusters = symbolCharacters();
    expect(clusters).toHaveLength(3);
    clusters.forEach((table, index) => {
      expect(table).toHaveLength(CODEWORD_VALUES);
      const wrong = [...table].filter((bits) => {
        const elements = widths(bits);
        const [b1, , b2, , b3, , b4] = elements;
        const cluster = (((b1! - b2! + b3! - b4!) % 9) + 9) % 9;
        // Bar first (the highest bit), space last, 8 elements of at most 6 modules, in this cluster.
        return bits >>> 16 !== 1 || (bits & 1) !== 0 || elements.length !== 8 || Math.max(...elements) > 6 || cluster !== 3 * index;
      });
      expect(wrong.map((bits) => widths(bits).join('')), `cluster ${3 * index}`).toEqual([]);
    });
    // No pattern means two values, within a cluster or across them.
    expect(new Set(clusters.flatMap((table) => [...table])).size).toBe(3 * CODEWORD_VALUES);
  });

  it('lists them in the order of their edge-to-similar-edge distances t2…t6, t1', () => {
    for (const table of symbolCharacters()) {
      const keys = [...table].map((bits) => {
        const elements = widths(bits);
        const distances = elements.slice(0, 7).map((width, index) => width + elements[index + 1]!);
        return [...distances.slice(1, 6), distances[0]!];
      });
      const outOfOrder = keys.slice(1).filter((key, index) => {
        const before = keys[index]!;
        const first = before.findIndex((distance, position) => distance !== key[position]);
        return first < 0 || before[first]! > key[first]!;
      });
      expect(outOfOrder).toEqual([]);
    }
  });

  it('is the standard\'s table as BWIPP transcribes it, all 2,787 patterns', () => {
    const oracle = bwippClusterTables();
    expect(oracle.map((table) => table.length)).toEqual([929, 929, 929]);
    symbolCharacters().forEach((table, cluster) => expect([...table], `cluster ${3 * cluster}`).toEqual(oracle[cluster]));
  });

  it('has the start pattern 8 1 1 1 1 1 1 3 and the stop pattern 7 1 1 3 1 1 1 2 1', () => {
    expect(widths(START_PATTERN)).toEqual([8, 1, 1, 1, 1, 1, 1, 3]);
    expect(widths(STOP_PATTERN, 18)).toEqual([7, 1, 1, 3, 1, 1, 1, 2, 1]);
  });
});
