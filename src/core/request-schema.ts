/**
 * The zod schema of a document request (DESIGN.md, "Document request (JSON)") for the kinds of
 * document-kinds/document-kinds.ts. It checks every field against the limits of DTE_v10.xsd and SiiTypes_v10.xsd, so that no
 * XML is ever built from a value the SII's schema would refuse, and it normalises values on the way:
 * text through text.ts, RUTs to their canonical form, decimals to canonical decimal strings.
 *
 * Each leaf writes its own message (a sentence naming the field), so zod's generic wording never
 * reaches a person. The schema comes in two builds: the strict one reports every problem; the lenient
 * one never fails and leaves out what it cannot read, so that validate-request.ts can still check the
 * rules between fields (per document type, totals) of a request that also has field problems.
 */
import { z } from 'zod';
import { ISSUED_TYPES } from './document-kinds/document-kinds.ts';
import { compare, decimalFromString, formatDecimal, parseDecimal, ZERO } from './decimal.ts';
import { inspectRut } from './rut.ts';
import { toXmlText } from './text.ts';

/** A field's value as read, or the sentence that says what is wrong with it. */
type Reading<T> = { ok: true; value: T } | { ok: false; message: string };

/** A JSON Schema fragment (draft 2020-12) describing what a field accepts as sent. */
export type JsonSchema = Record<string, unknown>;

/** Reads one leaf field, and says in JSON Schema what it accepts (for the OpenAPI document). */
interface Reader<T> {
  (value: unknown): Reading<T>;
  json: JsonSchema;
}

function reader<T>(json: JsonSchema, read: (value: unknown) => Reading<T>): Reader<T> {
  return Object.assign(read, { json });
}

/** The JSON Schema of each leaf of the strict schema, by its zod schema (read by requestJsonSchema). */
export const LEAF_JSON_SCHEMAS = new WeakMap<object, JsonSchema>();

const accept = <T>(value: T): Reading<T> => ({ ok: true, value });
const refuse = (message: string): Reading<never> => ({ ok: false, message });

/** Every field of the request may be absent from the lenient reading. */
export type Lenient<T> = T extends readonly (infer Item)[]
  ? Lenient<Item>[] | undefined
  : T extends object
    ? { [Key in keyof T]?: Lenient<T[Key]> }
    : T | undefined;

/** The document types this product issues (the registry's, document-kinds.ts). */
export const SUPPORTED_DOCUMENT_TYPES = ISSUED_TYPES;

/**
 * Occurrence limits of DTE_v10.xsd's lists, by JSON pointer (`*` for any index). validate-request.ts
 * checks them after the fields, so that every element of an over-long list is still validated.
 */
export const LIST_LIMITS: Readonly<Record<string, { maximum: number; minimum?: number; noun: string }>> = {
  '/Detalle': { maximum: 60, minimum: 1, noun: 'lines' },
  '/Referencia': { maximum: 40, noun: 'entries' },
  '/DscRcgGlobal': { maximum: 20, noun: 'entries' },
  '/Encabezado/Emisor/Acteco': { maximum: 4, minimum: 1, noun: 'codes' },
  '/Encabezado/Emisor/Telefono': { maximum: 2, noun: 'numbers' },
  '/Detalle/*/CdgItem': { maximum: 5, noun: 'codes' },
};

/** RUT bodies the manual accepts ("cuerpo numérico entre 100.000 y 99 millones"). */
const MINIMUM_RUT_BODY = 100_000;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Reads a free-text value: normalised for ISO-8859-1, then measured as the XSD measures it. With
 * `blank` set to 'refused', a value made only of whitespace is refused too: the XSD's xs:string
 * counts "   " as three characters, but a name, giro or address of spaces names nothing, and the SII
 * refuses it as missing.
 */
function readText(name: string, maximum: number, minimum = 0, blank: 'allowed' | 'refused' = 'allowed'): Reader<string> {
  const json = { type: 'string', maxLength: maximum, ...(minimum > 0 ? { minLength: minimum } : {}), ...(blank === 'refused' ? { pattern: '\\S' } : {}) };
  return reader(json, (value: unknown): Reading<string> => {
    if (typeof value !== 'string') return refuse(`${name} must be text`);
    const prepared = toXmlText(value);
    if (!prepared.ok) return refuse(`${name}: ${prepared.message}; replace or remove it`);
    const length = prepared.text.length;
    if (blank === 'refused' && length > 0 && prepared.text.trim() === '') return refuse(`${name} must not be blank: it has only whitespace`);
    if (length < minimum) return refuse(minimum === 1 ? `${name} must not be empty` : `${name} must have at least ${minimum} characters`);
    if (length > maximum) return refuse(`${name} must be at most ${maximum} characters; it has ${length}`);
    return accept(prepared.text);
  });
}

/** Reads an identifier the XSD types as a short string but callers often send as a number (FolioRef, TpoDocRef). */
function readCode(name: string, maximum: number): Reader<string> {
  const asText = readText(name, maximum, 1);
  return reader({ oneOf: [asText.json, { type: 'integer', minimum: 0 }] }, (value: unknown): Reading<string> =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? asText(String(value)) : asText(value));
}

function readInteger(name: string, minimum: number, maximum: number): Reader<number> {
  return reader({ type: 'integer', minimum, maximum }, (value: unknown): Reading<number> =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= minimum && value <= maximum
      ? accept(value)
      : refuse(`${name} must be a whole number between ${minimum} and ${maximum}`));
}

function readChoice<const T extends string | number>(name: string, choices: readonly T[], meaning = ''): Reader<T> {
  const listed = choices.map((choice) => String(choice));
  const sentence = listed.length === 1 ? listed[0] : `${listed.slice(0, -1).join(', ')} or ${listed.at(-1)}`;
  const json = { type: typeof choices[0] === 'number' ? 'integer' : 'string', enum: [...choices], ...(meaning ? { description: meaning.trim().replace(/^\(|\)$/g, '') } : {}) };
  return reader(json, (value: unknown): Reading<T> =>
    choices.includes(value as T) ? accept(value as T) : refuse(`${name} must be ${listed.length === 1 ? '' : 'one of '}${sentence}${meaning}`));
}

/** Reads a decimal with the XSD's limits: at most `fraction` decimals, above 0 (all Dec and Pct types start at the smallest step), at most `maximum`. */
function readDecimal(name: string, fraction: number, maximum: string): Reader<string> {
  const limit = decimalFromString(maximum);
  const json = {
    oneOf: [{ type: 'number', exclusiveMinimum: 0, maximum: Number(maximum) }, { type: 'string', pattern: `^\\d+(\\.\\d{1,${fraction}})?$` }],
    description: `A decimal above 0 and at most ${maximum}, with at most ${fraction} decimals; a string keeps it exact.`,
  };
  return reader(json, (value: unknown): Reading<string> => {
    const parsed = parseDecimal(value, { maximumFractionDigits: fraction });
    if (!parsed.ok) {
      if (parsed.refusal === 'unsafe-integer') return refuse(`${name} is too large to be read exactly as a JSON number; send it as a decimal string`);
      if (parsed.refusal === 'too-many-decimals') return refuse(`${name} must be a number with at most ${fraction} decimals`);
      return refuse(`${name} must be a number with at most ${fraction} decimals, written without exponent (e.g. 12.5 or "12.5")`);
    }
    if (compare(parsed.value, ZERO) <= 0) return refuse(`${name} must be greater than 0`);
    if (compare(parsed.value, limit) > 0) return refuse(`${name} must be at most ${maximum}`);
    return accept(formatDecimal(parsed.value));
  });
}

/** The number of days of a month in the Gregorian calendar (month 1 to 12). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Reads a YYYY-MM-DD date that exists in the calendar and falls within the manual's range. */
function readDate(name: string, earliest: string, latest = '2050-12-31'): Reader<string> {
  return reader({ type: 'string', format: 'date', description: `From ${earliest} to ${latest}.` }, (value: unknown): Reading<string> => {
    const match = typeof value === 'string' ? DATE_PATTERN.exec(value) : null;
    if (match === null) return refuse(`${name} must be a date written YYYY-MM-DD`);
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return refuse(`${name} ${String(value)} is not a date in the calendar`);
    if (String(value) < earliest || String(value) > latest) return refuse(`${name} must be between ${earliest} and ${latest}`);
    return accept(String(value));
  });
}

function readRut(name: string): Reader<string> {
  const json = { type: 'string', pattern: '^(\\d{1,2}\\.?)?\\d{3}\\.?\\d{3}-[\\dkK]$', examples: ['76192083-9'], description: 'A RUT with its check digit (módulo 11).' };
  return reader(json, (value: unknown): Reading<string> => {
    const inspection = inspectRut(typeof value === 'string' ? value : '');
    if (inspection.kind === 'wrong-check-digit') {
      return refuse(`${name} ${String(value)} has a wrong check digit: for ${inspection.body} it should be ${inspection.expected}`);
    }
    if (inspection.kind === 'malformed') return refuse(`${name} must be a RUT such as 76192083-9 (digits, a hyphen and the check digit)`);
    if (inspection.rut.body < MINIMUM_RUT_BODY) return refuse(`${name} must have a number between 100.000 and 99.999.999`);
    return accept(inspection.rut.canonical);
  });
}

function readEmail(name: string): Reader<string> {
  const asText = readText(name, 80);
  return reader({ type: 'string', format: 'email', maxLength: 80 }, (value: unknown): Reading<string> => {
    const reading = asText(value);
    if (reading.ok && !EMAIL_PATTERN.test(reading.value)) return refuse(`${name} must be an e-mail address such as nombre@empresa.cl`);
    return reading;
  });
}

/** Builds the request schema; `lenient` makes every failure an absent value instead of an issue. */
function createRequestSchema(lenient: boolean) {
  /** A required field: an absent value is a problem. */
  const required = <T>(name: string, read: Reader<T>) => {
    const leaf = z.unknown().transform((value, context): T => {
      const reading = value === undefined ? refuse(`${name} is required`) : read(value);
      if (reading.ok) return reading.value;
      if (!lenient) context.issues.push({ code: 'custom', message: reading.message, input: value });
      return undefined as never;
    });
    LEAF_JSON_SCHEMAS.set(leaf, read.json);
    return leaf;
  };
  const optional = <T>(name: string, read: Reader<T>) => required(name, read).optional();
  const object = <Shape extends z.core.$ZodLooseShape>(shape: Shape) =>
    lenient ? z.object(shape).catch(() => undefined as never) : z.strictObject(shape);
  const list = <Item extends z.ZodType>(item: Item) => (lenient ? z.array(item).catch(() => undefined as never) : z.array(item));

  const text = (name: string, maximum: number) => optional(name, readText(name, maximum));
  /** Required text that must say something: neither empty nor only whitespace. */
  const filledText = (name: string, maximum: number) => required(name, readText(name, maximum, 1, 'refused'));
  /** An optional name, giro or address: when given, it must not be only whitespace. */
  const namedText = (name: string, maximum: number) => optional(name, readText(name, maximum, 0, 'refused'));

  const idDoc = object({
    TipoDTE: required('TipoDTE', readChoice('TipoDTE', SUPPORTED_DOCUMENT_TYPES)),
    Folio: optional('Folio', readInteger('Folio', 1, 9_999_999_999)),
    FchEmis: optional('FchEmis', readDate('FchEmis', '2003-04-01')), // absent: the signing day in Chile (issue-document.ts)
    IndNoRebaja: optional('IndNoRebaja', readChoice('IndNoRebaja', [1])),
    TipoDespacho: optional('TipoDespacho', readChoice('TipoDespacho', [1, 2, 3])),
    IndTraslado: optional('IndTraslado', readChoice('IndTraslado', [1, 2, 3, 4, 5, 6, 7, 8, 9])),
    // 4 (espectáculo por cuenta de terceros) is a boleta's only (Formato Boletas, Encabezado field 5).
    IndServicio: optional('IndServicio', readChoice('IndServicio', [1, 2, 3, 4])),
    IndMntNeto: optional('IndMntNeto', readChoice('IndMntNeto', [2], ' (2: the line prices are net of IVA; boletas only)')),
    FmaPago: optional('FmaPago', readChoice('FmaPago', [1, 2, 3], ' (1 contado, 2 crédito, 3 sin costo)')),
    TermPagoGlosa: text('TermPagoGlosa', 100),
    FchVenc: optional('FchVenc', readDate('FchVenc', '2002-08-01')),
  });
  const emisor = object({
    RUTEmisor: required('RUTEmisor', readRut('RUTEmisor')),
    RznSoc: filledText('RznSoc', 100),
    GiroEmis: filledText('GiroEmis', 80),
    // A boleta's names for RznSoc and GiroEmis (EnvioBOLETA_v11.xsd); boleta-request.ts reads them as those.
    RznSocEmisor: namedText('RznSocEmisor', 100),
    GiroEmisor: namedText('GiroEmisor', 80),
    Telefono: list(required('Telefono', readText('Telefono', 20))).optional(),
    CorreoEmisor: optional('CorreoEmisor', readEmail('CorreoEmisor')),
    Acteco: list(required('Acteco', readInteger('Acteco', 1, 999_999))).optional(), // required on the Formato DTE (validate-request.ts), absent on boletas
    Sucursal: namedText('Sucursal', 20),
    CdgSIISucur: optional('CdgSIISucur', readInteger('CdgSIISucur', 1, 999_999_999)),
    DirOrigen: namedText('DirOrigen', 70),
    CmnaOrigen: namedText('CmnaOrigen', 20),
    CiudadOrigen: namedText('CiudadOrigen', 20),
    CdgVendedor: text('CdgVendedor', 60),
  });
  const receptor = object({
    RUTRecep: required('RUTRecep', readRut('RUTRecep')),
    CdgIntRecep: text('CdgIntRecep', 20),
    RznSocRecep: namedText('RznSocRecep', 100), // required on the Formato DTE (validate-request.ts), optional on boletas
    GiroRecep: namedText('GiroRecep', 40),
    Contacto: namedText('Contacto', 80),
    CorreoRecep: optional('CorreoRecep', readEmail('CorreoRecep')),
    DirRecep: namedText('DirRecep', 70),
    CmnaRecep: namedText('CmnaRecep', 20),
    CiudadRecep: namedText('CiudadRecep', 20),
  });
  const transporte = object({
    Patente: text('Patente', 8),
    RUTTrans: optional('RUTTrans', readRut('RUTTrans')),
    Chofer: object({
      RUTChofer: required('RUTChofer', readRut('RUTChofer')),
      NombreChofer: filledText('NombreChofer', 30),
    }).optional(),
    DirDest: namedText('DirDest', 70),
    CmnaDest: namedText('CmnaDest', 20),
    CiudadDest: namedText('CiudadDest', 20),
  });
  const amount = (name: string) => optional(name, readInteger(name, 0, Number.MAX_SAFE_INTEGER));
  const totales = object({
    MntNeto: amount('MntNeto'),
    MntExe: amount('MntExe'),
    TasaIVA: optional('TasaIVA', readInteger('TasaIVA', 1, 100)),
    IVA: amount('IVA'),
    MntTotal: required('MntTotal', readInteger('MntTotal', 0, Number.MAX_SAFE_INTEGER)),
  });
  const detalle = object({
    CdgItem: list(object({ TpoCodigo: filledText('TpoCodigo', 10), VlrCodigo: filledText('VlrCodigo', 35) })).optional(),
    IndExe: optional('IndExe', readChoice('IndExe', [1, 2, 6], ' (1 exempt, 2 not billable, 6 not billable and negative)')),
    NmbItem: filledText('NmbItem', 80),
    DscItem: text('DscItem', 1000),
    QtyItem: optional('QtyItem', readDecimal('QtyItem', 6, '999999999999.999999')),
    UnmdItem: text('UnmdItem', 4),
    PrcItem: optional('PrcItem', readDecimal('PrcItem', 6, '999999999999.999999')),
    DescuentoPct: optional('DescuentoPct', readDecimal('DescuentoPct', 2, '100')),
    DescuentoMonto: optional('DescuentoMonto', readInteger('DescuentoMonto', 1, Number.MAX_SAFE_INTEGER)),
    RecargoPct: optional('RecargoPct', readDecimal('RecargoPct', 2, '999.99')),
    RecargoMonto: optional('RecargoMonto', readInteger('RecargoMonto', 1, Number.MAX_SAFE_INTEGER)),
    MontoItem: optional('MontoItem', readInteger('MontoItem', 0, Number.MAX_SAFE_INTEGER)),
  });
  const descuentoRecargo = object({
    TpoMov: required('TpoMov', readChoice('TpoMov', ['D', 'R'], ' (D descuento, R recargo)')),
    GlosaDR: text('GlosaDR', 45),
    TpoValor: required('TpoValor', readChoice('TpoValor', ['%', '$'])),
    ValorDR: required('ValorDR', readDecimal('ValorDR', 2, '9999999999999999.99')),
    IndExeDR: optional('IndExeDR', readChoice('IndExeDR', [1, 2], ' (1 exempt lines, 2 not-billable lines)')),
  });
  const referencia = object({
    TpoDocRef: required('TpoDocRef', readCode('TpoDocRef', 3)),
    IndGlobal: optional('IndGlobal', readChoice('IndGlobal', [1])),
    FolioRef: required('FolioRef', readCode('FolioRef', 18)),
    RUTOtr: optional('RUTOtr', readRut('RUTOtr')),
    FchRef: optional('FchRef', readDate('FchRef', '2002-08-01')), // absent: the service's own document's date (reference-dates.ts)
    CodRef: optional('CodRef', readChoice('CodRef', [1, 2, 3], ' (1 anula, 2 corrige texto, 3 corrige montos)')),
    RazonRef: text('RazonRef', 90),
  });
  return object({
    Encabezado: object({ IdDoc: idDoc, Emisor: emisor, Receptor: receptor, Transporte: transporte.optional(), Totales: totales.optional() }),
    Detalle: list(detalle),
    DscRcgGlobal: list(descuentoRecargo).optional(),
    Referencia: list(referencia).optional(),
  });
}

/**
 * The strict schema: its output, when it succeeds, is a DocumentRequest with normalised values. It is
 * the one source of the request's shape: the TypeScript types are inferred from it
 * (document-request.ts) and the OpenAPI schema is generated from it (requestJsonSchema). Its keys are
 * in the order of DTE_v10.xsd.
 */
export const requestSchema = createRequestSchema(false);

/** The document request of DESIGN.md, after validation. */
export type DocumentRequest = z.output<typeof requestSchema>;

/** The lenient schema: never fails; fields it cannot read are absent. */
export const lenientRequestSchema = createRequestSchema(true) as unknown as z.ZodType<Lenient<DocumentRequest>>;
