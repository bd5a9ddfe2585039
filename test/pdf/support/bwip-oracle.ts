/**
 * bwip-js (BWIPP) as the oracle of src/pdf/pdf417: its table of symbol characters, read from its
 * PostScript source, and the symbols it draws, either of codewords we give it (raw mode: then every
 * module must match ours) or of bytes it compacts itself. A dev dependency: the service does not use it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import bwipjs from 'bwip-js';

/** A symbol as bwip-js draws it: one byte a module, row after row, no quiet zone. */
export interface OracleMatrix {
  modules: Uint8Array;
  width: number;
  rows: number;
}

/** BWIPP's `pdf417.clusters`: for clusters 0, 3 and 6, the 17 modules of each codeword value as bits. */
export function bwippClusterTables(): number[][] {
  const entry = createRequire(import.meta.url).resolve('bwip-js');
  const source = readFileSync(join(dirname(entry), '..', 'barcode.ps'), 'latin1');
  const start = source.indexOf('/pdf417.clusters [');
  if (start < 0) throw new Error('bwip-js has no pdf417.clusters table in barcode.ps.');
  const block = source.slice(start + '/pdf417.clusters ['.length, source.indexOf('] def', start));
  return [...block.matchAll(/\[([^[\]]*)\]/g)].map((match) => match[1]!.trim().split(/\s+/).map(Number));
}

/** Options of BWIPP's pdf417 encoder that bwip-js's types do not list. */
type Pdf417Options = bwipjs.RawOptions & { eclevel: number; fixedeclevel: boolean; columns: number; raw?: boolean };

function matrix(options: Pdf417Options): OracleMatrix {
  const [drawn] = bwipjs.raw(options);
  if (drawn === undefined || !('pixs' in drawn)) throw new Error('bwip-js drew no PDF417 matrix.');
  return { modules: Uint8Array.from(drawn.pixs), width: drawn.pixx, rows: drawn.pixs.length / drawn.pixx };
}

/** The symbol bwip-js draws of data codewords (no length descriptor) at a fixed level and column count. */
export function bwipRawSymbol(data: readonly number[], level: number, columns: number): OracleMatrix {
  const text = data.map((codeword) => `^${String(codeword).padStart(3, '0')}`).join('');
  return matrix({ bcid: 'pdf417', text, raw: true, eclevel: level, fixedeclevel: true, columns });
}

/** The symbol bwip-js draws of bytes, compacted its own way, at a fixed level and column count. */
export function bwipSymbol(bytes: Buffer, level: number, columns: number): OracleMatrix {
  return matrix({ bcid: 'pdf417', text: bytes.toString('latin1'), binarytext: true, eclevel: level, fixedeclevel: true, columns });
}
