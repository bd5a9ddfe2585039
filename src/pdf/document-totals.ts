import { applyGlobalEntries, globalKind, type LineKind } from '../core/compute-totals.ts';
import { documentKind } from '../core/document-kinds/index.ts';
import type { DscRcgGlobal, TipoDTE } from '../core/document-request.ts';
import { formatNumber, formatPesos } from './chilean-format.ts';
import type { PrintedDocument, PrintedGlobalAdjustment } from './printed-document.ts';

/** One line of the totals zone. */
export interface TotalRow {
  label: string;
  value: string;
  /** The document's total stands out. */
  strong?: boolean;
}

function isZero(value: string | undefined): boolean {
  return value === undefined || Number(value) === 0;
}

/** What the subtotal row of each sum that global entries apply to is called. */
const SUBTOTAL_LABELS: Record<LineKind, string> = { affected: 'Subtotal afecto', exempt: 'Subtotal exento', 'not-billable': 'Subtotal no facturable' };

/**
 * The totals zone (Manual §1.4, in the order of its example): global discounts and surcharges, each
 * sum they apply to shown first as its subtotal ("Subtotal afecto" before a discount on the affected
 * lines), then Monto Neto, Monto Exento, IVA with its rate, other taxes and the total. A factura
 * exenta, and any document of exempt operations only, shows neither Neto nor IVA.
 */
export function totalRows(document: PrintedDocument): TotalRow[] {
  const { totals } = document;
  const rows = adjustmentRows(document);
  const exemptOnly = isZero(totals.MntNeto) && isZero(totals.IVA) && !isZero(totals.MntExe);
  const withVat = documentKind(document.TipoDTE)?.iva !== 'forbidden' && !exemptOnly;
  if (withVat && totals.MntNeto !== undefined) rows.push({ label: 'Monto Neto', value: formatPesos(totals.MntNeto) });
  if (totals.MntExe !== undefined) rows.push({ label: 'Monto Exento', value: formatPesos(totals.MntExe) });
  if (withVat && totals.IVA !== undefined) rows.push({ label: `IVA (${formatNumber(totals.TasaIVA ?? '19')}%)`, value: formatPesos(totals.IVA) });
  for (const tax of totals.ImptoReten) {
    rows.push({ label: `Impuesto código ${tax.TipoImp}${tax.TasaImp === undefined ? '' : ` (${formatNumber(tax.TasaImp)}%)`}`, value: formatPesos(tax.MontoImp) });
  }
  if (totals.IVANoRet !== undefined) rows.push({ label: 'IVA no retenido', value: formatPesos(totals.IVANoRet) });
  if (totals.CredEC !== undefined) rows.push({ label: 'Crédito especial empresas constructoras', value: `-${formatPesos(totals.CredEC)}` });
  if (totals.MontoNF !== undefined) rows.push({ label: 'Monto no facturable', value: formatPesos(totals.MontoNF) });
  rows.push({ label: 'Monto Total', value: formatPesos(totals.MntTotal), strong: true });
  if (totals.SaldoAnterior !== undefined) rows.push({ label: 'Saldo anterior', value: formatPesos(totals.SaldoAnterior) });
  if (totals.VlrPagar !== undefined) rows.push({ label: 'Valor a pagar', value: formatPesos(totals.VlrPagar), strong: true });
  return rows;
}

/**
 * The DscRcgGlobal rows, grouped by the sum each applies to (affected, exempt, not billable), each
 * group under the subtotal it was taken of. When the lines cannot be read as whole pesos, the entries
 * are shown alone, in their order, a percentage as written.
 */
function adjustmentRows(document: PrintedDocument): TotalRow[] {
  const applied = appliedEntries(document);
  const rows: TotalRow[] = [];
  const entryRow = (index: number): TotalRow => adjustmentRow(document.adjustments[index]!, applied?.amounts[index]);
  if (applied === undefined) return document.adjustments.map((_, index) => entryRow(index));
  for (const kind of ['affected', 'exempt', 'not-billable'] as const) {
    const indexes = applied.kinds.flatMap((entryKind, index) => (entryKind === kind ? [index] : []));
    if (indexes.length === 0) continue;
    rows.push({ label: SUBTOTAL_LABELS[kind], value: formatPesos(applied.sums[kind].toString()) });
    rows.push(...indexes.map(entryRow));
  }
  return rows;
}

/** One discount or surcharge: its kind, glosa and percentage, and its amount in pesos when known. */
function adjustmentRow(adjustment: PrintedGlobalAdjustment, pesos: bigint | undefined): TotalRow {
  const kind = adjustment.TpoMov === 'R' ? 'Recargo' : 'Descuento';
  const sign = adjustment.TpoMov === 'R' ? '+' : '-';
  const exempt = adjustment.IndExeDR === '1' ? ' exento' : adjustment.IndExeDR === '2' ? ' no facturable' : '';
  const label = `${kind} global${exempt}${adjustment.GlosaDR ? ` (${adjustment.GlosaDR})` : ''}`;
  if (adjustment.TpoValor !== '%') return { label, value: `${sign}${formatPesos(adjustment.ValorDR)}` };
  return {
    label: `${label} ${formatNumber(adjustment.ValorDR)} %`,
    value: pesos === undefined ? `${sign}${formatNumber(adjustment.ValorDR)} %` : `${sign}${formatPesos(pesos.toString())}`,
  };
}

/**
 * The global entries applied as the core applies them to the lines' MontoItem (the document as
 * signed): the sums by kind before them, the kind each applies to, and each one's amount in pesos.
 * Undefined when a value cannot be read.
 */
function appliedEntries(document: PrintedDocument): { sums: Record<LineKind, bigint>; kinds: LineKind[]; amounts: bigint[] } | undefined {
  if (document.adjustments.length === 0) return undefined;
  const tipo = Number(document.TipoDTE) as TipoDTE;
  try {
    const lines = document.lines.map((line) => ({ line: { ...(line.IndExe === undefined ? {} : { IndExe: Number(line.IndExe) }) }, MontoItem: BigInt(line.MontoItem) }));
    const entries = document.adjustments.map((adjustment) => ({
      TpoMov: adjustment.TpoMov as 'D' | 'R', TpoValor: adjustment.TpoValor as '%' | '$', ValorDR: adjustment.ValorDR,
      ...(adjustment.IndExeDR === undefined ? {} : { IndExeDR: Number(adjustment.IndExeDR) }),
    })) as DscRcgGlobal[];
    const { sums, amounts } = applyGlobalEntries(tipo, lines as Parameters<typeof applyGlobalEntries>[1], entries);
    return { sums, kinds: entries.map((entry) => globalKind(entry, tipo)), amounts };
  } catch {
    return undefined;
  }
}
