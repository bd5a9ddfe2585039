/**
 * The SII's table of document types (Formato DTE, Referencia/TpoDocRef: the codes a reference can
 * name), with what the rest of the service needs to know of the types it does not issue: how people
 * name them, which are facturas, which a receiver can answer. The kinds this service issues, with
 * their rules, are in document-kinds.ts; both files are the only place a TipoDTE code is written
 * (test/architecture/one-source.test.ts), apart from src/sii-sim, an independent oracle.
 */

/** How people name a type: the short form ("factura", "invoice") and the full one ("factura electrónica"). */
export interface SpokenName {
  /** Lower case, as in "la factura 12" (every type named here is feminine in Spanish). */
  short: string;
  /** Lower case, as the diagnosis names it: "factura electrónica", "electronic invoice (factura)". */
  long: string;
}

/** One entry of the SII's table. */
export interface SiiDocumentType {
  /** TpoDocRef as the XML writes it ('33', 'HES'). */
  code: string;
  /** The Formato DTE's name, as a printed reference writes it. */
  name: string;
  /** The names of an electronic document type, in Spanish and English. */
  spoken?: { es: SpokenName; en: SpokenName };
  /** A factura: its rejection states Ley 19.983 (Formato de intercambio, section 2 c, field 9). */
  factura?: boolean;
  /** DTEType and DocType of SiiTypes_v10.xsd (2019-12-12): a RespuestaDTE or Recibo can name it. */
  answerable?: boolean;
  /** The SII's Registro de Aceptación o Reclamo (Ley 19.983) follows it (RegistroReclamoDteService manual; others get codResp 3). */
  registry?: boolean;
  /** Its CAF may sign for six months only (Res. Ex. SII N° 58 de 2017; rejection CAF-3-517). */
  sixMonthCaf?: boolean;
}

const spoken = (esShort: string, esLong: string, enShort: string, enLong: string) => ({ es: { short: esShort, long: esLong }, en: { short: enShort, long: enLong } });

/** Formato DTE, Referencia/TpoDocRef, in its order. */
export const SII_DOCUMENT_TYPES: readonly SiiDocumentType[] = [
  { code: '30', name: 'Factura' },
  { code: '32', name: 'Factura de venta bienes y servicios no afectos o exentos de IVA' },
  { code: '33', name: 'Factura Electrónica', spoken: spoken('factura', 'factura electrónica', 'invoice', 'electronic invoice (factura)'), factura: true, answerable: true, registry: true, sixMonthCaf: true },
  { code: '34', name: 'Factura No Afecta o Exenta Electrónica', spoken: spoken('factura exenta', 'factura exenta electrónica', 'exempt invoice', 'exempt electronic invoice (factura exenta)'), factura: true, answerable: true, registry: true },
  { code: '35', name: 'Boleta' },
  { code: '38', name: 'Boleta exenta' },
  { code: '39', name: 'Boleta Electrónica', spoken: spoken('boleta', 'boleta electrónica', 'receipt', 'electronic receipt (boleta)') },
  { code: '40', name: 'Liquidación Factura' },
  { code: '41', name: 'Boleta Exenta Electrónica', spoken: spoken('boleta exenta', 'boleta exenta electrónica', 'exempt receipt', 'exempt electronic receipt (boleta exenta)') },
  { code: '43', name: 'Liquidación-Factura Electrónica', spoken: spoken('liquidación factura', 'liquidación factura electrónica', 'liquidación factura', 'electronic liquidación factura'), registry: true },
  { code: '45', name: 'Factura de compra' },
  { code: '46', name: 'Factura de Compra Electrónica', spoken: spoken('factura de compra', 'factura de compra electrónica', 'purchase invoice', 'electronic purchase invoice (factura de compra)'), factura: true, answerable: true },
  { code: '48', name: 'Comprobante de pago electrónico' },
  { code: '50', name: 'Guía de Despacho' },
  { code: '52', name: 'Guía de Despacho Electrónica', spoken: spoken('guía de despacho', 'guía de despacho electrónica', 'dispatch guide', 'electronic dispatch guide (guía de despacho)'), answerable: true },
  { code: '55', name: 'Nota de débito' },
  { code: '56', name: 'Nota de Débito Electrónica', spoken: spoken('nota de débito', 'nota de débito electrónica', 'debit note', 'electronic debit note (nota de débito)'), answerable: true },
  { code: '60', name: 'Nota de crédito' },
  { code: '61', name: 'Nota de Crédito Electrónica', spoken: spoken('nota de crédito', 'nota de crédito electrónica', 'credit note', 'electronic credit note (nota de crédito)'), answerable: true },
  { code: '103', name: 'Liquidación' },
  { code: '110', name: 'Factura de Exportación Electrónica' },
  { code: '111', name: 'Nota de Débito de Exportación Electrónica' },
  { code: '112', name: 'Nota de Crédito de Exportación Electrónica' },
  { code: '801', name: 'Orden de Compra' }, { code: '802', name: 'Nota de pedido' }, { code: '803', name: 'Contrato' },
  { code: '804', name: 'Resolución' }, { code: '805', name: 'Proceso ChileCompra' }, { code: '806', name: 'Ficha ChileCompra' },
  { code: '807', name: 'DUS' }, { code: '808', name: 'B/L (Conocimiento de embarque)' }, { code: '809', name: 'AWB (Air Waybill)' },
  { code: '810', name: 'MIC/DTA' }, { code: '811', name: 'Carta de Porte' }, { code: '812', name: 'Resolución del SNA' },
  { code: '813', name: 'Pasaporte' }, { code: '814', name: 'Certificado de Depósito Bolsa Prod. Chile' },
  { code: '815', name: 'Vale de Prenda Bolsa Prod. Chile' }, { code: '820', name: 'Registro de Acuerdos con Plazo de Pago Excepcional' },
  { code: '821', name: 'Geo Referencia Predio' }, { code: '822', name: 'ROL Avalúo Predio' }, { code: '823', name: 'Plan de Manejo CONAF' },
  { code: 'HES', name: 'Hoja de Entrada de Servicio' }, { code: 'SET', name: 'Set de pruebas' },
];

const BY_CODE: ReadonlyMap<string, SiiDocumentType> = new Map(SII_DOCUMENT_TYPES.map((type) => [type.code, type]));

/** The SII's entry for a code (TpoDocRef text or a TipoDTE number), or undefined. */
export function siiDocumentType(code: string | number): SiiDocumentType | undefined {
  return BY_CODE.get(String(code));
}

/** The TipoDTE numbers of the entries that satisfy a test, in the table's order. */
function typesWhere(test: (type: SiiDocumentType) => boolean): ReadonlySet<number> {
  return new Set(SII_DOCUMENT_TYPES.filter(test).map((type) => Number(type.code)));
}

/** The facturas (33, 34, 46 today), whose rejection names Ley 19.983. */
export const FACTURA_TYPES: ReadonlySet<number> = typesWhere((type) => type.factura === true);

/** The types a RespuestaDTE or a Recibo can name (SiiTypes_v10.xsd, DTEType and DocType). */
export const ANSWERABLE_TYPES: ReadonlySet<number> = typesWhere((type) => type.answerable === true);

/** The types the SII's registry of acceptance and claims serves (33, 34 and 43 today). */
export const REGISTRY_TYPES: ReadonlySet<number> = typesWhere((type) => type.registry === true);

/** The registry's types in a sentence: "33, 34 and 43". */
export const REGISTRY_TYPES_IN_SENTENCE = ((codes: string[]) => `${codes.slice(0, -1).join(', ')} and ${codes.at(-1)}`)([...REGISTRY_TYPES].map(String));

/** The types whose CAF may sign for six months only (caf-validity.ts). */
export const SIX_MONTH_CAF_TYPES: ReadonlySet<number> = typesWhere((type) => type.sixMonthCaf === true);

/** How people name a type in a language, short ("factura") or long ("factura electrónica"); undefined when unnamed. */
export function spokenName(type: number, language: 'es' | 'en', form: keyof SpokenName): string | undefined {
  return siiDocumentType(type)?.spoken?.[language][form];
}
