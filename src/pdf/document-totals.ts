import { applyGlobalEntries } from '../core/compute-totals.ts';
import type { DscRcgGlobal, TipoDTE } from '../core/document-request.ts';
import { formatNumber, formatPesos } from './chilean-format.ts';
import type { PrintedDocument } from './printed-document.ts';

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

/**
 * The totals zone (Manual §1.4): global discounts and surcharges, then Monto Neto and IVA with its
 * rate, Monto Exento, other taxes and the total. A factura exenta, and any document of exempt
 * operations only, shows neither Neto nor IVA.
 */
export function totalRows(document: PrintedDocument): TotalRow[] {
  const { totals } = document;
  const pesos = percentagesInPesos(document);
  const rows: TotalRow[] = document.adjustments.map((adjustment, index) => {
    const kind = adjustment.TpoMov === 'R' ? 'Recargo' : 'Descuento';
    const sign = adjustment.TpoMov === 'R' ? '+' : '-';
    const exempt = adjustment.IndExeDR === '1' ? ' exento' : adjustment.IndExeDR === '2' ? ' no facturable' : '';
    const label = `${kind} global${exempt}${adjustment.GlosaDR ? ` (${adjustment.GlosaDR})` : ''}`;
    if (adjustment.TpoValor !== '%') return { label, value: `${sign}${formatPesos(adjustment.ValorDR)}` };
    const amount = pesos?.[index];
    return { label: `${label} ${formatNumber(adjustment.ValorDR)} %`, value: amount === undefined ? `${sign}${formatNumber(adjustment.ValorDR)} %` : `${sign}${formatPesos(amount.toString())}` };
  });
  const exemptOnly = isZero(totals.MntNeto) && isZero(totals.IVA) && !isZero(totals.MntExe);
  if (document.TipoDTE !== 34 && !exemptOnly) {
    if (totals.MntNeto !== undefined) rows.push({ label: 'Monto Neto', value: formatPesos(totals.MntNeto) });
    if (totals.IVA !== undefined) rows.push({ label: `IVA (${formatNumber(totals.TasaIVA ?? '19')}%)`, value: formatPesos(totals.IVA) });
  }
  if (totals.MntExe !== undefined) rows.push({ label: 'Monto Exento', value: formatPesos(totals.MntExe) });
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
 * What each percentage entry came to in pesos, as the core computes it from the lines' MontoItem (the
 * document as signed); undefined when a value cannot be read, and the percentage alone is printed.
 */
function percentagesInPesos(document: PrintedDocument): bigint[] | undefined {
  if (document.adjustments.every((adjustment) => adjustment.TpoValor !== '%')) return undefined;
  const tipo = Number(document.TipoDTE) as TipoDTE;
  try {
    const lines = document.lines.map((line) => ({ line: { ...(line.IndExe === undefined ? {} : { IndExe: Number(line.IndExe) }) }, MontoItem: BigInt(line.MontoItem) }));
    const entries = document.adjustments.map((adjustment) => ({
      TpoMov: adjustment.TpoMov as 'D' | 'R', TpoValor: adjustment.TpoValor as '%' | '$', ValorDR: adjustment.ValorDR,
      ...(adjustment.IndExeDR === undefined ? {} : { IndExeDR: Number(adjustment.IndExeDR) }),
    })) as DscRcgGlobal[];
    return applyGlobalEntries(tipo, lines as Parameters<typeof applyGlobalEntries>[1], entries).amounts;
  } catch {
    return undefined;
  }
}
