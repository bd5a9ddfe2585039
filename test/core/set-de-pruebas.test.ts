/**
 * The SII's certification "set de pruebas" (basic set, test/fixtures/sii/set_pruebas/001-basico.txt):
 * requests are built from the cases as the file states them, validated, and their totals compared with
 * numbers worked out by hand.
 *
 * How the expected numbers were checked: each one was computed by hand, line by line, in the comments
 * next to it (products, percentages, sums; every rounding is half-up to whole pesos, IVA 19%), and then
 * recomputed independently of this code with Python's `decimal` module (ROUND_HALF_UP), which gave the
 * same figures. Nothing here is derived from computeTotals' own output.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeTotals } from '../../src/core/compute-totals.ts';
import type { DocumentRequest } from '../../src/core/document-request.ts';
import { validateRequest } from '../../src/core/validate-request.ts';

interface SetItem {
  name: string;
  quantity: string;
  price?: string;
  discountPercent?: string;
  exempt: boolean;
}

interface SetCase {
  id: string;
  document: string;
  /** The case whose document this one references, e.g. `414175-1`. */
  references?: string;
  reason?: string;
  items: SetItem[];
  globalDiscountPercent?: string;
}

/** Reads the CASO blocks of the set: document, reference, reason, item table and global discount. */
function parseSet(text: string): Map<string, SetCase> {
  const cases = new Map<string, SetCase>();
  for (const block of text.split(/^CASO\s+/m).slice(1)) {
    const lines = block.split(/\r?\n/);
    const entry: SetCase = { id: (lines[0] ?? '').trim(), document: '', items: [] };
    let inItems = false;
    for (const line of lines.slice(1)) {
      const columns = line.split('\t').map((column) => column.trim()).filter((column) => column !== '');
      const [label = '', ...values] = columns;
      if (columns.length === 0) inItems = false;
      else if (label === 'DOCUMENTO') entry.document = values.join(' ');
      else if (label === 'REFERENCIA') entry.references = /CASO\s+(\S+)/.exec(values.join(' '))?.[1];
      else if (label === 'RAZON REFERENCIA') entry.reason = values.join(' ');
      else if (label === 'ITEM') inItems = true;
      else if (label.startsWith('DESCUENTO GLOBAL')) entry.globalDiscountPercent = values[0]?.replace('%', '');
      else if (inItems) {
        const [quantity = '', price, discount] = values;
        entry.items.push({
          name: label,
          quantity,
          ...(price === undefined ? {} : { price }),
          ...(discount === undefined ? {} : { discountPercent: discount.replace('%', '') }),
          exempt: label.includes('EXENTO'),
        });
      }
    }
    cases.set(entry.id, entry);
  }
  return cases;
}

const cases = parseSet(readFileSync(new URL('../fixtures/sii/set_pruebas/001-basico.txt', import.meta.url)).toString('latin1'));
const setCase = (id: string): SetCase => {
  const found = cases.get(`414175-${id}`);
  if (found === undefined) throw new Error(`case 414175-${id} is not in the set`);
  return found;
};

const TYPES: Record<string, 33 | 56 | 61> = {
  'FACTURA ELECTRONICA': 33,
  'NOTA DE CREDITO ELECTRONICA': 61,
  'NOTA DE DEBITO ELECTRONICA': 56,
};

/** A request for a case: the set's first reference is `SET` with the case number, as the SII's instructions say. */
function requestFor(entry: SetCase, Detalle: unknown[], reference?: { TpoDocRef: number; CodRef: 1 | 2 | 3 }): unknown {
  const tipo = TYPES[entry.document];
  if (tipo === undefined) throw new Error(`unknown document ${entry.document}`);
  return {
    Encabezado: {
      IdDoc: { TipoDTE: tipo, FchEmis: '2026-11-20' },
      Emisor: { RUTEmisor: '76192083-9', RznSoc: 'Emisor de Prueba SpA', GiroEmis: 'Comercio', Acteco: [479100], DirOrigen: 'Calle 1', CmnaOrigen: 'Santiago' },
      Receptor: { RUTRecep: '60803000-K', RznSocRecep: 'Receptor', GiroRecep: 'Servicios', DirRecep: 'Calle 2', CmnaRecep: 'Santiago' },
    },
    Detalle,
    ...(entry.globalDiscountPercent === undefined ? {} : { DscRcgGlobal: [{ TpoMov: 'D', TpoValor: '%', ValorDR: entry.globalDiscountPercent }] }),
    Referencia: [
      { TpoDocRef: 'SET', FolioRef: entry.id, FchRef: '2026-11-20', RazonRef: `CASO ${entry.id}` },
      ...(reference === undefined ? [] : [{ ...reference, FolioRef: 1, FchRef: '2026-11-20', RazonRef: entry.reason }]),
    ],
  };
}

const linesOf = (entry: SetCase) =>
  entry.items.map((item) => ({
    NmbItem: item.name,
    QtyItem: item.quantity,
    ...(item.price === undefined ? {} : { PrcItem: item.price }),
    ...(item.discountPercent === undefined ? {} : { DescuentoPct: item.discountPercent }),
    ...(item.exempt ? { IndExe: 1 } : {}),
  }));

function validated(input: unknown): DocumentRequest {
  const result = validateRequest(input);
  if (!result.ok) throw new Error(`the request has problems: ${JSON.stringify(result.problems)}`);
  return result.value;
}

describe('set de pruebas 414175 (basic set)', () => {
  it('reads the cases from the file', () => {
    expect([...cases.keys()]).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'].map((id) => `414175-${id}`));
    expect(setCase('2').items[0]).toEqual({ name: 'Pañuelo AFECTO', quantity: '235', price: '1926', discountPercent: '4', exempt: false });
    expect(setCase('3').items[1]?.name).toBe('ITEM 2 AFECTO');
    expect(setCase('3').items[0]?.name).toBe('Pintura B&W AFECTO');
    expect(setCase('4').globalDiscountPercent).toBe('6');
    expect(setCase('6')).toMatchObject({ references: '414175-2', reason: 'DEVOLUCION DE MERCADERIAS' });
  });

  it('case 1: factura with two affected lines', () => {
    // 123 × 923 = 113529; 53 × 1473 = 78069; neto 113529 + 78069 = 191598;
    // IVA 19% = 36403.62 → 36404; total 191598 + 36404 = 228002.
    const totals = computeTotals(validated(requestFor(setCase('1'), linesOf(setCase('1')))));
    expect(totals.lineAmounts).toEqual([113529, 78069]);
    expect(totals.Totales).toEqual({ MntNeto: 191598, TasaIVA: 19, IVA: 36404, MntTotal: 228002 });
  });

  it('case 2: factura with line discounts', () => {
    // 235 × 1926 = 452610; 4% = 18104.4 → 18104; line 452610 − 18104 = 434506.
    // 161 × 990 = 159390; 5% = 7969.5 → 7970 (half-up); line 159390 − 7970 = 151420.
    // Neto 434506 + 151420 = 585926; IVA 19% = 111325.94 → 111326; total 585926 + 111326 = 697252.
    const totals = computeTotals(validated(requestFor(setCase('2'), linesOf(setCase('2')))));
    expect(totals.lines).toEqual([
      { DescuentoMonto: 18104, MontoItem: 434506 },
      { DescuentoMonto: 7970, MontoItem: 151420 },
    ]);
    expect(totals.Totales).toEqual({ MntNeto: 585926, TasaIVA: 19, IVA: 111326, MntTotal: 697252 });
  });

  it('case 3: factura with an exempt line', () => {
    // 24 × 1937 = 46488; 149 × 2975 = 443275; neto 46488 + 443275 = 489763; exento 1 × 34705 = 34705;
    // IVA 19% of 489763 = 93054.97 → 93055; total 489763 + 34705 + 93055 = 617523.
    const totals = computeTotals(validated(requestFor(setCase('3'), linesOf(setCase('3')))));
    expect(totals.lineAmounts).toEqual([46488, 443275, 34705]);
    expect(totals.Totales).toEqual({ MntNeto: 489763, MntExe: 34705, TasaIVA: 19, IVA: 93055, MntTotal: 617523 });
  });

  it('case 4: factura with a global discount on the affected lines', () => {
    // 81 × 1672 = 135432; 35 × 1405 = 49175; affected 135432 + 49175 = 184607;
    // global discount 6% of 184607 = 11076.42 → 11076; neto 184607 − 11076 = 173531;
    // exento 2 × 6767 = 13534 (the discount is on affected items only);
    // IVA 19% of 173531 = 32970.89 → 32971; total 173531 + 13534 + 32971 = 220036.
    const totals = computeTotals(validated(requestFor(setCase('4'), linesOf(setCase('4')))));
    expect(totals.globalAmounts).toEqual([11076]);
    expect(totals.Totales).toEqual({ MntNeto: 173531, MntExe: 13534, TasaIVA: 19, IVA: 32971, MntTotal: 220036 });
  });

  it('case 6: nota de crédito returning goods of case 2 at its unit prices and discounts', () => {
    const invoice = setCase('2');
    const note = setCase('6');
    expect(note.references).toBe(`414175-2`);
    const lines = note.items.map((item) => {
      const original = invoice.items.find((candidate) => candidate.name === item.name);
      if (original === undefined) throw new Error(`${item.name} is not in case 2`);
      return { NmbItem: item.name, QtyItem: item.quantity, PrcItem: original.price, DescuentoPct: original.discountPercent };
    });
    // 86 × 1926 = 165636; 4% = 6625.44 → 6625; line 165636 − 6625 = 159011.
    // 109 × 990 = 107910; 5% = 5395.5 → 5396 (half-up); line 107910 − 5396 = 102514.
    // Neto 159011 + 102514 = 261525; IVA 19% = 49689.75 → 49690; total 261525 + 49690 = 311215.
    const totals = computeTotals(validated(requestFor(note, lines, { TpoDocRef: 33, CodRef: 3 })));
    expect(totals.lines).toEqual([
      { DescuentoMonto: 6625, MontoItem: 159011 },
      { DescuentoMonto: 5396, MontoItem: 102514 },
    ]);
    expect(totals.Totales).toEqual({ MntNeto: 261525, TasaIVA: 19, IVA: 49690, MntTotal: 311215 });
  });

  it('case 5: nota de crédito that corrects text carries no amounts', () => {
    const note = setCase('5');
    expect(note).toMatchObject({ references: '414175-1', reason: 'CORRIGE GIRO DEL RECEPTOR', items: [] });
    const line = { NmbItem: note.reason };
    const request = validated(requestFor(note, [line], { TpoDocRef: 33, CodRef: 2 }));
    expect(computeTotals(request).Totales).toEqual({ MntTotal: 0 });
    // Copying case 1's priced lines into a text correction is refused.
    const priced = validateRequest(requestFor(note, linesOf(setCase('1')), { TpoDocRef: 33, CodRef: 2 }));
    expect(priced).toMatchObject({ ok: false, problems: [{ pointer: '/Detalle/0/PrcItem' }, { pointer: '/Detalle/1/PrcItem' }] });
  });

  it('case 7: nota de crédito that annuls case 3 carries case 3’s amounts', () => {
    const note = setCase('7');
    expect(note).toMatchObject({ references: '414175-3', reason: 'ANULA FACTURA' });
    const totals = computeTotals(validated(requestFor(note, linesOf(setCase('3')), { TpoDocRef: 33, CodRef: 1 })));
    // The same figures as case 3: neto 489763, exento 34705, IVA 93055, total 617523.
    expect(totals.Totales).toEqual({ MntNeto: 489763, MntExe: 34705, TasaIVA: 19, IVA: 93055, MntTotal: 617523 });
    // An annulment references exactly one document.
    const twice = requestFor(note, linesOf(setCase('3')), { TpoDocRef: 33, CodRef: 1 }) as { Referencia: unknown[] };
    twice.Referencia.push({ TpoDocRef: 33, FolioRef: 2, FchRef: '2026-11-20', CodRef: 3 });
    expect(validateRequest(twice)).toMatchObject({ ok: false, problems: [{ pointer: '/Referencia' }] });
  });

  it('case 8: nota de débito that annuls the nota de crédito of case 5 carries its amounts, which are 0', () => {
    const note = setCase('8');
    expect(note).toMatchObject({ document: 'NOTA DE DEBITO ELECTRONICA', references: '414175-5' });
    const request = validated(requestFor(note, [{ NmbItem: 'ANULA NOTA DE CREDITO', MontoItem: 0 }], { TpoDocRef: 61, CodRef: 1 }));
    expect(computeTotals(request).Totales).toEqual({ MntTotal: 0 });
    // A nota de débito annuls notas de crédito only.
    const wrong = validateRequest(requestFor(note, [{ NmbItem: 'ANULA', MontoItem: 0 }], { TpoDocRef: 33, CodRef: 1 }));
    expect(wrong).toMatchObject({ ok: false, problems: [{ pointer: '/Referencia/1/TpoDocRef' }] });
  });
});
