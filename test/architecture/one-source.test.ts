import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS, ISSUED_TYPES, NAMING_ORDER, siiDocumentType } from '../../src/core/document-kinds/index.ts';
import { findTipoDteLiterals } from '../support/tipo-dte-literals.ts';

/**
 * One source for document kinds (issue 16): outside the registry (src/core/document-kinds) and the
 * local SII (src/sii-sim, an independent oracle on purpose), no source file writes a TipoDTE code.
 * test/, bench/ and faults/ are not sources of the kinds: like fixtures, they write sample documents
 * of the types they exercise.
 */
const root = new URL('../../', import.meta.url).pathname;
const SOURCE_ROOTS = ['src', 'tools', 'evals'];
const EXEMPT = [/^src\/core\/document-kinds\//, /^src\/sii-sim\//];

function sourceFiles(directory: string): string[] {
  return readdirSync(join(root, directory), { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('document kinds have one source', () => {
  it('no source file outside the registry and src/sii-sim writes a TipoDTE code', () => {
    const files = SOURCE_ROOTS.flatMap(sourceFiles).filter((file) => !EXEMPT.some((pattern) => pattern.test(relative(root, join(root, file)))));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) => findTipoDteLiterals(file, readFileSync(join(root, file), 'utf8')));
    expect(found.map((hit) => `${hit.file}:${hit.line}: ${hit.code} in ${hit.text}`)).toEqual([]);
  });

  it('the check fires on a source that lists codes, in numbers, text, templates and patterns', () => {
    const offending = [
      "const TYPES = [33, 34, 52];",
      "const help = 'types 56 and 61';",
      "const example = `try ${command} 39 folio 1`;",
      "const numbered = /\\b(41|46)-\\d+/;",
      "const reference = '43';",
    ].join('\n');
    const found = findTipoDteLiterals('synthetic.ts', offending);
    expect(found.map((hit) => [hit.line, hit.code])).toEqual([[1, 33], [1, 34], [1, 52], [2, 56], [2, 61], [3, 39], [4, 41], [4, 46], [5, 43]]);
  });

  it('the check reads comments as prose and other numbers as numbers', () => {
    const innocent = [
      '/** A factura (33) or a nota de crédito (61): cited in prose. */',
      '// types 33, 34, 52',
      "const quote = '\"', hex = 0x22, timeout = 60, version = '1.33', amount = 3.34, port = 5433;",
      "const name = 'DTE' + String(FACTURA.code);",
    ].join('\n');
    expect(findTipoDteLiterals('innocent.ts', innocent)).toEqual([]);
  });
});

describe('the registry of document kinds', () => {
  it('lists each kind once, with a name the SII table knows and a naming order that covers every kind', () => {
    expect(new Set(ISSUED_TYPES).size).toBe(DOCUMENT_KINDS.length);
    for (const kind of DOCUMENT_KINDS) expect(siiDocumentType(kind.code)?.spoken?.es.short).toBe(kind.names.short);
    expect([...NAMING_ORDER].map((kind) => kind.code).sort()).toEqual([...ISSUED_TYPES].sort());
  });

  it('gives every kind that forbids exempt-only lines a counterpart that allows them', () => {
    for (const kind of DOCUMENT_KINDS.filter((entry) => entry.exemptLines === 'not-all')) {
      expect(DOCUMENT_KINDS.find((other) => other.code === kind.exemptCounterpart)?.exemptLines).toBe('all');
    }
  });
});
