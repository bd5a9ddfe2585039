import type { XmlElement } from 'libxml2-wasm';
import { compareTotals, computeTotals } from '../compute-totals.ts';
import { SUPPORTED_DOCUMENT_TYPES } from '../document-request.ts';
import type { DetalleLine, DocumentRequest, DscRcgGlobal, TipoDTE, Totales } from '../document-request.ts';
import { childElements, descendantElement, textAt } from './parse-xml.ts';
import type { Verdict } from './report.ts';

/** Totales fields that change MntTotal in ways computeTotals does not model (retentions, other taxes, foreign currency). */
const UNMODELLED_TOTALES = ['TpoMoneda', 'MntBase', 'MntMargenCom', 'IVAProp', 'IVATerc', 'ImptoReten', 'IVANoRet', 'CredEC', 'GrntDep'];

/** A number from XML text, or undefined when absent. */
function numberAt(parent: XmlElement | undefined, ...path: string[]): number | undefined {
  const text = textAt(parent, ...path);
  return text === undefined || text === '' ? undefined : Number(text);
}

/** Canonical decimal text: the XML's `168.000000` becomes `168`, as the request's DecimalString wants. */
function decimalAt(parent: XmlElement, localName: string): string | undefined {
  const text = textAt(parent, localName);
  if (text === undefined || text === '') return undefined;
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function detalleLine(element: XmlElement): DetalleLine {
  const line: DetalleLine = { NmbItem: textAt(element, 'NmbItem') ?? '' };
  const indExe = numberAt(element, 'IndExe');
  if (indExe !== undefined) line.IndExe = indExe as DetalleLine['IndExe'];
  const decimals = ['QtyItem', 'PrcItem', 'DescuentoPct', 'RecargoPct'] as const;
  for (const field of decimals) {
    const value = decimalAt(element, field);
    if (value !== undefined) line[field] = value;
  }
  const amounts = ['DescuentoMonto', 'RecargoMonto', 'MontoItem'] as const;
  for (const field of amounts) {
    const value = numberAt(element, field);
    if (value !== undefined) line[field] = value;
  }
  return line;
}

function globalEntry(element: XmlElement): DscRcgGlobal {
  const entry: DscRcgGlobal = {
    TpoMov: textAt(element, 'TpoMov') === 'R' ? 'R' : 'D',
    TpoValor: textAt(element, 'TpoValor') === '$' ? '$' : '%',
    ValorDR: decimalAt(element, 'ValorDR') ?? '0',
  };
  const indExeDR = numberAt(element, 'IndExeDR');
  if (indExeDR === 1 || indExeDR === 2) entry.IndExeDR = indExeDR;
  return entry;
}

/** Why the totals of this document cannot be recomputed, or undefined when they can. */
function notApplicable(content: XmlElement, tipo: number): string | undefined {
  if (!(SUPPORTED_DOCUMENT_TYPES as readonly number[]).includes(tipo)) {
    return `totals are recomputed only for the types this product issues (${SUPPORTED_DOCUMENT_TYPES.join(', ')}), not for type ${tipo}`;
  }
  const totales = descendantElement(content, 'Encabezado', 'Totales');
  const unmodelled = UNMODELLED_TOTALES.filter((field) => descendantElement(totales, field) !== undefined);
  if (unmodelled.length > 0) {
    return `Totales carries ${unmodelled.join(', ')}, which the totals computation does not model`;
  }
  const indExe = childElements(content, 'Detalle').map((line) => numberAt(line, 'IndExe')).find((value) => value !== undefined && ![1, 2, 6].includes(value));
  if (indExe !== undefined) return `a Detalle line has IndExe ${indExe}, which the totals computation does not model`;
  return undefined;
}

/**
 * Recomputes the document's totals from its Detalle lines (QtyItem × PrcItem with discounts and
 * recharges, or MontoItem for lines without a price; IndExe) and DscRcgGlobal with `computeTotals`,
 * and compares each priced line's MontoItem and the Totales amounts with what the XML says.
 */
export function verifyTotals(content: XmlElement | undefined): Verdict & { skipped?: boolean } {
  const encabezado = descendantElement(content, 'Encabezado');
  const tipo = numberAt(encabezado, 'IdDoc', 'TipoDTE');
  const mntTotal = numberAt(encabezado, 'Totales', 'MntTotal');
  if (content === undefined || tipo === undefined || mntTotal === undefined) {
    return { ok: false, detail: 'The document lacks IdDoc/TipoDTE or Totales/MntTotal, so its totals cannot be checked.' };
  }
  const reason = notApplicable(content, tipo);
  if (reason !== undefined) return { ok: true, skipped: true, detail: `Not checked: ${reason}.` };
  const lineElements = childElements(content, 'Detalle');
  const request: DocumentRequest = {
    Encabezado: {
      IdDoc: { TipoDTE: tipo as TipoDTE, FchEmis: textAt(encabezado, 'IdDoc', 'FchEmis') ?? '' },
      Emisor: {
        RUTEmisor: textAt(encabezado, 'Emisor', 'RUTEmisor') ?? '',
        RznSoc: textAt(encabezado, 'Emisor', 'RznSoc') ?? '',
        GiroEmis: textAt(encabezado, 'Emisor', 'GiroEmis') ?? '',
        Acteco: [],
      },
      Receptor: { RUTRecep: textAt(encabezado, 'Receptor', 'RUTRecep') ?? '', RznSocRecep: textAt(encabezado, 'Receptor', 'RznSocRecep') ?? '' },
    },
    Detalle: lineElements.map(detalleLine),
    DscRcgGlobal: childElements(content, 'DscRcgGlobal').map(globalEntry),
  };
  const given: Totales = { MntTotal: mntTotal };
  for (const field of ['MntNeto', 'MntExe', 'TasaIVA', 'IVA'] as const) {
    const value = numberAt(encabezado, 'Totales', field);
    if (value !== undefined) given[field] = value;
  }
  let computed;
  try {
    computed = computeTotals(request);
  } catch (error) {
    return { ok: false, detail: `The totals cannot be recomputed: ${(error as Error).message}` };
  }
  const problems: string[] = [];
  request.Detalle.forEach((line, index) => {
    const amounts = computed.lines[index];
    const label = `Detalle line ${textAt(lineElements[index], 'NroLinDet') ?? index + 1}`;
    if (line.PrcItem !== undefined && amounts !== undefined && line.MontoItem !== amounts.MontoItem) {
      problems.push(`${label}: MontoItem is ${line.MontoItem ?? '(missing)'} but QtyItem × PrcItem with its discount and recharge gives ${amounts.MontoItem}`);
    }
    if (line.DescuentoPct !== undefined && amounts?.DescuentoMonto !== undefined && line.DescuentoMonto !== amounts.DescuentoMonto) {
      problems.push(`${label}: DescuentoMonto is ${line.DescuentoMonto ?? '(missing)'} but ${line.DescuentoPct}% of the line gives ${amounts.DescuentoMonto}`);
    }
  });
  problems.push(...compareTotals(given, computed.Totales).map((problem) => problem.message));
  const summary = `MntNeto ${computed.Totales.MntNeto ?? 0}, MntExe ${computed.Totales.MntExe ?? 0}, IVA ${computed.Totales.IVA ?? 0}, MntTotal ${computed.Totales.MntTotal}`;
  if (problems.length > 0) {
    return { ok: false, detail: `Recomputed from ${lineElements.length} Detalle lines: ${problems.join('; ')}.` };
  }
  return { ok: true, detail: `Recomputed from ${lineElements.length} Detalle lines and ${request.DscRcgGlobal?.length ?? 0} DscRcgGlobal entries: ${summary}, as Totales says.` };
}
