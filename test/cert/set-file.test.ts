import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FACTURA, FACTURA_EXENTA, GUIA_DESPACHO, NOTA_CREDITO, NOTA_DEBITO } from '../../src/core/document-kinds/index.ts';
import { codRefOf } from '../../src/cert/case-body.ts';
import { decodeSetFile, parseSetFile, type SetFile } from '../../src/cert/set-file.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cert/${name}`, import.meta.url));

function parsed(name: string): SetFile {
  const result = parseSetFile(decodeSetFile(fixture(name)));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

describe('reading the set de pruebas', () => {
  it('reads every set of the 2025 set with exportación and factura de compra, with its atención number', () => {
    const file = parsed('set-762352915.txt');
    expect(file.sets.map((set) => [set.name, set.attention, set.cases.length])).toEqual([
      ['SET BASICO', '4352553', 8], ['SET LIBRO DE VENTAS', '4352554', 0], ['SET LIBRO DE COMPRAS', '4352555', 0],
      ['SET GUIA DE DESPACHO', '4352556', 3], ['SET LIBRO DE GUIAS', '4352557', 0],
      ['SET BASICO DOCUMENTOS DE EXPORTACION (1)', '4352558', 3], ['SET BASICO DOCUMENTOS DE EXPORTACION (2)', '4352559', 3],
      ['SET BASICO CASO GENERAL DE EMISOR DE FACTURA DE COMPRA', '4352560', 3],
    ]);
    const compras = file.sets.find((set) => set.name === 'SET LIBRO DE COMPRAS')!;
    expect(compras.text.some((line) => line.includes('DEL IVA ES DE 0.60'))).toBe(true);
  });

  it('reads the básico cases: kinds, quantities, prices, line and global discounts, exempt marks', () => {
    const basico = parsed('set-776892475.txt').sets[0]!;
    expect(basico.cases.map((entry) => entry.document.issued?.code)).toEqual([
      FACTURA.code, FACTURA.code, FACTURA.code, FACTURA.code, NOTA_CREDITO.code, NOTA_CREDITO.code, NOTA_CREDITO.code, NOTA_DEBITO.code,
    ]);
    const [first, second, third, fourth] = basico.cases;
    expect(first!.items.map((item) => [item.name, item.quantity, item.unitPrice])).toEqual([['Cajón AFECTO', '118', '628'], ['Relleno AFECTO', '51', '975']]);
    expect(second!.items.map((item) => item.discountPct)).toEqual(['3', '3']);
    expect(third!.items.map((item) => item.exempt)).toEqual([false, false, true]);
    expect(fourth!.globalDiscount?.percent).toBe('5');
  });

  it('reads references to other cases and maps their reasons to CodRef', () => {
    const basico = parsed('set-776892475.txt').sets[0]!;
    expect(basico.cases.slice(4).map((entry) => [entry.reference?.caseId, entry.reference?.codRef])).toEqual([
      ['4943173-1', 2], ['4943173-2', 3], ['4943173-3', 1], ['4943173-5', 1],
    ]);
    expect(codRefOf('MODIFICA MONTO')).toBe(3);
    expect(codRefOf('CORRIGE GIRO')).toBe(2);
    expect(codRefOf('ANULA NOTA DE CREDITO ELECTRONICA')).toBe(1);
  });

  it('reads the factura exenta set with its units', () => {
    const exenta = parsed('set-776892475.txt').sets.find((set) => set.name === 'SET FACTURA EXENTA')!;
    expect(exenta.cases[0]!.document.issued).toBe(FACTURA_EXENTA);
    expect(exenta.cases[0]!.items[0]).toMatchObject({ name: 'HORAS PROGRAMADOR', quantity: '3', unit: 'Hora', unitPrice: '2844' });
    expect(exenta.cases[1]!.items[0]).toMatchObject({ unitPrice: '355' });
    expect(exenta.cases[1]!.items[0]!.quantity).toBeUndefined();
  });

  it('reads the guías with their traslado', () => {
    const guias = parsed('set-762352915.txt').sets.find((set) => set.name === 'SET GUIA DE DESPACHO')!;
    expect(guias.cases.every((entry) => entry.document.issued === GUIA_DESPACHO)).toBe(true);
    expect(guias.cases.map((entry) => [entry.traslado?.IndTraslado, entry.traslado?.TipoDespacho])).toEqual([[5, undefined], [1, 2], [1, 1]]);
  });

  it('keeps the cases of kinds the product does not issue, marked, with their SII type', () => {
    const file = parsed('set-762352915.txt');
    const unsupported = file.sets.flatMap((set) => set.cases).filter((entry) => entry.document.issued === undefined);
    expect(unsupported.map((entry) => entry.document.siiName)).toEqual([
      'Factura de Exportación Electrónica', 'Nota de Crédito de Exportación Electrónica', 'Nota de Débito de Exportación Electrónica',
      'Factura de Exportación Electrónica', 'Factura de Exportación Electrónica', 'Factura de Exportación Electrónica',
      'Factura de Compra Electrónica',
    ]);
    expect(unsupported[1]!.reference?.caseId).toBe('4352558-1');
  });

  it('names the line of what it cannot read', () => {
    const text = decodeSetFile(fixture('set-776892475.txt')).split(/\r?\n/);
    const bad = text.map((line) => line.replace('   2915', '   29x5').replace('CORRIGE GIRO DEL RECEPTOR', 'SALUDA AL RECEPTOR'));
    const lineOf = (needle: string) => bad.findIndex((line) => line.includes(needle)) + 1;
    const result = parseSetFile(bad.join('\r\n'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.pointer)).toEqual([`line ${lineOf('29x5')}`, `line ${lineOf('SALUDA')}`]);
    expect(result.problems[0]!.message).toContain('"29x5" is not a number');
    const unknown = parseSetFile('SET BASICO - NUMERO DE ATENCION: 1\r\nCASO 1-1\r\n====\r\nDOCUMENTO\tFACTURA VOLADORA\r\n');
    expect(unknown.ok ? [] : unknown.problems.map((problem) => problem.message)).toEqual(['line 4: "FACTURA VOLADORA" is not a document type the SII\'s table names']);
    expect(parseSetFile('hola').ok).toBe(false);
  });
});
