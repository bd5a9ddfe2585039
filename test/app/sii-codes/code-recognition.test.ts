import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { siiCodeCatalog } from '../../../src/composition/resources.ts';
import { CODE_CATALOG_PATH } from '../../../src/resources/resource-files.ts';
import { codesInText, REVISION_FAMILIES } from '../../../src/app/sii-codes/code-recognition.ts';

const codes = (text: string): string[] => codesInText(text, siiCodeCatalog());

describe('codes named in a question', () => {
  it('reads revision codes with hyphens, spaces or in lower case as the catalog writes them', () => {
    expect(codes('q es el error ref 3 750')).toEqual(['REF-3-750']);
    expect(codes('ref-3-750')).toEqual(['REF-3-750']);
    expect(codes('REF 3-750')).toEqual(['REF-3-750']);
    expect(codes('en el detalle aparecen DTE-3-101 y CAF-3-517')).toEqual(['DTE-3-101', 'CAF-3-517']);
    // Any family with hyphens (so that an unknown one is said unknown), only the catalog's with spaces.
    expect(codes('¿qué significa el código HED-3-999?')).toEqual(['HED-3-999']);
    expect(codes('la nc 3 750')).toEqual([]);
  });

  it('reads upload and document states in any case, and the upload STATUS', () => {
    expect(codes('q es EPR')).toEqual(['EPR']);
    expect(codes('mi factura dice RPR q es eso')).toEqual(['RPR']);
    expect(codes('k significa el estado RCT')).toEqual(['RCT']);
    expect(codes('q significa estado dok')).toEqual(['DOK']);
    expect(codes('el upload me devolvio STATUS 7, q significa')).toEqual(['7']);
    expect(codes('<STATUS>5</STATUS>')).toEqual(['5']);
  });

  it('does not take words for states, nor the family of a revision code for the state of the same letters', () => {
    expect(codes('what does the credit note and the invoice say?')).toEqual([]);
    expect(codes('estado and')).toEqual(['AND']);
    expect(codes('¿qué es CRT-3-19?')).toEqual(['CRT-3-19']);
    expect(codes('el RUT y el IVA de la factura')).toEqual([]);
  });

  it('reads the numeric codes of the registry, the token, the seed, the e-mail resend and RespuestaDTE in the table the question names', () => {
    expect(codes('el ws de registro de reclamos me responde codResp 8')).toEqual(['registroreclamo_codResp:8']);
    expect(codes('getToken returns ESTADO -07, what is wrong?')).toEqual(['gettoken_estado:-07']);
    expect(codes('en la RespuestaDTE viene EstadoRecepDTE 3')).toEqual(['EstadoRecepDTE:3']);
    expect(codes('el cliente me mando el ResultadoDTE con EstadoDTE 1')).toEqual(['EstadoDTE(ResultadoDTE):1']);
    expect(codes('getSeed me da estado -1')).toEqual(['crseed_estado:-1']);
    // The same number is another code in another service: the upload's STATUS stays the upload's.
    expect(codes('el upload me devolvio STATUS 5')).toEqual(['5']);
    // A number the named table lacks is not taken for a code of another table.
    expect(codes('codResp 77')).toEqual([]);
  });

  it('explains a qualified code from its own table, with the code as the catalog writes it', () => {
    const catalog = siiCodeCatalog();
    expect(catalog.lookup('registroreclamo_codResp:8')[0]).toMatchObject({ code: '8', table: 'registroreclamo_codResp' });
    expect(catalog.lookup('registroreclamo_codResp:8')[0]?.meaning).toMatch(/8 días/);
    expect(catalog.lookup('EstadoRecepDTE:3')[0]).toMatchObject({ code: '3', table: 'respuesta_dte_intercambio' });
    expect(catalog.lookup('EstadoRecepDTE:3')[0]?.meaning).toMatch(/RUT Receptor/);
    expect(catalog.lookup('upload_status:77')).toEqual([]);
    expect(catalog.lookup('no_table:1')).toEqual([]);
  });

  it("lists every family of the catalog's revision codes", () => {
    const file = JSON.parse(readFileSync(CODE_CATALOG_PATH, 'utf8')) as { revision_detail_codes: { codes: Array<{ code: string }> } };
    const families = new Set(file.revision_detail_codes.codes.flatMap((entry) => /^([A-Z]{3})-\d-\d+/.exec(entry.code)?.[1] ?? []));
    expect([...families].sort()).toEqual([...REVISION_FAMILIES].sort());
  });
});
