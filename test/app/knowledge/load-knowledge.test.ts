import { describe, expect, it } from 'vitest';
import { guidanceKey, isKnowledgeResourceError, parseCodeGuidance, parseKnowledgeEntries, type ResourceFile } from '../../../src/app/knowledge/index.ts';
import { readResourceFiles } from '../../../src/resources/resource-files.ts';
import { createKnowledgeBase } from '../../../src/search/index.ts';

const source = { title: 'Formato DTE', section: '§2.2 E', file: 'formato_dte_201911.pdf' };
const entry = { id: 'una-regla', title: 'Una regla', rule: 'Primera frase. Segunda frase.', tags: ['regla'], sources: [source] };

/** Resource files as ResourceFiles hands them over: a name and the text. */
function filesOf(files: Record<string, unknown>): ResourceFile[] {
  return Object.entries(files).map(([name, content]) => ({ name, text: JSON.stringify(content) }));
}

describe('parseKnowledgeEntries', () => {
  it('reads every topic file in the order given', () => {
    expect(parseKnowledgeEntries(filesOf({ 'a.json': { topic: 'a', entries: [entry] }, 'b.json': { topic: 'b', entries: [{ ...entry, id: 'b-uno' }] } })).map((item) => item.id))
      .toEqual(['una-regla', 'b-uno']);
  });

  it('refuses an entry without sources, naming the file and the field', () => {
    expect(() => parseKnowledgeEntries(filesOf({ 'a.json': { topic: 'a', entries: [{ ...entry, sources: [] }] } }))).toThrow(/a\.json: entries\.0\.sources/);
  });

  it('refuses a source naming a file that is not an SII manual we know', () => {
    expect(thrown(() => parseKnowledgeEntries(filesOf({ 'a.json': { topic: 'a', entries: [{ ...entry, sources: [{ ...source, file: 'inventado.pdf' }] }] } })))).toSatisfy(isKnowledgeResourceError);
  });

  it('refuses an id used twice across files, and ids that are not kebab-case', () => {
    expect(() => parseKnowledgeEntries(filesOf({ 'a.json': { topic: 'a', entries: [entry] }, 'b.json': { topic: 'b', entries: [entry] } }))).toThrow(/also in a\.json/);
    expect(() => parseKnowledgeEntries(filesOf({ 'a.json': { topic: 'a', entries: [{ ...entry, id: 'Una Regla' }] } }))).toThrow(/kebab-case/);
  });

  it('refuses unknown fields, so that a typo in a field name is not silently dropped, and text that is not JSON', () => {
    expect(thrown(() => parseKnowledgeEntries(filesOf({ 'a.json': { topic: 'a', entries: [{ ...entry, sorces: [] }] } })))).toSatisfy(isKnowledgeResourceError);
    expect(() => parseKnowledgeEntries([{ name: 'roto.json', text: '{"topic": ' }])).toThrow(/^roto\.json: /);
  });

  it('builds a knowledge base over given entries', () => {
    const knowledge = createKnowledgeBase(parseKnowledgeEntries(filesOf({ 'a.json': { topic: 'a', entries: [entry] } })));
    expect(knowledge.search('reglas')[0]?.entry.id).toBe('una-regla');
  });
});

describe('parseCodeGuidance', () => {
  const item = { family: 'upload_status', code: '7', cause: 'Schema inválido.', fix: 'Validar.', sources: [source] };
  const file = (guidance: unknown[]): ResourceFile => filesOf({ 'guidance.json': { about: 'prueba', guidance } })[0]!;

  it('maps family:code to the guidance', () => {
    expect(parseCodeGuidance(file([item])).get(guidanceKey('upload_status', '7'))?.cause).toBe('Schema inválido.');
  });

  it('refuses a code written twice for one family and a family the catalog reader does not know', () => {
    expect(() => parseCodeGuidance(file([item, item]))).toThrow(/upload_status:7 is written twice/);
    expect(thrown(() => parseCodeGuidance(file([{ ...item, family: 'otra' }])))).toSatisfy(isKnowledgeResourceError);
  });

  it('reads the project guidance with the code the agent meets most', () => {
    expect(parseCodeGuidance(readResourceFiles().codeGuidance()).get(guidanceKey('revision_detail_codes', 'CAF-3-517'))?.note).toContain('seis meses');
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
