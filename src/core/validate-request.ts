/**
 * Validation of a document request: every field against the XSD (request-schema.ts), then the rules
 * between fields that the SII's "formato DTE" manual sets per document type, then the amounts. All
 * problems come back at once, each at a JSON pointer with one sentence a person can act on.
 */
import type { z } from 'zod';
import { checkFormatRules, inBoletaNames, readBoletaNames } from './boleta-request.ts';
import { compareTotals, computeExactTotals, computeLine, computeTotals, globalKind, lineKind } from './compute-totals.ts';
import { compare, decimalFromString, fractionDigits } from './decimal.ts';
import { DOCUMENT_KINDS, documentKind, fieldUsage, isBoletaFormat, issuedKind, kindInSentence, kindsInSentence, type DocumentKind, type KindField } from './document-kinds/document-kinds.ts';
import type { DetalleLine, DocumentRequest } from './document-request.ts';
import { LIST_LIMITS, lenientRequestSchema, requestSchema, type Lenient } from './request-schema.ts';
import { failure, pointerOf, success, type Problem, type Result } from './result.ts';
import { siiRule } from './sii-rules.ts';

type View = Lenient<DocumentRequest>;

/** The fields whose use depends on the kind, in the order their problems are reported. */
const KIND_FIELDS: readonly KindField[] = ['IndTraslado', 'IndNoRebaja', 'TipoDespacho', 'IndServicio', 'FchVenc', 'DscRcgGlobal'];
/** What a person needs to know to fill in a field that the kind requires. */
const REQUIRED_HINTS: Partial<Record<KindField, string>> = {
  IndTraslado: ': 1 venta, 2 to 9 other transfers',
  IndServicio: ': 1 or 2 servicios periódicos, 3 ventas y servicios, 4 espectáculo por cuenta de terceros',
};
const SAFE_LIMIT = BigInt(Number.MAX_SAFE_INTEGER);
/** The SII's rule that notes reference what they modify (sii-rules.ts). */
const NOTE_REFERENCES = siiRule('note-without-reference');
/** Whether a problem lies at or under a pointer. */
const within = (problems: Problem[], prefix: string) =>
  problems.some((problem) => problem.pointer === prefix || problem.pointer.startsWith(prefix + '/'));

/**
 * Validates a document request of a kind of the registry (document-kinds.ts). On success the value is the request with
 * normalised values (Latin-1 text, canonical RUTs, canonical decimal strings); Totales and MontoItem,
 * when given, equal what computeTotals computes. Never throws for bad input.
 */
export function validateRequest(raw: unknown): Result<DocumentRequest> {
  // A boleta's own tag names (RznSocEmisor…) and its generic receiver, read in the Formato DTE's names.
  const { input, renamed } = readBoletaNames(raw);
  const strict = requestSchema.safeParse(input, { reportInput: true });
  const fieldProblems = strict.success ? [] : strict.error.issues.flatMap(translateIssue);
  const problems = [...fieldProblems];
  const view = lenientRequestSchema.parse(input);
  if (view !== undefined) problems.push(...checkCounts(view), ...checkDocumentRules(view, fieldProblems), ...checkAmounts(view, fieldProblems));
  const unique = problems.filter(
    (problem, index) => problems.findIndex((other) => other.pointer === problem.pointer && other.message === problem.message) === index,
  );
  if (unique.length > 0 || !strict.success) return failure(inBoletaNames(unique, renamed));
  return success(strict.data);
}

/** Turns a zod issue into problems; leaves already carry their sentence, so only structure is worded here. */
function translateIssue(issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  const pointer = pointerOf(path);
  const last = path.at(-1);
  const name = typeof last === 'number' ? `each entry of ${String(path.at(-2))}` : (last ?? 'the request');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ pointer: pointerOf([...path, key]), message: `unknown field "${key}", not supported` }));
  }
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined && path.length > 0) return [{ pointer, message: `${name} is required` }];
    const kind = issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : issue.expected;
    return [{ pointer, message: path.length === 0 ? 'the request must be a JSON object' : `${name} must be ${kind}` }];
  }
  if (issue.code === 'custom') return [{ pointer, message: issue.message }];
  return [{ pointer, message: `${name} is not valid` }];
}

/** Occurrence limits of DTE_v10.xsd, checked here so that every element of an over-long list is still validated. */
function checkCounts(view: View): Problem[] {
  const problems: Problem[] = [];
  const limit = (pointer: string, list: readonly unknown[] | undefined, rule: string) => {
    const { maximum, minimum = 0, noun } = LIST_LIMITS[rule]!;
    const name = pointer.split('/').at(-1);
    if (list === undefined) return;
    if (list.length < minimum) problems.push({ pointer, message: `${name} needs at least one ${noun.replace(/s$/, '')}` });
    if (list.length > maximum) problems.push({ pointer, message: `${name} may have at most ${maximum} ${noun}; it has ${list.length}` });
  };
  limit('/Detalle', view.Detalle, '/Detalle');
  limit('/Referencia', view.Referencia, '/Referencia');
  limit('/DscRcgGlobal', view.DscRcgGlobal, '/DscRcgGlobal');
  limit('/Encabezado/Emisor/Acteco', view.Encabezado?.Emisor?.Acteco, '/Encabezado/Emisor/Acteco');
  limit('/Encabezado/Emisor/Telefono', view.Encabezado?.Emisor?.Telefono, '/Encabezado/Emisor/Telefono');
  view.Detalle?.forEach((line, index) => limit(`/Detalle/${index}/CdgItem`, line?.CdgItem, '/Detalle/*/CdgItem'));
  return problems;
}

/** The CodRef values of a request's references. */
function codRefs(view: View): number[] {
  return (view.Referencia ?? []).flatMap((reference) => (reference?.CodRef === undefined ? [] : [reference.CodRef]));
}

/** Rules of the manual per document type that need no amounts; `known` are the field problems. */
function checkDocumentRules(view: View, known: Problem[]): Problem[] {
  const tipo = view.Encabezado?.IdDoc?.TipoDTE;
  if (tipo === undefined) return [];
  const kind = issuedKind(tipo);
  const name = kindInSentence(kind);
  const problems: Problem[] = checkKindFields(view, kind, known);
  const refuse = (pointer: string, message: string) => problems.push({ pointer, message });

  // The manual makes the addresses and the receiver's giro mandatory on facturas and guías, optional on notes.
  if (kind.addresses === 'required') {
    const emisor = view.Encabezado?.Emisor;
    const receptor = view.Encabezado?.Receptor;
    const mandatory: [string, unknown][] = [
      ['/Encabezado/Emisor/DirOrigen', emisor?.DirOrigen],
      ['/Encabezado/Emisor/CmnaOrigen', emisor?.CmnaOrigen],
      ['/Encabezado/Receptor/GiroRecep', receptor?.GiroRecep],
      ['/Encabezado/Receptor/DirRecep', receptor?.DirRecep],
      ['/Encabezado/Receptor/CmnaRecep', receptor?.CmnaRecep],
    ];
    for (const [pointer, value] of mandatory) {
      if (emisor !== undefined && receptor !== undefined && (value === undefined || value === '') && !within(known, pointer)) {
        refuse(pointer, `${pointer.split('/').at(-1)} is required on ${name}`);
      }
    }
  }

  const totales = view.Encabezado?.Totales;
  if (kind.iva === 'forbidden') {
    for (const field of ['MntNeto', 'TasaIVA', 'IVA'] as const) {
      if (totales?.[field] !== undefined) refuse(`/Encabezado/Totales/${field}`, `${name} has no ${field}; leave it out`);
    }
  }
  const counterpart = kind.exemptLines === 'not-all' && kind.exemptCounterpart !== undefined ? documentKind(kind.exemptCounterpart) : undefined;
  if (counterpart !== undefined && view.Detalle !== undefined && view.Detalle.length > 0 && view.Detalle.every((line) => line?.IndExe === 1)) {
    refuse('/Detalle', `${name} whose lines are all exempt (IndExe 1) must be issued as ${kindInSentence(counterpart)}`);
  }
  problems.push(...checkReferences(view, kind, known), ...checkFormatRules(view, kind, known));
  return problems;
}

/** The IdDoc fields and parts the kind requires or forbids (KindField). */
function checkKindFields(view: View, kind: DocumentKind, known: Problem[]): Problem[] {
  const problems: Problem[] = [];
  const name = kindInSentence(kind);
  const idDoc = view.Encabezado?.IdDoc ?? {};
  for (const field of KIND_FIELDS) {
    const usage = fieldUsage(kind, field);
    const pointer = field === 'DscRcgGlobal' ? '/DscRcgGlobal' : `/Encabezado/IdDoc/${field}`;
    const present = field === 'DscRcgGlobal' ? (view.DscRcgGlobal ?? []).length > 0 : idDoc[field] !== undefined;
    // A value the schema refused reads as absent here: it is already reported, not missing.
    if (usage === 'required' && !present && !within(known, pointer)) problems.push({ pointer, message: `${field} is required on ${name}${REQUIRED_HINTS[field] ?? ''}` });
    if (usage !== 'forbidden' || !present) continue;
    const users = DOCUMENT_KINDS.filter((other) => fieldUsage(other, field) !== 'forbidden');
    const message = field === 'DscRcgGlobal'
      ? `${name} has no DscRcgGlobal; apply discounts on the lines`
      : users.length === 1 ? `${field} is only for ${kindsInSentence(users)}, not ${name}` : `${field} is not used on ${name}; leave it out`;
    problems.push({ pointer, message });
  }
  return problems;
}

/** Rules of the manual's Referencia section (E): what notes must reference and how. */
function checkReferences(view: View, kind: DocumentKind, known: Problem[]): Problem[] {
  const problems: Problem[] = [];
  const references = view.Referencia ?? [];
  const codes = codRefs(view);
  // The SII's rule of the table (REF-3-415). A CodRef the schema refused (CodRef 9) is reported
  // there; the note is not also missing a Referencia.
  const unreferenced = NOTE_REFERENCES.check({ type: kind.code, issueDate: '', signingDate: '', codRefs: codes });
  if (unreferenced !== undefined && !within(known, '/Referencia')) problems.push({ pointer: NOTE_REFERENCES.pointer, message: `${kindInSentence(kind)} ${unreferenced}` });
  if (kind.family === 'nota' && (codes.includes(1) || codes.includes(2)) && codes.length > 1) {
    problems.push({
      pointer: '/Referencia',
      message: `a note that annuls (CodRef 1) or corrects text (CodRef 2) must reference a single document; it has ${codes.length} references with CodRef`,
    });
  }
  references.forEach((reference, index) => {
    if (reference === undefined) return;
    const type = reference.TpoDocRef;
    if (reference.CodRef === 1 && kind.annuls !== undefined && type !== undefined && !kind.annuls.types.includes(type)) {
      problems.push({
        pointer: `/Referencia/${index}/TpoDocRef`,
        message: `a ${kind.names.short} that annuls (CodRef 1) must reference ${kind.annuls.described}, not TpoDocRef ${type}`,
      });
    }
    if (type !== undefined && /^\d+$/.test(type) && /^0+$/.test(reference.FolioRef ?? '') && reference.IndGlobal !== 1) {
      problems.push({
        pointer: `/Referencia/${index}/FolioRef`,
        message: 'FolioRef may be 0 only when IndGlobal is 1 (a reference to all documents of a type); give the folio',
      });
    }
  });
  return problems;
}

/**
 * Rules that need the amounts: each line that was read completely, then, when every line, entry and
 * Totales field was, the global entries and the Totales the caller sent. `known` are the field
 * problems, which tell what could not be read.
 */
function checkAmounts(view: View, known: Problem[]): Problem[] {
  const tipo = view.Encabezado?.IdDoc?.TipoDTE;
  const unreadable = known.some((problem) => /^\/(Encabezado\/IdDoc\/(TipoDTE|IndTraslado)|Referencia(\/\d+(\/CodRef)?)?)$/.test(problem.pointer));
  if (tipo === undefined || view.Detalle === undefined || unreadable) return [];
  const problems: Problem[] = [];
  const kind = issuedKind(tipo);
  const codes = codRefs(view);
  const isNote = kind.family === 'nota';
  const correctsText = isNote && codes.includes(2);
  const guiaWithoutSale = kind.family === 'guia' && view.Encabezado?.IdDoc?.IndTraslado !== 1;
  const zeroAllowed = guiaWithoutSale || correctsText || (isNote && codes.includes(1));
  view.Detalle.forEach((line, index) => {
    const pointer = `/Detalle/${index}`;
    // A line without problems was read completely, so it is a DetalleLine.
    if (line !== undefined && !within(known, pointer)) problems.push(...checkLine(line as DetalleLine, pointer, { zeroAllowed, correctsText, guiaWithoutSale }));
  });
  if (view.Detalle.length === 0 || ['/Detalle', '/DscRcgGlobal', '/Encabezado/Totales'].some((prefix) => within(known, prefix))) return problems;
  // Every line, entry and Totales field was read completely, so the view is a request.
  const request = view as DocumentRequest;

  const exact = computeExactTotals(request);
  (request.DscRcgGlobal ?? []).forEach((entry, index) => {
    const pointer = `/DscRcgGlobal/${index}`;
    const value = decimalFromString(entry.ValorDR);
    if (correctsText) problems.push({ pointer, message: 'a note that corrects text (CodRef 2) carries no amounts; leave DscRcgGlobal out' });
    if (entry.TpoValor === '%' && entry.TpoMov === 'D' && compare(value, decimalFromString('100')) > 0) {
      problems.push({ pointer: `${pointer}/ValorDR`, message: 'ValorDR of a percentage discount must be at most 100' });
    }
    if (entry.TpoValor === '$' && fractionDigits(value) > 0) {
      problems.push({ pointer: `${pointer}/ValorDR`, message: 'ValorDR of a $ entry must be a whole number of pesos' });
    }
    const kind = globalKind(entry, tipo);
    if (!request.Detalle.some((line) => lineKind(line, tipo) === kind)) {
      const which = kind === 'affected' ? 'affected lines (no IndExeDR)' : kind === 'exempt' ? 'exempt lines (IndExeDR 1)' : 'not-billable lines (IndExeDR 2)';
      problems.push({ pointer, message: `this entry applies to ${which} but the document has none` });
    }
  });
  // Only global entries can make the sums negative past lines that are not: a line larger in discount
  // than in amount is reported on its line.
  const linesNonNegative = exact.lineAmounts.every((amount) => amount >= 0n);
  if ((request.DscRcgGlobal ?? []).length > 0 && linesNonNegative && ((exact.MntNeto ?? 0n) < 0n || (exact.MntExe ?? 0n) < 0n)) {
    problems.push({ pointer: '/DscRcgGlobal', message: 'the global discounts are larger than the lines they apply to' });
  }
  const negative = [exact.MntNeto, exact.MntExe, ...exact.lineAmounts].some((amount) => amount !== undefined && amount < 0n);
  if (exact.MntTotal > SAFE_LIMIT || exact.lineAmounts.some((amount) => amount > SAFE_LIMIT)) {
    problems.push({ pointer: '/Detalle', message: `the amounts exceed ${Number.MAX_SAFE_INTEGER} pesos, more than this service handles` });
    return problems;
  }
  const given = request.Encabezado.Totales;
  if (given !== undefined && !negative) {
    // A boleta has no TasaIVA (EnvioBOLETA_v11.xsd): a given one is refused by checkFormatRules.
    const { TasaIVA, ...withoutRate } = given;
    const comparable = kind.iva === 'forbidden' ? { MntExe: given.MntExe, MntTotal: given.MntTotal } : isBoletaFormat(kind) ? withoutRate : { ...withoutRate, TasaIVA };
    problems.push(...compareTotals(comparable, computeTotals(request).Totales));
  }
  return problems;
}

interface LineContext {
  /** Lines may amount to 0: guías that are not sales, notes that annul or correct text. */
  zeroAllowed: boolean;
  /** The document is a note that corrects text (CodRef 2): its lines carry no amounts. */
  correctsText: boolean;
  /** The document is a guía that is not a sale: its lines may have no price. */
  guiaWithoutSale: boolean;
}

/** Checks one line's amounts against the manual's formula (Detalle, field 38) and the line's context. */
function checkLine(line: DetalleLine, pointer: string, context: LineContext): Problem[] {
  const problems: Problem[] = [];
  const computed = computeLine(line);
  if (line.PrcItem === undefined) {
    for (const field of ['DescuentoPct', 'DescuentoMonto', 'RecargoPct', 'RecargoMonto'] as const) {
      if (line[field] !== undefined) problems.push({ pointer: `${pointer}/${field}`, message: `${field} needs PrcItem: it applies to QtyItem × PrcItem` });
    }
  }
  if (context.correctsText) {
    if (line.PrcItem !== undefined) problems.push({ pointer: `${pointer}/PrcItem`, message: 'a note that corrects text (CodRef 2) carries no amounts; leave PrcItem out' });
    if ((line.MontoItem ?? 0) !== 0) problems.push({ pointer: `${pointer}/MontoItem`, message: 'MontoItem must be 0 on a note that corrects text (CodRef 2)' });
    return problems;
  }
  if (line.PrcItem === undefined && line.MontoItem === undefined && !context.guiaWithoutSale) {
    problems.push({ pointer, message: 'the line needs PrcItem (with QtyItem) or MontoItem' });
    return problems;
  }
  const gross = computed.grossAmount;
  for (const [percent, field] of [['DescuentoPct', 'DescuentoMonto'], ['RecargoPct', 'RecargoMonto']] as const) {
    const given = line[field];
    const value = computed[field];
    if (line[percent] === undefined || gross === undefined || value === undefined) continue;
    if (value === 0n) {
      problems.push({ pointer: `${pointer}/${percent}`, message: `${percent} ${line[percent]}% of ${gross} rounds to 0 pesos, which the SII cannot accept; leave it out` });
    } else if (given !== undefined && BigInt(given) !== value) {
      problems.push({ pointer: `${pointer}/${field}`, message: `${field} is ${given} but ${percent} ${line[percent]}% of ${gross} is ${value}` });
    }
  }
  if (computed.MontoItem < 0n) {
    problems.push({ pointer, message: `the line's discount is larger than its amount (${gross ?? 0})` });
  } else if (line.PrcItem !== undefined && line.MontoItem !== undefined && BigInt(line.MontoItem) !== computed.MontoItem) {
    problems.push({ pointer: `${pointer}/MontoItem`, message: `MontoItem is ${line.MontoItem} but QtyItem × PrcItem − DescuentoMonto + RecargoMonto is ${computed.MontoItem}` });
  } else if (computed.MontoItem === 0n && !context.zeroAllowed && line.IndExe !== 2 && line.IndExe !== 6) {
    problems.push({ pointer, message: 'the line amounts to 0 pesos; only guías that are not sales and notes that annul or correct text may have such lines' });
  }
  return problems;
}
