import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCodeGuidance, parseKnowledgeEntries, SII_DOCUMENT_FILES } from '../../../src/app/knowledge/index.ts';
import { CODE_CATALOG_PATH, readResourceFiles } from '../../../src/resources/resource-files.ts';
import { skipping } from '../../support/skip-reason.ts';

/** The manuals folder of shared/, beside the repository (absent on a machine without it). */
const SHARED_DOCS = fileURLToPath(new URL('../../../../shared/sii/docs/', import.meta.url));

interface CatalogTable {
  codes?: Record<string, unknown> | { code: string }[];
  [subTable: string]: unknown;
}

const catalog = JSON.parse(readFileSync(CODE_CATALOG_PATH, 'utf8')) as Record<string, CatalogTable>;

/** The family whose codes sit in sub-tables, written `<sub-table>/<code>` in the guidance. */
const SUB_TABLED = 'respuesta_dte_intercambio';

/** Every code of a catalog family as the guidance writes it; rows that are not codes ("(no code)") left out. */
function catalogCodes(family: string): string[] {
  const table = catalog[family];
  if (table === undefined) return [];
  if (family === SUB_TABLED) {
    return Object.entries(table).flatMap(([name, value]) => (typeof value === 'object' && value !== null ? Object.keys(value).map((code) => `${name}/${code}`) : []));
  }
  const codes = table.codes;
  if (codes === undefined) return [];
  return Array.isArray(codes) ? codes.map((entry) => entry.code).filter((code) => !code.startsWith('(')) : Object.keys(codes);
}

function catalogHas(family: string, code: string): boolean {
  return catalogCodes(family).includes(code);
}

const guidance = [...parseCodeGuidance(readResourceFiles().codeGuidance()).values()];
const entries = parseKnowledgeEntries(readResourceFiles().knowledgeTopics());

describe('code guidance (resources/sii-code-guidance.json)', () => {
  it('covers at least 40 codes', () => {
    expect(guidance.length).toBeGreaterThanOrEqual(40);
  });

  it('writes only codes that the catalog has, in the family the catalog puts them', () => {
    const unknown = guidance.filter((item) => !catalogHas(item.family, item.code)).map((item) => `${item.family}:${item.code}`);
    expect(unknown).toEqual([]);
  });

  it('covers every code of every family of the catalog', () => {
    const families = Object.keys(catalog).sort();
    expect([...new Set(guidance.map((item) => item.family))].sort()).toEqual(families);
    const written = new Set(guidance.map((item) => `${item.family}:${item.code}`));
    const missing = families.flatMap((family) => catalogCodes(family).filter((code) => !written.has(`${family}:${code}`)).map((code) => `${family}:${code}`));
    expect(missing).toEqual([]);
  });

  it('covers upload statuses, envelope states, document states and revision codes of every family asked for', () => {
    const revisionPrefixes = new Set(guidance.filter((item) => item.family === 'revision_detail_codes').map((item) => item.code.split(/[- ]/)[0]));
    for (const prefix of ['DTE', 'CRT', 'REF', 'CAF', 'HED', 'TED']) expect(revisionPrefixes).toContain(prefix);
    for (const state of ['EPR', 'RCT', 'RFR', 'RSC', 'SOK']) expect(catalogHas('queryestup_estado', state) && guidance.some((item) => item.code === state)).toBe(true);
  });

  it('gives every code a source', () => {
    expect(guidance.filter((item) => item.sources.length === 0)).toEqual([]);
  });
});

describe('knowledge base (resources/knowledge)', () => {
  it('has at least 60 entries with unique ids', () => {
    expect(entries.length).toBeGreaterThanOrEqual(60);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
  });

  it('gives every entry at least one source', () => {
    expect(entries.filter((entry) => entry.sources.length === 0).map((entry) => entry.id)).toEqual([]);
  });

  it('keeps rules between two and six sentences', () => {
    const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ¿"«])/u).filter((part) => part.trim() !== '').length;
    const outside = entries.filter((entry) => sentences(entry.rule) < 2 || sentences(entry.rule) > 6).map((entry) => entry.id);
    expect(outside).toEqual([]);
  });

  it('relates only to entries or guidance codes that exist', () => {
    const ids = new Set(entries.map((entry) => entry.id));
    const codes = new Set(guidance.map((item) => `${item.family}:${item.code}`));
    const broken = entries.flatMap((entry) => (entry.related ?? []).filter((target) => !ids.has(target) && !codes.has(target)).map((target) => `${entry.id} -> ${target}`));
    expect(broken).toEqual([]);
  });

  it('tags the topics with the words accounting staff use', () => {
    const tags = new Set(entries.flatMap((entry) => entry.tags.map((tag) => tag.toLowerCase())));
    for (const word of ['anular', 'corregir', 'nc', 'nd', 'guía', 'boleta', 'iva', 'exenta', 'reclamo', 'acuse', 'cesión', 'factoring', 'caf', 'folios', 'timbre', 'certificación', 'set de pruebas', 'plazo']) {
      expect(tags, word).toContain(word);
    }
  });
});

describe('sources that name a file under shared/sii/docs', () => {
  const named = [...guidance.flatMap((item) => item.sources), ...entries.flatMap((entry) => entry.sources)].flatMap((source) => (source.file === undefined ? [] : [source.file]));

  it('name only files of the known list (the schema enforces it; this shows some do)', () => {
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((file) => !(SII_DOCUMENT_FILES as readonly string[]).includes(file))).toEqual([]);
  });

  it.skipIf(skipping('the comparison with shared/sii/docs', !existsSync(SHARED_DOCS) && `${SHARED_DOCS} does not exist (it is outside the repository)`))('match the files that shared/sii/docs holds', () => {
    const present = new Set(readdirSync(SHARED_DOCS));
    expect(SII_DOCUMENT_FILES.filter((file) => !present.has(file))).toEqual([]);
  });
});
