/**
 * The lines of one case after its DOCUMENTO line: the item table, the global discount, the
 * reference to another case with its reason, the guía's traslado. Codes are the Formato DTE's:
 * CodRef 1 anula, 2 corrige texto, 3 corrige montos; IndTraslado 1 operación constituye venta,
 * 2 ventas por efectuar, 3 consignaciones, 4 entrega gratuita, 5 traslados internos, 6 otros
 * traslados no venta, 7 guía de devolución; TipoDespacho 1 por cuenta del receptor, 2 por cuenta del
 * emisor a instalaciones del cliente, 3 por cuenta del emisor a otras instalaciones.
 */
import type { Problem } from '../core/result.ts';
import { plainName } from './type-names.ts';

/** One item line as the case gives it; amounts are decimal strings as written. */
export interface CaseItem {
  line: number;
  name: string;
  quantity?: string;
  unitPrice?: string;
  /** DESCUENTO ITEM, in percent. */
  discountPct?: string;
  /** UNIDAD MEDIDA. */
  unit?: string;
  /** VALOR LINEA (exportación). */
  lineAmount?: string;
  /** The item says it is exempt ("SERVICIO EXENTO"). */
  exempt: boolean;
}

/** "CORRESPONDIENTE A CASO …" with its reason. */
export interface CaseReference {
  line: number;
  /** The referenced document as the set names it. */
  documentName: string;
  caseId: string;
  reason: string;
  /** Undefined only for a case this product does not issue, whose reason it does not read. */
  codRef?: 1 | 2 | 3;
}

export interface CaseTraslado {
  motivo: string;
  IndTraslado?: number;
  /** TRASLADO POR, when the case says it. */
  por?: string;
  TipoDespacho?: 1 | 2 | 3;
}

/** DESCUENTO GLOBAL ITEMES AFECTOS: a percentage of the lines that are not exempt. */
export interface GlobalDiscount {
  line: number;
  percent: string;
}

export interface CaseBody {
  items: CaseItem[];
  globalDiscount?: GlobalDiscount;
  reference?: CaseReference;
  traslado?: CaseTraslado;
  /** Lines the case states besides those (instructions, exportación data), as written. */
  notes: string[];
}

interface Line {
  line: number;
  text: string;
}

const COLUMNS: Readonly<Record<string, 'name' | 'quantity' | 'unitPrice' | 'discountPct' | 'unit' | 'lineAmount'>> = {
  ITEM: 'name', CANTIDAD: 'quantity', 'PRECIO UNITARIO': 'unitPrice', 'VALOR UNITARIO': 'unitPrice',
  'DESCUENTO ITEM': 'discountPct', 'UNIDAD MEDIDA': 'unit', 'VALOR LINEA': 'lineAmount',
};
const NUMBER = /^\d+(\.\d+)?$/;
const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;
const REFERENCE = /^REFERENCIA\t+(.+?)\s+CORRESPONDIENTE A CASO\s+(\d+-\d+)\s*$/;

const cells = (text: string): string[] => text.trim().split(/\t+|\s{2,}/).map((cell) => cell.trim()).filter((cell) => cell !== '');
const at = (line: number, message: string): Problem => ({ pointer: `line ${line}`, message: `line ${line}: ${message}` });

/** Reads a case's lines; `issued` says whether this product issues its kind (else only its reference is read). */
export function readCaseBody(lines: Line[], issued: boolean): { body: CaseBody; problems: Problem[] } {
  const problems: Problem[] = [];
  const body: CaseBody = { items: [], notes: [] };
  let reasonLine: Line | undefined;
  let index = 0;
  while (index < lines.length) {
    const { line, text } = lines[index]!;
    const plain = plainName(text);
    index += 1;
    const reference = REFERENCE.exec(text.trim());
    if (reference) body.reference = { line, documentName: plainName(reference[1]!), caseId: reference[2]!, reason: '' };
    else if (plain.startsWith('RAZON REFERENCIA')) reasonLine = { line, text: text.replace(/^RAZON REFERENCIA\t*/i, '').trim() };
    else if (!issued) { if (plain !== '') body.notes.push(text.trim()); }
    else if (/^ITEM(\t|\s{2,})/.test(text)) index = readTable(lines, index - 1, body, problems);
    else if (plain.startsWith('DESCUENTO GLOBAL ITEMES AFECTOS')) {
      const percent = PERCENT.exec(cells(text).at(-1) ?? '');
      if (percent) body.globalDiscount = { line, percent: percent[1]! };
      else problems.push(at(line, 'DESCUENTO GLOBAL ITEMES AFECTOS must end with a percentage such as 22%'));
    } else if (plain.startsWith('MOTIVO:')) body.traslado = { ...body.traslado, ...readMotivo(line, text, problems) };
    else if (plain.startsWith('TRASLADO POR:')) body.traslado = { motivo: '', ...body.traslado, ...readPor(line, text, problems) };
    else if (plain !== '') body.notes.push(text.trim());
  }
  if (reasonLine !== undefined || body.reference !== undefined) readReason(body, reasonLine, issued, problems);
  return { body, problems };
}

function readReason(body: CaseBody, reasonLine: Line | undefined, issued: boolean, problems: Problem[]): void {
  if (body.reference === undefined) {
    problems.push(at(reasonLine!.line, 'RAZON REFERENCIA without a REFERENCIA "… CORRESPONDIENTE A CASO …" line'));
    return;
  }
  if (reasonLine === undefined) {
    problems.push(at(body.reference.line, 'REFERENCIA without a RAZON REFERENCIA line'));
    return;
  }
  body.reference.reason = reasonLine.text;
  const codRef = codRefOf(reasonLine.text);
  if (codRef !== undefined) body.reference.codRef = codRef;
  else if (issued) problems.push(at(reasonLine.line, `the reason "${reasonLine.text}" is neither an annulment, a text correction nor an amount correction`));
}

/** The CodRef of a reason: anula 1, corrige texto (giro, dirección…) 2, corrige montos or devolución 3. */
export function codRefOf(reason: string): 1 | 2 | 3 | undefined {
  const plain = plainName(reason);
  if (/\bANULA/.test(plain)) return 1;
  if (/\b(DEVOLUCION|MONTO|PRECIO|DIFERENCIA|DESCUENTO)/.test(plain)) return 3;
  if (/\bCORRIGE/.test(plain)) return 2;
  return undefined;
}

function readTable(lines: Line[], headerIndex: number, body: CaseBody, problems: Problem[]): number {
  const header = lines[headerIndex]!;
  const columns = cells(header.text).map((cell) => ({ cell, field: COLUMNS[plainName(cell)] }));
  const unknown = columns.find((column) => column.field === undefined);
  if (unknown) problems.push(at(header.line, `the item table has a column "${unknown.cell}" this reader does not know`));
  let index = headerIndex + 1;
  while (index < lines.length && lines[index]!.text.trim() !== '') {
    const { line, text } = lines[index]!;
    index += 1;
    const values = cells(text);
    if (values.length !== columns.length) {
      problems.push(at(line, `the item line has ${values.length} values, its table ${columns.length} columns (${columns.map((column) => column.cell).join(', ')})`));
      continue;
    }
    const item: CaseItem = { line, name: values[0]!, exempt: /\bEXENTO\b/.test(plainName(values[0]!)) };
    columns.slice(1).forEach((column, position) => readCell(item, column.field, values[position + 1]!, problems));
    body.items.push(item);
  }
  return index;
}

function readCell(item: CaseItem, field: (typeof COLUMNS)[string] | undefined, value: string, problems: Problem[]): void {
  if (field === undefined || field === 'name') return;
  if (field === 'unit') { item.unit = value; return; }
  if (field === 'discountPct') {
    const percent = PERCENT.exec(value);
    if (percent) item.discountPct = percent[1]!;
    else problems.push(at(item.line, `the line discount "${value}" is not a percentage such as 10%`));
    return;
  }
  if (NUMBER.test(value)) item[field] = value;
  else problems.push(at(item.line, `"${value}" is not a number`));
}

function readMotivo(line: number, text: string, problems: Problem[]): CaseTraslado {
  const motivo = text.replace(/^MOTIVO:\s*/i, '').trim();
  const plain = plainName(motivo);
  const code = plain === 'VENTA' ? 1
    : /VENTAS? POR EFECTUAR/.test(plain) ? 2
      : /CONSIGNACION/.test(plain) ? 3
        : /ENTREGA GRATUITA/.test(plain) ? 4
          : /ENTRE BODEGAS|TRASLADO INTERNO/.test(plain) ? 5
            : /DEVOLUCION/.test(plain) ? 7 : undefined;
  if (code === undefined) problems.push(at(line, `the MOTIVO "${motivo}" is not a kind of traslado this reader knows`));
  return { motivo, ...(code === undefined ? {} : { IndTraslado: code }) };
}

function readPor(line: number, text: string, problems: Problem[]): Partial<CaseTraslado> {
  const por = text.replace(/^TRASLADO POR:\s*/i, '').trim();
  const plain = plainName(por);
  const code = /EMISOR/.test(plain) ? (/CLIENTE/.test(plain) ? 2 : 3) : /CLIENTE|RECEPTOR/.test(plain) ? 1 : undefined;
  if (code === undefined) problems.push(at(line, `TRASLADO POR "${por}" names neither the emisor nor the cliente`));
  return { por, ...(code === undefined ? {} : { TipoDespacho: code as 1 | 2 | 3 }) };
}
