import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKnowledgeBase, guidanceKey, isKnowledgeResourceError, loadCodeGuidance, loadKnowledgeEntries } from '../../../src/app/knowledge/index.ts';
import { foldAccents, termsOf } from '../../../src/app/knowledge/spanish-terms.ts';

const source = { title: 'Formato DTE', section: '§2.2 E', file: 'formato_dte_201911.pdf' };
const entry = { id: 'una-regla', title: 'Una regla', rule: 'Primera frase. Segunda frase.', tags: ['regla'], sources: [source] };

function directoryWith(files: Record<string, unknown>): string {
  const directory = mkdtempSync(join(tmpdir(), 'knowledge-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(directory, name), JSON.stringify(content));
  return directory;
}

describe('loadKnowledgeEntries', () => {
  it('reads every topic file in name order', () => {
    const directory = directoryWith({ 'b.json': { topic: 'b', entries: [{ ...entry, id: 'b-uno' }] }, 'a.json': { topic: 'a', entries: [entry] } });
    expect(loadKnowledgeEntries(directory).map((item) => item.id)).toEqual(['una-regla', 'b-uno']);
  });

  it('refuses an entry without sources, naming the file and the field', () => {
    const directory = directoryWith({ 'a.json': { topic: 'a', entries: [{ ...entry, sources: [] }] } });
    expect(() => loadKnowledgeEntries(directory)).toThrow(/a\.json: entries\.0\.sources/);
  });

  it('refuses a source naming a file that is not an SII manual we know', () => {
    const directory = directoryWith({ 'a.json': { topic: 'a', entries: [{ ...entry, sources: [{ ...source, file: 'inventado.pdf' }] }] } });
    expect(thrown(() => loadKnowledgeEntries(directory))).toSatisfy(isKnowledgeResourceError);
  });

  it('refuses an id used twice across files, and ids that are not kebab-case', () => {
    expect(() => loadKnowledgeEntries(directoryWith({ 'a.json': { topic: 'a', entries: [entry] }, 'b.json': { topic: 'b', entries: [entry] } }))).toThrow(/also in a\.json/);
    expect(() => loadKnowledgeEntries(directoryWith({ 'a.json': { topic: 'a', entries: [{ ...entry, id: 'Una Regla' }] } }))).toThrow(/kebab-case/);
  });

  it('refuses unknown fields, so that a typo in a field name is not silently dropped', () => {
    expect(thrown(() => loadKnowledgeEntries(directoryWith({ 'a.json': { topic: 'a', entries: [{ ...entry, sorces: [] }] } })))).toSatisfy(isKnowledgeResourceError);
  });

  it('builds a knowledge base over given entries', () => {
    const knowledge = createKnowledgeBase(loadKnowledgeEntries(directoryWith({ 'a.json': { topic: 'a', entries: [entry] } })));
    expect(knowledge.search('reglas')[0]?.entry.id).toBe('una-regla');
  });
});

describe('loadCodeGuidance', () => {
  const item = { family: 'upload_status', code: '7', cause: 'Schema inválido.', fix: 'Validar.', sources: [source] };

  it('maps family:code to the guidance', () => {
    const directory = directoryWith({ 'guidance.json': { about: 'prueba', guidance: [item] } });
    const guidance = loadCodeGuidance(join(directory, 'guidance.json'));
    expect(guidance.get(guidanceKey('upload_status', '7'))?.cause).toBe('Schema inválido.');
  });

  it('refuses a code written twice for one family and a family the catalog reader does not know', () => {
    const twice = directoryWith({ 'guidance.json': { about: 'prueba', guidance: [item, item] } });
    expect(() => loadCodeGuidance(join(twice, 'guidance.json'))).toThrow(/upload_status:7 is written twice/);
    const unknown = directoryWith({ 'guidance.json': { about: 'prueba', guidance: [{ ...item, family: 'otra' }] } });
    expect(thrown(() => loadCodeGuidance(join(unknown, 'guidance.json')))).toSatisfy(isKnowledgeResourceError);
  });

  it('loads the project guidance with the code the agent meets most', () => {
    expect(loadCodeGuidance().get(guidanceKey('revision_detail_codes', 'CAF-3-517'))?.note).toContain('seis meses');
  });
});

describe('Spanish terms', () => {
  it('folds accents and case', () => {
    expect(foldAccents('Guía de Despacho Ñuñoa')).toBe('guia de despacho nunoa');
  });

  it('keeps the whole word and its stems, and drops common words', () => {
    expect(termsOf('anulación')).toEqual(expect.arrayContaining(['anulacion', 'anul']));
    expect(termsOf('facturas')).toContain('factur');
    expect(termsOf('de')).toEqual([]);
    expect(termsOf('CAF-3-517')).toEqual(['caf-3-517']);
  });
});

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}
