import { XmlDocument } from 'libxml2-wasm';
import { describe, expect, it } from 'vitest';
import { sixMonthsAfter } from '../../src/sii-sim/document-checks.ts';
import { formatDecimal, parseDecimal, percentOf, withinHalfPesos } from '../../src/sii-sim/exact-decimal.ts';
import { codeOf } from '../../src/sii-sim/revision-codes.ts';
import { checkTotals } from '../../src/sii-sim/totals-check.ts';

interface Line {
  qty?: string;
  price?: string;
  amount: string;
  exempt?: boolean;
  discountPct?: string;
  discount?: string;
}

/** A Documento with the given lines, global entries and Totales, as the SII's XML writes it. */
function documento(type: number, lines: Line[], totales: Record<string, string>, globals = ''): string {
  const detalle = lines.map((line, index) => [
    '<Detalle>',
    `<NroLinDet>${index + 1}</NroLinDet>`,
    line.exempt ? '<IndExe>1</IndExe>' : '',
    '<NmbItem>Item</NmbItem>',
    line.qty === undefined ? '' : `<QtyItem>${line.qty}</QtyItem>`,
    line.price === undefined ? '' : `<PrcItem>${line.price}</PrcItem>`,
    line.discountPct === undefined ? '' : `<DescuentoPct>${line.discountPct}</DescuentoPct>`,
    line.discount === undefined ? '' : `<DescuentoMonto>${line.discount}</DescuentoMonto>`,
    `<MontoItem>${line.amount}</MontoItem>`,
    '</Detalle>',
  ].join('')).join('\n');
  const totals = Object.entries(totales).map(([name, value]) => `<${name}>${value}</${name}>`).join('');
  return `<Documento><Encabezado><IdDoc><TipoDTE>${type}</TipoDTE><Folio>1</Folio></IdDoc><Totales>${totals}</Totales></Encabezado>\n${detalle}\n${globals}</Documento>`;
}

function codes(xml: string): string[] {
  const document = XmlDocument.fromString(xml);
  try {
    return checkTotals(document.root).errors.map(codeOf);
  } finally {
    document.dispose();
  }
}

// The SII's test set, case 4 of the basic set: 123 × 923 with 4 % off, 1.5 × 1937.25, an exempt 34705, 6 % global discount.
const LINES: Line[] = [
  { qty: '123', price: '923', discountPct: '4', discount: '4541', amount: '108988' },
  { qty: '1.5', price: '1937.25', amount: '2906' },
  { qty: '1', price: '34705', amount: '34705', exempt: true },
];
const GLOBAL = '<DscRcgGlobal><NroLinDR>1</NroLinDR><TpoMov>D</TpoMov><TpoValor>%</TpoValor><ValorDR>6</ValorDR></DscRcgGlobal>';
const TOTALES = { MntNeto: '105181', MntExe: '34705', TasaIVA: '19', IVA: '19984', MntTotal: '159870' };

describe('the simulator own totals check (formato DTE, fields 38 and 107-124)', () => {
  it('accepts amounts computed by the manual rules', () => {
    expect(codes(documento(33, LINES, TOTALES, GLOBAL))).toEqual([]);
  });

  it('names each amount that disagrees', () => {
    expect(codes(documento(33, [{ ...LINES[0]!, amount: '108999' }, LINES[1]!, LINES[2]!], TOTALES, GLOBAL))).toEqual(['HED-3-100', 'HED-3-900']);
    expect(codes(documento(33, [{ ...LINES[0]!, discount: '4000', amount: '109529' }, LINES[1]!, LINES[2]!], TOTALES, GLOBAL))).toContain('HED-3-100');
    expect(codes(documento(33, LINES, { ...TOTALES, IVA: '19000', MntTotal: '158886' }, GLOBAL))).toEqual(['HED-3-902']);
    expect(codes(documento(33, LINES, { ...TOTALES, MntTotal: '159871' }, GLOBAL))).toEqual(['HED-3-903']);
    expect(codes(documento(33, LINES, { ...TOTALES, MntExe: '30000', MntTotal: '155165' }, GLOBAL))).toEqual(['HED-3-901']);
  });

  it('calls a wrong IVA rate a reparo (HED-2-302, nivel 2)', () => {
    expect(codes(documento(33, LINES, { ...TOTALES, TasaIVA: '10', IVA: '10518', MntTotal: '150404' }, GLOBAL))).toEqual(['HED-2-302']);
  });

  it('sums every line of a factura exenta into MntExe, with its global discount', () => {
    const lines: Line[] = [{ qty: '1', price: '150000', amount: '150000' }, { qty: '2.5', price: '1000.5', discountPct: '10', discount: '250', amount: '2251' }];
    expect(codes(documento(34, lines, { MntExe: '143116', MntTotal: '143116' }, GLOBAL))).toEqual([]);
    expect(codes(documento(34, lines, { MntExe: '152251', MntTotal: '152251' }, GLOBAL))).toEqual(['HED-3-901']);
  });

  it('skips what it does not model, such as additional taxes', () => {
    const xml = documento(33, LINES, { ...TOTALES, MntTotal: '1' }, GLOBAL).replace('<MntTotal>', '<ImptoReten><TipoImp>15</TipoImp><MontoImp>1</MontoImp></ImptoReten><MntTotal>');
    const document = XmlDocument.fromString(xml);
    try {
      expect(checkTotals(document.root)).toEqual({ errors: [], skipped: 'Totales carries ImptoReten' });
    } finally {
      document.dispose();
    }
  });
});

describe('exact decimals and dates', () => {
  it('rounds to the peso within half a peso', () => {
    const exact = percentOf(parseDecimal('113534')!, parseDecimal('4')!);
    expect(formatDecimal(exact)).toBe('4541.36');
    expect(withinHalfPesos(parseDecimal('4541')!, exact)).toBe(true);
    expect(withinHalfPesos(parseDecimal('4542')!, exact)).toBe(false);
    expect(parseDecimal('1.5.2')).toBeUndefined();
  });

  it('puts the six-month limit of a CAF on the same day six months later, clamped to the month', () => {
    expect(sixMonthsAfter('2026-05-01')).toBe('2026-11-01');
    expect(sixMonthsAfter('2026-08-31')).toBe('2027-02-28');
  });
});
