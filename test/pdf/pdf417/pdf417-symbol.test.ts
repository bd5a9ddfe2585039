import { beforeAll, describe, expect, it } from 'vitest';
import type { TipoDTE } from '../../../src/core/document-request.ts';
import { compact } from '../../../src/pdf/pdf417/compaction.ts';
import { moduleMatrix, pdf417Symbol, type Pdf417Symbol } from '../../../src/pdf/pdf417/pdf417-symbol.ts';
import { symbolCharacters } from '../../../src/pdf/pdf417/symbol-characters.ts';
import { CM } from '../../../src/pdf/page-format.ts';
import { timbreSymbol } from '../../../src/pdf/timbre-barcode.ts';
import { bwipRawSymbol } from '../support/bwip-oracle.ts';
import { siiSampleTeds } from '../support/sample-teds.ts';
import { manyLines, signedDocument, tedBytes } from '../support/signed-documents.ts';

const BOXES = [{ width: 8.5 * CM, height: 3.9 * CM }, { width: 5.5 * CM, height: 3.9 * CM }];

/** The data codewords of a symbol: after the length descriptor, before the padding and the check codewords. */
function dataOf(symbol: Pdf417Symbol, dataLength: number): number[] {
  return [...symbol.codewords.subarray(1, 1 + dataLength)];
}

function expectSameAsOracle(symbol: Pdf417Symbol, data: readonly number[], label: string): void {
  const oracle = bwipRawSymbol(data, symbol.errorCorrectionLevel, symbol.columns);
  expect([oracle.width, oracle.rows], label).toEqual([symbol.width, symbol.rows]);
  expect(Buffer.from(moduleMatrix(symbol)).equals(Buffer.from(oracle.modules)), label).toBe(true);
}

let testTeds: Buffer[] = [];
beforeAll(async () => {
  const types: TipoDTE[] = [33, 34, 52, 56, 61];
  const documents = await Promise.all([...types.map((type) => signedDocument(type)), signedDocument(61, { Detalle: manyLines(60) })]);
  testTeds = documents.map((document) => tedBytes(document.xml));
});

describe('a PDF417 symbol, module for module against bwip-js drawing the same codewords', () => {
  it('draws every codeword value of every cluster as bwip-js does', () => {
    // One column, each value three times: three rows in a row, so each value is drawn in clusters 0, 3 and 6.
    const values = Array.from({ length: 929 }, (_, value) => value);
    for (let start = 0; start < values.length; start += 29) {
      const data = values.slice(start, start + 29).flatMap((value) => [value, value, value]);
      const symbol = pdf417Symbol(data, 0, 1);
      expect(symbol.rows).toBe(data.length + 3);
      expectSameAsOracle(symbol, data, `values ${start}–${start + 28}`);
    }
  });

  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8])('lays out rows, row indicators and check codewords at level %i as bwip-js does', (level) => {
    const data = compact(Buffer.from('Timbre Electrónico SII: <TED version="1.0"><DD><RE>76192083-9</RE></DD></TED>', 'latin1'));
    for (const columns of [1, 2, 3, 7, 16, 30]) {
      if (Math.ceil((data.length + 1 + 2 ** (level + 1)) / columns) > 90) continue;
      expectSameAsOracle(pdf417Symbol(data, level, columns), data, `level ${level}, ${columns} columns`);
    }
  });

  it('draws the timbre of every SII sample TED and every test TED as bwip-js does, at the level and columns the timbre chose', () => {
    const teds = [...siiSampleTeds(), ...testTeds];
    expect(teds.length).toBeGreaterThan(25);
    for (const ted of teds) {
      for (const box of BOXES) {
        const symbol = timbreSymbol(ted, box);
        const data = compact(ted);
        expect(dataOf(symbol, data.length)).toEqual(data);
        expectSameAsOracle(symbol, data, `${ted.length} bytes, box ${box.width.toFixed(0)} pt`);
      }
    }
  });

  it('tells its rows, columns and level in the row indicators of its first three rows', () => {
    const symbol = pdf417Symbol(compact(Buffer.from('A'.repeat(200), 'latin1')), 5, 4);
    const values = symbolCharacters().map((table) => new Map([...table].map((bits, value) => [bits, value])));
    const modules = moduleMatrix(symbol);
    const indicator = (row: number, right: boolean): number => {
      let bits = 0;
      const start = row * symbol.width + (right ? symbol.width - 35 : 17);
      for (let module = 0; module < 17; module += 1) bits = (bits << 1) | modules[start + module]!;
      return values[row % 3]!.get(bits)!;
    };
    const { rows, columns } = symbol;
    expect([indicator(0, false), indicator(0, true)]).toEqual([Math.floor((rows - 1) / 3), columns - 1]);
    expect([indicator(1, false), indicator(1, true)]).toEqual([5 * 3 + ((rows - 1) % 3), Math.floor((rows - 1) / 3)]);
    expect([indicator(2, false), indicator(2, true)]).toEqual([columns - 1, 5 * 3 + ((rows - 1) % 3)]);
    // The next three rows say the same, 30 higher.
    expect(indicator(3, false)).toBe(30 + Math.floor((rows - 1) / 3));
  });

  it('refuses more than 90 rows or a data region over 928 codewords', () => {
    expect(() => pdf417Symbol(new Array(200).fill(1), 2, 2)).toThrow(/at most 90/);
    expect(() => pdf417Symbol(new Array(940).fill(1), 0, 30)).toThrow(/over the 928/);
    expect(() => pdf417Symbol([1], 5, 31)).toThrow(RangeError);
  });
});
