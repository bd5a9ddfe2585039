import type { XmlElement } from 'libxml2-wasm';
import { childElements, descendantElement, textAt } from '../core/verify/parse-xml.ts';
import { add, formatDecimal, multiply, parseDecimal, percentOf, subtract, sum, whole, withinHalfPesos, zero, type Fraction } from './exact-decimal.ts';
import { revisionError, type RevisionError } from './revision-codes.ts';

/**
 * The simulator's own totals check, written from the SII's "Formato de Documentos Tributarios
 * Electrónicos" (formato_dte_201911, fields 38 of Detalle and 107-124 of Totales), not from the
 * issuer's code:
 * - MontoItem = (PrcItem × QtyItem) − DescuentoMonto + RecargoMonto, and DescuentoMonto is the amount
 *   of DescuentoPct when that is given (likewise RecargoMonto);
 * - MntNeto = sum of the affected lines − global discounts + global recharges on affected lines;
 * - MntExe = the same over lines with IndExe 1 (every line of a factura exenta, type 34);
 * - IVA = MntNeto × TasaIVA, TasaIVA being 19 %;
 * - MntTotal = MntNeto + MntExe + IVA when no other tax, retention or currency takes part.
 * The manual states no rounding rule, so an amount passes when it is its exact value rounded to the peso
 * (within half a peso, plus half a peso for each percentage discount or recharge folded into it).
 */

/** The document types whose totals the check models. */
const MODELLED_TYPES: ReadonlySet<number> = new Set([33, 34, 52, 56, 61]);

/** Totales fields that take part in MntTotal in ways this check does not model. */
const UNMODELLED_TOTALES = ['TpoMoneda', 'MntBase', 'MntMargenCom', 'IVAProp', 'IVATerc', 'ImptoReten', 'IVANoRet', 'CredEC', 'GrntDep', 'ValComNeto', 'ValComExe', 'ValComIVA'];

/** The rate of IVA the SII expects (DL 825, art. 14). */
const IVA_RATE = parseDecimal('19')!;

/** What the totals check found: errors, or why it did not apply. */
export interface TotalsOutcome {
  errors: RevisionError[];
  /** Set when the document carries something the check does not model, so nothing was checked. */
  skipped?: string;
}

type Bucket = 'affected' | 'exempt' | 'notBillable';

function amountAt(parent: XmlElement | undefined, ...path: string[]): Fraction | undefined {
  return parseDecimal(textAt(parent, ...path));
}

function whyNotModelled(content: XmlElement, type: number): string | undefined {
  if (!MODELLED_TYPES.has(type)) return `totals of type ${type} are not modelled`;
  const totales = descendantElement(content, 'Encabezado', 'Totales');
  const unmodelled = UNMODELLED_TOTALES.filter((field) => descendantElement(totales, field) !== undefined);
  if (unmodelled.length > 0) return `Totales carries ${unmodelled.join(', ')}`;
  if (textAt(content, 'Encabezado', 'IdDoc', 'MntBruto') === '1') return 'the amounts are gross (MntBruto 1)';
  const indicator = childElements(content, 'Detalle').map((line) => textAt(line, 'IndExe')).find((value) => value !== undefined && !['1', '2'].includes(value));
  return indicator === undefined ? undefined : `a line has IndExe ${indicator}`;
}

/** Checks one line's MontoItem (and its discount and recharge amounts); returns its amount and bucket. */
function checkLine(line: XmlElement, index: number, exemptDocument: boolean, errors: RevisionError[]): { amount: Fraction; bucket: Bucket } {
  const number = textAt(line, 'NroLinDet') ?? String(index + 1);
  const amount = amountAt(line, 'MontoItem') ?? zero();
  const indicator = textAt(line, 'IndExe');
  const bucket: Bucket = indicator === '2' ? 'notBillable' : indicator === '1' || exemptDocument ? 'exempt' : 'affected';
  const price = amountAt(line, 'PrcItem');
  if (price === undefined) return { amount, bucket };
  const gross = multiply(amountAt(line, 'QtyItem') ?? whole(1), price);
  const adjustments: Array<[string, string, number]> = [['DescuentoMonto', 'DescuentoPct', -1], ['RecargoMonto', 'RecargoPct', 1]];
  let exact = gross;
  for (const [amountField, percentField, sign] of adjustments) {
    const given = amountAt(line, amountField) ?? zero();
    const percent = amountAt(line, percentField);
    if (percent !== undefined && !withinHalfPesos(given, percentOf(gross, percent))) {
      errors.push(revisionError('HED-3-100', `Line ${number}: ${amountField} is ${formatDecimal(given)} but ${formatDecimal(percent)}% of ${formatDecimal(gross)} is ${formatDecimal(percentOf(gross, percent))}.`));
    }
    exact = sign < 0 ? subtract(exact, given) : add(exact, given);
  }
  if (!withinHalfPesos(amount, exact)) {
    errors.push(revisionError('HED-3-100', `Line ${number}: MontoItem is ${formatDecimal(amount)} but PrcItem × QtyItem − DescuentoMonto + RecargoMonto is ${formatDecimal(exact)}.`));
  }
  return { amount, bucket };
}

/**
 * Applies DscRcgGlobal to the line sums; returns the expected MntNeto and MntExe with their tolerances.
 * An entry without IndExeDR applies to the affected lines, except in a document exempt as a whole,
 * whose lines carry no IndExe either (formato DTE, note 10: the indicator is not used then).
 */
function applyGlobals(content: XmlElement, sums: Record<Bucket, Fraction>, exemptDocument: boolean): Record<'affected' | 'exempt', { value: Fraction; halves: number }> {
  const result = { affected: { value: sums.affected, halves: 1 }, exempt: { value: sums.exempt, halves: 1 } };
  for (const entry of childElements(content, 'DscRcgGlobal')) {
    const indicator = textAt(entry, 'IndExeDR');
    const bucket = indicator === '2' ? undefined : indicator === '1' || exemptDocument ? 'exempt' : 'affected';
    if (bucket === undefined) continue;
    const value = amountAt(entry, 'ValorDR') ?? zero();
    const percentage = textAt(entry, 'TpoValor') === '%';
    const amount = percentage ? percentOf(sums[bucket], value) : value;
    const target = result[bucket];
    target.value = textAt(entry, 'TpoMov') === 'R' ? add(target.value, amount) : subtract(target.value, amount);
    if (percentage) target.halves += 1;
  }
  return result;
}

/** Checks the IVA and its rate against the stated MntNeto. */
function checkTax(totales: XmlElement | undefined, neto: Fraction, exemptDocument: boolean, errors: RevisionError[]): void {
  const iva = amountAt(totales, 'IVA');
  if (exemptDocument || neto.numerator === 0n) {
    if (iva !== undefined && iva.numerator !== 0n) errors.push(revisionError('HED-3-902', `IVA is ${formatDecimal(iva)} on a document without affected amount.`));
    return;
  }
  const rate = amountAt(totales, 'TasaIVA');
  if (rate !== undefined && subtract(rate, IVA_RATE).numerator !== 0n) {
    errors.push(revisionError('HED-2-302', `TasaIVA is ${formatDecimal(rate)}; the IVA rate is 19.`, ['19.00', Number(formatDecimal(rate)).toFixed(2)]));
  }
  const expected = percentOf(neto, rate ?? IVA_RATE);
  if (iva === undefined) {
    errors.push(revisionError('HED-3-902', `MntNeto is ${formatDecimal(neto)} but Totales has no IVA (en Monto - IVA debe declararse); ${formatDecimal(expected)} was expected.`));
  } else if (!withinHalfPesos(iva, expected)) {
    errors.push(revisionError('HED-3-902', `IVA is ${formatDecimal(iva)} but MntNeto ${formatDecimal(neto)} × TasaIVA ${formatDecimal(rate ?? IVA_RATE)}% is ${formatDecimal(expected)}.`));
  }
}

/** Recomputes the totals of a Documento and lists every disagreement with what it states. */
export function checkTotals(content: XmlElement): TotalsOutcome {
  const type = Number(textAt(content, 'Encabezado', 'IdDoc', 'TipoDTE'));
  const reason = whyNotModelled(content, type);
  if (reason !== undefined) return { errors: [], skipped: reason };
  const totales = descendantElement(content, 'Encabezado', 'Totales');
  const stated = { neto: amountAt(totales, 'MntNeto'), exempt: amountAt(totales, 'MntExe'), iva: amountAt(totales, 'IVA'), total: amountAt(totales, 'MntTotal') ?? zero() };
  const exemptDocument = type === 34 || (stated.neto === undefined && stated.iva === undefined && stated.exempt !== undefined);
  const errors: RevisionError[] = [];
  const sums: Record<Bucket, Fraction> = { affected: zero(), exempt: zero(), notBillable: zero() };
  childElements(content, 'Detalle').forEach((line, index) => {
    const { amount, bucket } = checkLine(line, index, exemptDocument, errors);
    sums[bucket] = add(sums[bucket], amount);
  });
  const expected = applyGlobals(content, sums, exemptDocument);
  const neto = stated.neto ?? zero();
  const exempt = stated.exempt ?? zero();
  if (!withinHalfPesos(neto, expected.affected.value, expected.affected.halves)) {
    errors.push(revisionError('HED-3-900', `MntNeto is ${formatDecimal(neto)} but the affected lines less global discounts plus recharges give ${formatDecimal(expected.affected.value)}.`));
  }
  if (!withinHalfPesos(exempt, expected.exempt.value, expected.exempt.halves)) {
    errors.push(revisionError('HED-3-901', `MntExe is ${formatDecimal(exempt)} but the exempt lines less global discounts plus recharges give ${formatDecimal(expected.exempt.value)}.`));
  }
  checkTax(totales, neto, exemptDocument, errors);
  const total = sum([neto, exempt, stated.iva ?? zero()]);
  if (subtract(stated.total, total).numerator !== 0n) {
    errors.push(revisionError('HED-3-903', `MntTotal is ${formatDecimal(stated.total)} but MntNeto + MntExe + IVA is ${formatDecimal(total)}.`));
  }
  return { errors };
}
