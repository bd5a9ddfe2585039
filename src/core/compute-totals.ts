/**
 * Line amounts and totals of a document, as the SII's "formato DTE" manual defines them, in exact
 * decimal arithmetic rounded half-up to whole pesos. The XML builder writes exactly the Totales
 * fields returned here, so the choice of which fields appear is made once, in this file.
 */
import {
  decimalFromInteger,
  decimalFromString,
  divideByPowerOfTen,
  multiply,
  roundHalfUp,
  type Decimal,
} from './decimal.ts';
import { isBoletaFormat, issuedKind } from './document-kinds/document-kinds.ts';
import type { ComputedTotals, DetalleLine, DocumentRequest, DscRcgGlobal, Totales, TipoDTE } from './document-request.ts';
import type { Problem } from './result.ts';

/** The IVA rate in percent (DL 825, art. 14), written as TasaIVA. */
export const VAT_RATE_PERCENT = 19;

/** How a line counts in the totals. */
export type LineKind = 'affected' | 'exempt' | 'not-billable';

/** The amounts of one Detalle line, in whole pesos. */
export interface LineAmounts {
  /** round(QtyItem × PrcItem), present when the line has a price. */
  grossAmount?: bigint;
  /** The line discount: computed from DescuentoPct when given, else the caller's DescuentoMonto. */
  DescuentoMonto?: bigint;
  /** The line recharge: computed from RecargoPct when given, else the caller's RecargoMonto. */
  RecargoMonto?: bigint;
  /** The line amount: gross − discount + recharge, or the caller's MontoItem for a line without price. */
  MontoItem: bigint;
}

/** Totals in exact integers, with the sums they come from; `computeTotals` turns them into numbers. */
export interface ExactTotals {
  lines: LineAmounts[];
  lineAmounts: bigint[];
  globalAmounts: bigint[];
  /** Sum of affected lines before global discounts and recharges. */
  affectedLineSum: bigint;
  /** Sum of exempt lines before global discounts and recharges. */
  exemptLineSum: bigint;
  MntNeto?: bigint;
  MntExe?: bigint;
  IVA?: bigint;
  MntTotal: bigint;
}

/**
 * Classifies a line: IndExe 1 is exempt (MntExe), IndExe 2 and 6 are not billable (they add to
 * nothing here), anything else is affected by IVA. On a kind whose lines are all exempt by its nature
 * (the factura exenta: exemptLines 'all' in document-kinds.ts) every billable line is exempt.
 */
export function lineKind(line: DetalleLine, tipo: TipoDTE): LineKind {
  if (line.IndExe === 2 || line.IndExe === 6) return 'not-billable';
  if (line.IndExe === 1 || issuedKind(tipo).exemptLines === 'all') return 'exempt';
  return 'affected';
}

/**
 * Which sum a DscRcgGlobal entry applies to: IndExeDR 1 the exempt lines, 2 the not-billable ones,
 * absent the affected ones; on a kind without affected lines (the factura exenta), absent means exempt.
 */
export function globalKind(entry: DscRcgGlobal, tipo: TipoDTE): LineKind {
  if (entry.IndExeDR === 2) return 'not-billable';
  if (entry.IndExeDR === 1 || issuedKind(tipo).exemptLines === 'all') return 'exempt';
  return 'affected';
}

/** round(value × percent / 100), half-up to whole pesos. */
function percentOf(value: Decimal, percent: string): bigint {
  return roundHalfUp(multiply(value, divideByPowerOfTen(decimalFromString(percent), 2)));
}

/**
 * Computes a line's amounts (manual, Detalle field 38): MontoItem = round(QtyItem × PrcItem)
 * − DescuentoMonto + RecargoMonto, where DescuentoMonto = round(round(QtyItem × PrcItem) ×
 * DescuentoPct / 100) when DescuentoPct is given (RecargoMonto likewise). QtyItem is 1 when only
 * PrcItem is given. A line without PrcItem carries its own MontoItem (0 when absent), as notes that
 * correct amounts or texts and unpriced guías do.
 */
export function computeLine(line: DetalleLine): LineAmounts {
  if (line.PrcItem === undefined) {
    return {
      ...(line.DescuentoMonto === undefined ? {} : { DescuentoMonto: BigInt(line.DescuentoMonto) }),
      ...(line.RecargoMonto === undefined ? {} : { RecargoMonto: BigInt(line.RecargoMonto) }),
      MontoItem: BigInt(line.MontoItem ?? 0),
    };
  }
  const quantity = decimalFromString(line.QtyItem ?? '1');
  const grossAmount = roundHalfUp(multiply(quantity, decimalFromString(line.PrcItem)));
  const gross = decimalFromInteger(grossAmount);
  const discount =
    line.DescuentoPct !== undefined ? percentOf(gross, line.DescuentoPct) : line.DescuentoMonto === undefined ? undefined : BigInt(line.DescuentoMonto);
  const recharge =
    line.RecargoPct !== undefined ? percentOf(gross, line.RecargoPct) : line.RecargoMonto === undefined ? undefined : BigInt(line.RecargoMonto);
  return {
    grossAmount,
    ...(discount === undefined ? {} : { DescuentoMonto: discount }),
    ...(recharge === undefined ? {} : { RecargoMonto: recharge }),
    MontoItem: grossAmount - (discount ?? 0n) + (recharge ?? 0n),
  };
}

/** What the totals are computed from: the document's type, its lines and its global discounts or surcharges. */
export type TotalsInput = Pick<DocumentRequest, 'Detalle' | 'DscRcgGlobal'> & {
  Encabezado: { IdDoc: Pick<DocumentRequest['Encabezado']['IdDoc'], 'TipoDTE' | 'IndMntNeto'> };
};

/**
 * Computes the totals in exact integers. Percent DscRcgGlobal entries are each round(sum × ValorDR /
 * 100) of the sum they apply to, taken before any global entry; `$` entries are amounts; D subtracts
 * and R adds. MntNeto is the affected sum after them, IVA = round(MntNeto × 19 / 100), and MntTotal =
 * MntNeto + MntExe + IVA.
 *
 * Fields emitted: MntNeto, TasaIVA and IVA only when the kind allows IVA (not a factura exenta) and
 * its affected lines add up to something (so an unpriced guía or a text-correcting note carries only
 * MntTotal 0); MntExe always on a kind without IVA (the manual makes it mandatory on the factura
 * exenta) and elsewhere only when not zero; MntTotal always.
 *
 * On a boleta (Formato Boletas, Encabezado fields 32–35) the line prices include IVA unless
 * IndMntNeto is 2: MntNeto is then round(affected sum / 1.19), IVA = round(MntNeto × 19 / 100) and
 * MntTotal = MntNeto + IVA + MntExe, as the format defines them; a boleta has no TasaIVA.
 */
export function computeExactTotals(request: TotalsInput): ExactTotals {
  const tipo = request.Encabezado.IdDoc.TipoDTE;
  const lines = request.Detalle.map(computeLine);
  const { sums, adjusted, amounts: globalAmounts } = applyGlobalEntries(
    tipo, request.Detalle.map((line, index) => ({ line, MontoItem: lines[index]?.MontoItem ?? 0n })), request.DscRcgGlobal ?? [],
  );
  const withoutIva = issuedKind(tipo).iva === 'forbidden';
  const hasAffected = !withoutIva && sums.affected !== 0n;
  const pricesWithIva = isBoletaFormat(issuedKind(tipo)) && request.Encabezado.IdDoc.IndMntNeto !== 2;
  const neto = !hasAffected ? 0n : pricesWithIva ? netOfIva(adjusted.affected) : adjusted.affected;
  const iva = hasAffected ? percentOf(decimalFromInteger(neto), String(VAT_RATE_PERCENT)) : 0n;
  const exento = adjusted.exempt;
  return {
    lines,
    lineAmounts: lines.map((line) => line.MontoItem),
    globalAmounts,
    affectedLineSum: sums.affected,
    exemptLineSum: sums.exempt,
    ...(hasAffected ? { MntNeto: neto, IVA: iva } : {}),
    ...(withoutIva || exento !== 0n ? { MntExe: exento } : {}),
    MntTotal: neto + exento + iva,
  };
}

/** round(amount / (1 + 19 / 100)) half-up: the net of an amount that includes IVA. */
function netOfIva(amount: bigint): bigint {
  const divisor = BigInt(100 + VAT_RATE_PERCENT);
  const sign = amount < 0n ? -1n : 1n;
  return sign * ((sign * amount * 200n + divisor) / (2n * divisor));
}

/**
 * The sums of a document's lines by kind, and its DscRcgGlobal entries applied to them: each entry's
 * amount in pesos (a percentage is taken of the sum before any global entry) and the sums after them.
 * Computing totals uses it, and so does a printed document, which shows a percentage's pesos too.
 */
export function applyGlobalEntries(
  tipo: TipoDTE,
  lines: ReadonlyArray<{ line: Pick<DetalleLine, 'IndExe'>; MontoItem: bigint }>,
  entries: readonly DscRcgGlobal[],
): { sums: Record<LineKind, bigint>; adjusted: Record<LineKind, bigint>; amounts: bigint[] } {
  const sums: Record<LineKind, bigint> = { affected: 0n, exempt: 0n, 'not-billable': 0n };
  for (const { line, MontoItem } of lines) sums[lineKind(line as DetalleLine, tipo)] += line.IndExe === 6 ? -MontoItem : MontoItem;
  const adjusted = { ...sums };
  const amounts = entries.map((entry) => {
    const kind = globalKind(entry, tipo);
    const amount =
      entry.TpoValor === '%' ? percentOf(decimalFromInteger(sums[kind]), entry.ValorDR) : roundHalfUp(decimalFromString(entry.ValorDR));
    adjusted[kind] += entry.TpoMov === 'D' ? -amount : amount;
    return amount;
  });
  return { sums, adjusted, amounts };
}

/** Converts an exact amount to a number, which for amounts validated by validateRequest is always safe. */
function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`The amount ${value} is beyond the amounts this service handles; validateRequest refuses it.`);
  }
  return Number(value);
}

/**
 * Computes the line amounts, the DscRcgGlobal amounts and the Totales of a validated request (see
 * computeExactTotals for the rules and which Totales fields appear). Throws a RangeError only for an
 * amount beyond Number.MAX_SAFE_INTEGER, which validateRequest refuses first.
 */
export function computeTotals(request: DocumentRequest): ComputedTotals {
  const exact = computeExactTotals(request);
  const totales: Totales = {
    ...(exact.MntNeto === undefined ? {} : { MntNeto: toSafeNumber(exact.MntNeto) }),
    ...(exact.MntExe === undefined ? {} : { MntExe: toSafeNumber(exact.MntExe) }),
    ...(exact.IVA === undefined ? {} : { ...(isBoletaFormat(issuedKind(request.Encabezado.IdDoc.TipoDTE)) ? {} : { TasaIVA: VAT_RATE_PERCENT }), IVA: toSafeNumber(exact.IVA) }),
    MntTotal: toSafeNumber(exact.MntTotal),
  };
  const lines = exact.lines.map((line) => ({
    ...(line.DescuentoMonto === undefined ? {} : { DescuentoMonto: toSafeNumber(line.DescuentoMonto) }),
    ...(line.RecargoMonto === undefined ? {} : { RecargoMonto: toSafeNumber(line.RecargoMonto) }),
    MontoItem: toSafeNumber(line.MontoItem),
  }));
  return { lines, lineAmounts: exact.lineAmounts.map(toSafeNumber), globalAmounts: exact.globalAmounts.map(toSafeNumber), Totales: totales };
}

const COMPARED_AMOUNTS = ['MntNeto', 'MntExe', 'IVA', 'MntTotal'] as const;

/**
 * Compares the Totales a caller sent with the computed ones and returns one problem per field that
 * differs, at `/Encabezado/Totales/<field>`. An amount the caller leaves out counts as 0 (so leaving
 * out MntExe on a document without exempt lines is fine); TasaIVA is compared only when given.
 */
export function compareTotals(given: Totales, computed: Totales): Problem[] {
  const problems: Problem[] = [];
  for (const field of COMPARED_AMOUNTS) {
    const expected = computed[field] ?? 0;
    const actual = given[field];
    if ((actual ?? 0) === expected) continue;
    const basis = field === 'IVA' ? `${VAT_RATE_PERCENT}% of MntNeto ${computed.MntNeto ?? 0} is` : 'the lines add up to';
    const message =
      actual === undefined ? `${field} is missing but ${basis} ${expected}` : `${field} is ${actual} but ${basis} ${expected}`;
    problems.push({ pointer: `/Encabezado/Totales/${field}`, message });
  }
  if (given.TasaIVA !== undefined && given.TasaIVA !== computed.TasaIVA) {
    const message =
      computed.TasaIVA === undefined
        ? `TasaIVA must be left out: the document has no amount subject to IVA`
        : `TasaIVA is ${given.TasaIVA} but the IVA rate is ${computed.TasaIVA}`;
    problems.push({ pointer: '/Encabezado/Totales/TasaIVA', message });
  }
  return problems;
}
