import { describe, expect, it } from 'vitest';
import { compareTotals, computeExactTotals, computeLine, computeTotals } from '../../src/core/compute-totals.ts';
import type { DetalleLine, DocumentRequest, DscRcgGlobal, TipoDTE } from '../../src/core/document-request.ts';

/** A request with the given lines; the header does not change the totals. */
function request(tipo: TipoDTE, Detalle: DetalleLine[], DscRcgGlobal?: DscRcgGlobal[]): DocumentRequest {
  return {
    Encabezado: {
      IdDoc: { TipoDTE: tipo, FchEmis: '2026-11-20' },
      Emisor: { RUTEmisor: '76192083-9', RznSoc: 'Emisor', GiroEmis: 'Giro', Acteco: [620200] },
      Receptor: { RUTRecep: '60803000-K', RznSocRecep: 'Receptor' },
    },
    Detalle,
    ...(DscRcgGlobal === undefined ? {} : { DscRcgGlobal }),
  };
}
const line = (QtyItem: string, PrcItem: string, extra: Partial<DetalleLine> = {}): DetalleLine => ({ NmbItem: 'x', QtyItem, PrcItem, ...extra });

describe('computeLine', () => {
  it('subtracts a percentage discount computed on the rounded gross amount', () => {
    // 123 × 923 = 113529; 4% = 4541.16 → 4541; 113529 − 4541 = 108988.
    expect(computeLine(line('123', '923', { DescuentoPct: '4' }))).toEqual({ grossAmount: 113529n, DescuentoMonto: 4541n, MontoItem: 108988n });
  });

  it('rounds a discount of exactly half a peso up', () => {
    // 161 × 990 = 159390; 5% = 7969.5 → 7970; 159390 − 7970 = 151420.
    expect(computeLine(line('161', '990', { DescuentoPct: '5' })).MontoItem).toBe(151420n);
  });

  it('adds a percentage recharge', () => {
    // 10 × 1000 = 10000; 12.5% = 1250; 10000 + 1250 = 11250.
    expect(computeLine(line('10', '1000', { RecargoPct: '12.5' }))).toEqual({ grossAmount: 10000n, RecargoMonto: 1250n, MontoItem: 11250n });
  });

  it('applies a discount and a recharge given as amounts', () => {
    // 3 × 100 = 300; − 20 + 5 = 285.
    expect(computeLine(line('3', '100', { DescuentoMonto: 20, RecargoMonto: 5 })).MontoItem).toBe(285n);
  });

  it('rounds QtyItem × PrcItem half-up with decimals', () => {
    // 1.5 × 1 = 1.5 → 2; 2.5 × 1 = 2.5 → 3 (not 2); 0.333333 × 3 = 0.999999 → 1; 2.75 × 1000.5 = 2751.375 → 2751.
    expect(computeLine(line('1.5', '1')).MontoItem).toBe(2n);
    expect(computeLine(line('2.5', '1')).MontoItem).toBe(3n);
    expect(computeLine(line('0.333333', '3')).MontoItem).toBe(1n);
    expect(computeLine(line('2.75', '1000.5')).MontoItem).toBe(2751n);
  });

  it('takes QtyItem as 1 when only PrcItem is given', () => {
    expect(computeLine({ NmbItem: 'x', PrcItem: '34705' }).MontoItem).toBe(34705n);
  });

  it('uses MontoItem for a line without price, and 0 when there is none', () => {
    expect(computeLine({ NmbItem: 'x', MontoItem: 5000 })).toEqual({ MontoItem: 5000n });
    expect(computeLine({ NmbItem: 'x', QtyItem: '10' })).toEqual({ MontoItem: 0n });
  });
});

describe('computeTotals', () => {
  it('sums affected and exempt lines and computes IVA', () => {
    // Affected 1000 + 2000 = 3000; exempt 500; IVA 19% of 3000 = 570; total 3000 + 500 + 570 = 4070.
    const totals = computeTotals(request(33, [line('1', '1000'), line('2', '1000'), line('1', '500', { IndExe: 1 })]));
    expect(totals.Totales).toEqual({ MntNeto: 3000, MntExe: 500, TasaIVA: 19, IVA: 570, MntTotal: 4070 });
    expect(totals.lineAmounts).toEqual([1000, 2000, 500]);
    expect(totals.lines).toEqual([{ MontoItem: 1000 }, { MontoItem: 2000 }, { MontoItem: 500 }]);
  });

  it('leaves out MntExe when there are no exempt lines and rounds IVA half-up', () => {
    // 50 × 1 = 50; IVA 19% = 9.5 → 10; total 60.
    expect(computeTotals(request(33, [line('50', '1')])).Totales).toEqual({ MntNeto: 50, TasaIVA: 19, IVA: 10, MntTotal: 60 });
  });

  it('adds nothing for not-billable lines (IndExe 2 and 6)', () => {
    const totals = computeTotals(request(33, [line('1', '1000'), line('1', '300', { IndExe: 2 }), line('1', '200', { IndExe: 6 })]));
    expect(totals.Totales).toEqual({ MntNeto: 1000, TasaIVA: 19, IVA: 190, MntTotal: 1190 });
    expect(totals.lineAmounts).toEqual([1000, 300, 200]);
  });

  it('computes every percentage global entry on the sum before any global entry', () => {
    // Affected 1000: D 10% = 100 and R 5% = 50, both of 1000 (not 5% of 900 = 45); neto 1000 − 100 + 50 = 950;
    // IVA 19% of 950 = 180.5 → 181; total 1131.
    const totals = computeTotals(
      request(33, [line('1', '1000')], [
        { TpoMov: 'D', TpoValor: '%', ValorDR: '10' },
        { TpoMov: 'R', TpoValor: '%', ValorDR: '5' },
      ]),
    );
    expect(totals.globalAmounts).toEqual([100, 50]);
    expect(totals.Totales).toEqual({ MntNeto: 950, TasaIVA: 19, IVA: 181, MntTotal: 1131 });
  });

  it('applies global entries to the exempt sum with IndExeDR 1 and takes $ entries as amounts', () => {
    // Affected 2000 − $300 = 1700; exempt 1000 − 15% (150) = 850; IVA 19% of 1700 = 323; total 1700 + 850 + 323 = 2873.
    const totals = computeTotals(
      request(33, [line('2', '1000'), line('1', '1000', { IndExe: 1 })], [
        { TpoMov: 'D', TpoValor: '$', ValorDR: '300' },
        { TpoMov: 'D', TpoValor: '%', ValorDR: '15', IndExeDR: 1 },
      ]),
    );
    expect(totals.globalAmounts).toEqual([300, 150]);
    expect(totals.Totales).toEqual({ MntNeto: 1700, MntExe: 850, TasaIVA: 19, IVA: 323, MntTotal: 2873 });
  });

  it('rounds a global percentage half-up', () => {
    // 1 × 15 = 15; D 10% = 1.5 → 2; neto 15 − 2 = 13; IVA 19% of 13 = 2.47 → 2; total 13 + 2 = 15.
    const totals = computeTotals(request(33, [line('1', '15')], [{ TpoMov: 'D', TpoValor: '%', ValorDR: '10' }]));
    expect(totals.globalAmounts).toEqual([2]);
    expect(totals.Totales).toEqual({ MntNeto: 13, TasaIVA: 19, IVA: 2, MntTotal: 15 });
  });

  it('makes every line of a factura exenta (34) exempt, without MntNeto, TasaIVA or IVA', () => {
    // 2 × 1500 = 3000 and 1 × 700 = 700, both exempt by nature; a global 10% without IndExeDR applies to them: 370;
    // MntExe 3700 − 370 = 3330 = MntTotal.
    const totals = computeTotals(
      request(34, [line('2', '1500'), line('1', '700', { IndExe: 1 })], [{ TpoMov: 'D', TpoValor: '%', ValorDR: '10' }]),
    );
    expect(totals.Totales).toEqual({ MntExe: 3330, MntTotal: 3330 });
  });

  it('writes MntExe on a factura exenta even when it is 0', () => {
    expect(computeTotals(request(34, [line('1', '100', { IndExe: 2 })])).Totales).toEqual({ MntExe: 0, MntTotal: 0 });
  });

  it('gives an unpriced guía a MntTotal of 0 and nothing else', () => {
    const totals = computeTotals(request(52, [{ NmbItem: 'Cajas', QtyItem: '10' }, { NmbItem: 'Pallets', QtyItem: '2' }]));
    expect(totals.Totales).toEqual({ MntTotal: 0 });
    expect(totals.lineAmounts).toEqual([0, 0]);
  });

  it('computes a priced guía like a factura', () => {
    // 4 × 250 = 1000; IVA 190; total 1190.
    expect(computeTotals(request(52, [line('4', '250')])).Totales).toEqual({ MntNeto: 1000, TasaIVA: 19, IVA: 190, MntTotal: 1190 });
  });

  it('gives a note whose lines carry no amounts a MntTotal of 0', () => {
    expect(computeTotals(request(61, [{ NmbItem: 'CORRIGE GIRO DEL RECEPTOR', MontoItem: 0 }])).Totales).toEqual({ MntTotal: 0 });
  });

  it('returns each line’s discount and recharge for the XML', () => {
    const totals = computeTotals(request(33, [line('123', '923', { DescuentoPct: '4' }), line('10', '1000', { RecargoPct: '12.5' })]));
    expect(totals.lines).toEqual([
      { DescuentoMonto: 4541, MontoItem: 108988 },
      { RecargoMonto: 1250, MontoItem: 11250 },
    ]);
  });

  it('keeps exact amounts beyond the safe integers but refuses to turn them into numbers', () => {
    const huge = request(33, [line('999999999999.999999', '999999999999.999999')]);
    expect(computeExactTotals(huge).affectedLineSum).toBe(999999999999999998000000n);
    expect(() => computeTotals(huge)).toThrow(RangeError);
  });
});

describe('compareTotals', () => {
  const computed = { MntNeto: 191598, TasaIVA: 19, IVA: 36404, MntTotal: 228002 };

  it('accepts equal totals, and a left-out MntExe that is 0', () => {
    expect(compareTotals({ ...computed }, computed)).toEqual([]);
    expect(compareTotals({ ...computed, MntExe: 0 }, computed)).toEqual([]);
  });

  it('reports each field that differs with both values', () => {
    expect(compareTotals({ MntNeto: 191598, IVA: 36403, MntTotal: 228001 }, computed)).toEqual([
      { pointer: '/Encabezado/Totales/IVA', message: 'IVA is 36403 but 19% of MntNeto 191598 is 36404' },
      { pointer: '/Encabezado/Totales/MntTotal', message: 'MntTotal is 228001 but the lines add up to 228002' },
    ]);
  });

  it('reports missing amounts, unexpected ones and a wrong TasaIVA', () => {
    expect(compareTotals({ MntExe: 10, TasaIVA: 18, IVA: 36404, MntTotal: 228002 }, computed)).toEqual([
      { pointer: '/Encabezado/Totales/MntNeto', message: 'MntNeto is missing but the lines add up to 191598' },
      { pointer: '/Encabezado/Totales/MntExe', message: 'MntExe is 10 but the lines add up to 0' },
      { pointer: '/Encabezado/Totales/TasaIVA', message: 'TasaIVA is 18 but the IVA rate is 19' },
    ]);
    expect(compareTotals({ TasaIVA: 19, MntTotal: 0 }, { MntTotal: 0 })).toEqual([
      { pointer: '/Encabezado/Totales/TasaIVA', message: 'TasaIVA must be left out: the document has no amount subject to IVA' },
    ]);
  });
});
