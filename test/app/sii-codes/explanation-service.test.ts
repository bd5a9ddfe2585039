import { describe, expect, it } from 'vitest';
import { createCodeCatalog, siiCodeCatalog } from '../../../src/app/sii-codes/code-catalog.ts';
import { createExplanationService } from '../../../src/app/sii-codes/explanation-service.ts';

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
    expect(createExplanationService(siiCodeCatalog(), () => ({ cause: 'x', fix: 'y', sources: ['z'] })).explain(['ZZZ-9-999'])).toEqual([{ code: 'ZZZ-9-999', known: false }]);
  });

  it('adds the guidance of a code where it is written, with its sources', () => {
    const catalog = createCodeCatalog(JSON.stringify({ revision_detail_codes: { codes: [{ code: 'REF-3-750', text: 'Referencia no existe', source: 'manual' }] } }));
    const guidance = (code: string) => (code === 'REF-3-750' ? { cause: 'La referencia no está', fix: 'Envíe primero el documento', sources: ['formato_dte_201911.pdf §2'] } : undefined);
    expect(createExplanationService(catalog, guidance).explain([' ref-3-750 '])).toEqual([{
      code: 'REF-3-750', known: true, table: 'revision_detail_codes', meaning: 'Referencia no existe', source: 'manual',
      cause: 'La referencia no está', fix: 'Envíe primero el documento', guidanceSources: ['formato_dte_201911.pdf §2'],
    }]);
  });
});
