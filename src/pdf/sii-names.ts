/**
 * The words a printed DTE uses for the SII's codes: document names as the Manual de muestras impresas
 * lists them (§1.1.4, in capitals, Spanish only), and the tables of the Formato DTE for references,
 * traslados, despachos, payment and exemption indicators.
 */

/** Names for the recuadro, per TipoDTE (Manual de muestras impresas §1.1.4). */
const DOCUMENT_NAMES: Readonly<Record<number, string>> = {
  33: 'FACTURA ELECTRÓNICA',
  34: 'FACTURA NO AFECTA O EXENTA ELECTRÓNICA',
  52: 'GUÍA DE DESPACHO ELECTRÓNICA',
  56: 'NOTA DE DÉBITO ELECTRÓNICA',
  61: 'NOTA DE CRÉDITO ELECTRÓNICA',
};

/** Formato DTE, Referencia/TpoDocRef: the document referred to, in words. */
const REFERENCE_TYPE_NAMES: Readonly<Record<string, string>> = {
  '30': 'Factura', '32': 'Factura de venta bienes y servicios no afectos o exentos de IVA', '33': 'Factura Electrónica',
  '34': 'Factura No Afecta o Exenta Electrónica', '35': 'Boleta', '38': 'Boleta exenta', '39': 'Boleta Electrónica',
  '40': 'Liquidación Factura', '41': 'Boleta Exenta Electrónica', '43': 'Liquidación-Factura Electrónica',
  '45': 'Factura de compra', '46': 'Factura de Compra Electrónica', '48': 'Comprobante de pago electrónico',
  '50': 'Guía de Despacho', '52': 'Guía de Despacho Electrónica', '55': 'Nota de débito', '56': 'Nota de Débito Electrónica',
  '60': 'Nota de crédito', '61': 'Nota de Crédito Electrónica', '103': 'Liquidación', '110': 'Factura de Exportación Electrónica',
  '111': 'Nota de Débito de Exportación Electrónica', '112': 'Nota de Crédito de Exportación Electrónica',
  '801': 'Orden de Compra', '802': 'Nota de pedido', '803': 'Contrato', '804': 'Resolución', '805': 'Proceso ChileCompra',
  '806': 'Ficha ChileCompra', '807': 'DUS', '808': 'B/L (Conocimiento de embarque)', '809': 'AWB (Air Waybill)',
  '810': 'MIC/DTA', '811': 'Carta de Porte', '812': 'Resolución del SNA', '813': 'Pasaporte',
  '814': 'Certificado de Depósito Bolsa Prod. Chile', '815': 'Vale de Prenda Bolsa Prod. Chile',
  '820': 'Registro de Acuerdos con Plazo de Pago Excepcional', '821': 'Geo Referencia Predio', '822': 'ROL Avalúo Predio',
  '823': 'Plan de Manejo CONAF', HES: 'Hoja de Entrada de Servicio', SET: 'Set de pruebas',
};

/** Referencia/CodRef. */
const REFERENCE_CODE_NAMES: Readonly<Record<string, string>> = {
  '1': 'Anula documento de referencia',
  '2': 'Corrige texto del documento de referencia',
  '3': 'Corrige montos',
};

/** IdDoc/IndTraslado of a guía de despacho. */
const TRANSFER_NAMES: Readonly<Record<string, string>> = {
  '1': 'Operación constituye venta', '2': 'Ventas por efectuar', '3': 'Consignaciones', '4': 'Entrega gratuita',
  '5': 'Traslados internos', '6': 'Otros traslados no venta', '7': 'Guía de devolución',
  '8': 'Traslado para exportación (no venta)', '9': 'Venta para exportación',
};

/** IdDoc/TipoDespacho. */
const DISPATCH_NAMES: Readonly<Record<string, string>> = {
  '1': 'Por cuenta del receptor',
  '2': 'Por cuenta del emisor a instalaciones del cliente',
  '3': 'Por cuenta del emisor a otras instalaciones',
};

/** IdDoc/FmaPago. */
const PAYMENT_NAMES: Readonly<Record<string, string>> = { '1': 'Contado', '2': 'Crédito', '3': 'Sin costo (entrega gratuita)' };

/** Detalle/IndExe: why a line is not part of the taxed sum. */
const EXEMPTION_NAMES: Readonly<Record<string, string>> = {
  '1': 'Exento', '2': 'No facturable', '3': 'Garantía de depósito por envases', '4': 'Ítem no venta',
  '5': 'Ítem a rebajar', '6': 'No facturable negativo',
};

/** IndTraslado values of guías whose operation is a sale: only those have a cedible copy (§1.4). */
const SALE_TRANSFERS: ReadonlySet<string> = new Set(['1', '9']);

/** The document's name for the recuadro. */
export function documentName(type: number): string {
  return DOCUMENT_NAMES[type] ?? `DOCUMENTO TRIBUTARIO ELECTRÓNICO ${type}`;
}

/** A referenced document's type in words; an unknown code is printed as written. */
export function referenceTypeName(code: string): string {
  return REFERENCE_TYPE_NAMES[code] ?? code;
}

/** The meaning of a CodRef, or undefined when there is none. */
export function referenceCodeName(code: string | undefined): string | undefined {
  return code === undefined ? undefined : (REFERENCE_CODE_NAMES[code] ?? `Código ${code}`);
}

/** `1 - Operación constituye venta`. */
export function transferName(code: string): string {
  return TRANSFER_NAMES[code] === undefined ? code : `${code} - ${TRANSFER_NAMES[code]}`;
}

/** A TipoDespacho in words. */
export function dispatchName(code: string): string {
  return DISPATCH_NAMES[code] ?? code;
}

/** A FmaPago in words. */
export function paymentName(code: string): string {
  return PAYMENT_NAMES[code] ?? code;
}

/** The mark printed on a line with an IndExe. */
export function exemptionName(code: string): string {
  return EXEMPTION_NAMES[code] ?? `Indicador ${code}`;
}

/**
 * Why a document has no cedible copy, or undefined when it has one. Facturas 33 and 34 have one; a
 * guía only when its operation is a sale; notas de crédito and débito never (Manual §1.4).
 */
export function noCedibleReason(type: number, transfer: string | undefined): string | undefined {
  if (type === 33 || type === 34) return undefined;
  if (type === 52) {
    return transfer !== undefined && SALE_TRANSFERS.has(transfer)
      ? undefined
      : `a guía de despacho whose traslado is not a sale (IndTraslado ${transfer ?? 'absent'}) has no cedible copy`;
  }
  return `a ${type === 61 ? 'nota de crédito' : type === 56 ? 'nota de débito' : `type ${type} document`} has no cedible copy`;
}

/** The destination legend of a cedible copy: a guía is cedible only with its factura. */
export function cedibleLegend(type: number): string {
  return type === 52 ? 'CEDIBLE CON SU FACTURA' : 'CEDIBLE';
}
