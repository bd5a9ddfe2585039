import { describe, expect, it } from 'vitest';
import { createCodeCatalog } from '../../../src/app/sii-codes/code-catalog.ts';
import { siiCodeCatalog } from '../../../src/composition/resources.ts';
import { parseCodeGuidance } from '../../../src/app/knowledge/index.ts';
import { readResourceFiles } from '../../../src/resources/resource-files.ts';
import { createExplanationService } from '../../../src/app/sii-codes/explanation-service.ts';
import { codeGuidanceSource } from '../../../src/app/sii-codes/code-guidance.ts';

describe('the explanation service', () => {
  it("gives the catalog's meaning and source of revision codes, upload statuses and envelope states", () => {
    const [repeated, upload, envelope] = createExplanationService(siiCodeCatalog()).explain(['DTE-3-100', '7', 'RCT']);
    expect(repeated).toMatchObject({ code: 'DTE-3-100', known: true, table: 'revision_detail_codes' });
    expect(repeated!.meaning).toMatch(/Repetido/);
    expect(repeated!.source).toBeTruthy();
    expect(upload).toMatchObject({ code: '7', known: true, table: 'upload_status', meaning: 'Esquema Invalido' });
    expect(envelope).toMatchObject({ code: 'RCT', known: true, table: 'queryestup_estado' });
  });

  it('says a code the catalog lacks is unknown, and adds nothing to it', () => {
    const advice = { cause: 'x', fix: 'y', sources: [{ title: 'z' }] };
    expect(createExplanationService(siiCodeCatalog(), () => advice).explain(['ZZZ-9-999'])).toEqual([{ code: 'ZZZ-9-999', known: false }]);
  });

  it('adds the guidance written for the code in its own table, with its sources', () => {
    const catalog = createCodeCatalog(JSON.stringify({ revision_detail_codes: { codes: [{ code: 'REF-3-750', text: 'Referencia no existe', source: 'manual' }] } }));
    const advice = { cause: 'La referencia no está', fix: 'Envíe primero el documento', sources: [{ title: 'Formato DTE', section: '§2' }] };
    const guidance = (table: string, code: string) => (table === 'revision_detail_codes' && code === 'REF-3-750' ? advice : undefined);
    expect(createExplanationService(catalog, guidance).explain([' ref-3-750 '])).toEqual([{
      code: 'REF-3-750', known: true, table: 'revision_detail_codes', meaning: 'Referencia no existe', source: 'manual', guidance: advice,
    }]);
  });

  it("reads the project's guidance for the codes people meet", () => {
    const explanations = createExplanationService(siiCodeCatalog(), codeGuidanceSource(parseCodeGuidance(readResourceFiles().codeGuidance()))).explain(['DTE-3-101', '7']);
    for (const explanation of explanations) {
      expect(explanation.guidance?.cause).toBeTruthy();
      expect(explanation.guidance?.sources.length).toBeGreaterThan(0);
    }
  });
});
