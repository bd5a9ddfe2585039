/**
 * Plans a set de pruebas: one entry per case in the file's order, each the document request the case
 * becomes. Folios are given in set order from each type's first folio; the first Referencia is
 * TpoDocRef "SET" with RazonRef "CASO …" (SII, "Instructivo set de pruebas", section 6); a case that
 * references another gets a second Referencia to the folio the plan gave that case. A nota de
 * devolución takes the unit prices of its factura (section 4.e); an annulment repeats its document's
 * lines. Every request passes the core validation, or the plan fails naming the case.
 */
import type { DetalleLine, DocumentRequest, Referencia } from '../core/document-request.ts';
import { failure, success, type Problem, type Result } from '../core/result.ts';
import { validateRequest } from '../core/validate-request.ts';
import type { CaseItem, SetCase, SetFile } from './set-file.ts';
import type { CertSettings } from './settings.ts';
import { plainName } from './type-names.ts';

/** One case of the plan: the request it becomes, or why this product cannot issue it. */
export type PlanEntry =
  | { case: string; set: string; request: DocumentRequest }
  | { case: string; set: string; unsupported: string };

interface Planned {
  entry: SetCase;
  request: DocumentRequest;
}

/** Plans every case of the file; `firstFolios` maps a TipoDTE to its first folio (default 1). */
export function planSet(file: SetFile, settings: CertSettings, firstFolios: ReadonlyMap<number, number>): Result<PlanEntry[]> {
  const problems: Problem[] = [];
  const planned = new Map<string, Planned>();
  const unsupported = new Map<string, string>();
  const nextFolio = new Map(firstFolios);
  const entries: PlanEntry[] = [];
  let receivers = 0;
  for (const set of file.sets) {
    for (const entry of set.cases) {
      const why = unsupportedReason(entry, unsupported);
      if (why !== undefined) {
        unsupported.set(entry.id, why);
        entries.push({ case: entry.id, set: set.name, unsupported: why });
        continue;
      }
      const target = entry.reference ? planned.get(entry.reference.caseId) : undefined;
      if (entry.reference && target === undefined) {
        problems.push({ pointer: `line ${entry.reference.line}`, message: `line ${entry.reference.line}: CASO ${entry.id} references CASO ${entry.reference.caseId}, which no earlier case of the file is` });
        continue;
      }
      const code = entry.document.code;
      const folio = nextFolio.get(code) ?? 1;
      nextFolio.set(code, folio + 1);
      const receptor = target ? target.request.Encabezado.Receptor : settings.receptores[receivers++ % settings.receptores.length]!;
      const draft = buildRequest(entry, folio, settings, receptor, target, problems);
      const validated = validateRequest(draft);
      if (!validated.ok) {
        problems.push(...validated.problems.map((problem) => ({ pointer: `CASO ${entry.id}${problem.pointer}`, message: `CASO ${entry.id} (line ${entry.line}): ${problem.pointer} ${problem.message}` })));
        continue;
      }
      planned.set(entry.id, { entry, request: validated.value });
      entries.push({ case: entry.id, set: set.name, request: validated.value });
    }
  }
  return problems.length > 0 ? failure(problems) : success(entries);
}

function unsupportedReason(entry: SetCase, unsupported: ReadonlyMap<string, string>): string | undefined {
  if (entry.document.issued === undefined) return `${entry.document.siiName} (${entry.document.code}) is a kind this product does not issue yet`;
  const target = entry.reference?.caseId;
  if (target !== undefined && unsupported.has(target)) return `it references CASO ${target}, which this product cannot issue (${unsupported.get(target)!.replace(/^it references.*$/, 'it depends on a case of such a kind')})`;
  return undefined;
}

function buildRequest(entry: SetCase, folio: number, settings: CertSettings, receptor: DocumentRequest['Encabezado']['Receptor'], target: Planned | undefined, problems: Problem[]): unknown {
  const kind = entry.document.issued!;
  const traslado = entry.traslado;
  const IdDoc = {
    TipoDTE: kind.code, Folio: folio,
    ...(settings.fchEmis === undefined ? {} : { FchEmis: settings.fchEmis }),
    ...(traslado?.TipoDespacho === undefined ? {} : { TipoDespacho: traslado.TipoDespacho }),
    ...(traslado?.IndTraslado === undefined ? {} : { IndTraslado: traslado.IndTraslado }),
  };
  // Every document of the set is dated alike, so a reference's FchRef is the plan's FchEmis.
  const dated = settings.fchEmis === undefined ? {} : { FchRef: settings.fchEmis };
  const Referencia: Referencia[] = [{ TpoDocRef: 'SET', FolioRef: String(folio), ...dated, RazonRef: `CASO ${entry.id}` }];
  if (target && entry.reference) {
    Referencia.push({
      TpoDocRef: String(target.request.Encabezado.IdDoc.TipoDTE), FolioRef: String(target.request.Encabezado.IdDoc.Folio), ...dated,
      ...(entry.reference.codRef === undefined ? {} : { CodRef: entry.reference.codRef }), RazonRef: entry.reference.reason.slice(0, 90),
    });
  }
  const { Detalle, DscRcgGlobal } = linesOf(entry, target, problems);
  return {
    Encabezado: { IdDoc, Emisor: settings.emisor, Receptor: receptor },
    Detalle,
    ...(DscRcgGlobal === undefined ? {} : { DscRcgGlobal }),
    Referencia,
  };
}

function linesOf(entry: SetCase, target: Planned | undefined, problems: Problem[]): Pick<DocumentRequest, 'Detalle' | 'DscRcgGlobal'> {
  const codRef = entry.reference?.codRef;
  if (target && codRef === 1) return { Detalle: target.request.Detalle.map(withAmount), ...(target.request.DscRcgGlobal ? { DscRcgGlobal: target.request.DscRcgGlobal } : {}) };
  if (target && codRef === 2) return { Detalle: [{ NmbItem: entry.reference!.reason.slice(0, 80) }] as DetalleLine[] };
  const allExempt = entry.document.issued!.exemptLines === 'all';
  const Detalle = entry.items.map((item) => (target ? correctedLine(item, target, problems) : ownLine(item, allExempt)));
  const discount = entry.globalDiscount;
  return { Detalle, ...(discount ? { DscRcgGlobal: [{ TpoMov: 'D' as const, GlosaDR: 'DESCUENTO GLOBAL ITEMES AFECTOS', TpoValor: '%' as const, ValorDR: discount.percent }] } : {}) };
}

/** An annulled line keeps its amounts; one of a text correction, which has none, states MontoItem 0. */
function withAmount(line: DetalleLine): DetalleLine {
  return line.PrcItem === undefined && line.MontoItem === undefined ? { ...line, MontoItem: 0 } : line;
}

function ownLine(item: CaseItem, allExempt: boolean): DetalleLine {
  return {
    ...(item.exempt || allExempt ? { IndExe: 1 as const } : {}),
    NmbItem: item.name,
    ...(item.quantity === undefined ? {} : { QtyItem: item.quantity }),
    ...(item.unit === undefined ? {} : { UnmdItem: item.unit }),
    ...(item.unitPrice === undefined ? {} : { PrcItem: item.unitPrice }),
    ...(item.discountPct === undefined ? {} : { DescuentoPct: item.discountPct }),
  };
}

/**
 * A line of a nota that corrects amounts: the line of the referenced document with the same item,
 * with the case's quantity (a devolución, at the document's price) or the case's unit price (a
 * price difference, applied to all the units of the item).
 */
function correctedLine(item: CaseItem, target: Planned, problems: Problem[]): DetalleLine {
  const original = target.request.Detalle.find((line) => plainName(line.NmbItem) === plainName(item.name));
  if (original === undefined) {
    problems.push({ pointer: `line ${item.line}`, message: `line ${item.line}: the item "${item.name}" is not a line of CASO ${target.entry.id}` });
    return { NmbItem: item.name };
  }
  return {
    ...(original.IndExe === undefined ? {} : { IndExe: original.IndExe }),
    NmbItem: original.NmbItem,
    ...(item.quantity ?? original.QtyItem ? { QtyItem: item.quantity ?? original.QtyItem } : {}),
    ...(original.UnmdItem === undefined ? {} : { UnmdItem: original.UnmdItem }),
    ...(item.unitPrice ?? original.PrcItem ? { PrcItem: item.unitPrice ?? original.PrcItem } : {}),
    ...(item.unitPrice === undefined && original.DescuentoPct !== undefined ? { DescuentoPct: original.DescuentoPct } : {}),
  };
}
