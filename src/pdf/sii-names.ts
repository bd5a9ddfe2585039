/**
 * The words a printed DTE uses for the SII's codes: document names as the Manual de muestras impresas
 * lists them (§1.1.4, in capitals, Spanish only), and the tables of the Formato DTE for references,
 * traslados, despachos, payment and exemption indicators. The document kinds' titles, cedibility and
 * the SII's table of document types come from the registry (src/core/document-kinds).
 */
import { documentKind, siiDocumentType } from '../core/document-kinds/index.ts';


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
  return documentKind(type)?.printedTitle ?? `DOCUMENTO TRIBUTARIO ELECTRÓNICO ${type}`;
}

/** A referenced document's type in words; an unknown code is printed as written. */
export function referenceTypeName(code: string): string {
  return siiDocumentType(code)?.name ?? code;
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
 * Why a document has no cedible copy, or undefined when it has one: facturas always have one, a
 * guía only when its operation is a sale, notas de crédito and débito never (Manual §1.4; the kind's
 * `cedible` in the registry).
 */
export function noCedibleReason(type: number, transfer: string | undefined): string | undefined {
  const kind = documentKind(type);
  if (kind?.cedible === 'always') return undefined;
  if (kind?.cedible === 'when-sale') {
    return transfer !== undefined && SALE_TRANSFERS.has(transfer)
      ? undefined
      : `a ${kind.names.short} whose traslado is not a sale (IndTraslado ${transfer ?? 'absent'}) has no cedible copy`;
  }
  return `a ${kind?.names.short ?? `type ${type} document`} has no cedible copy`;
}

/** The destination legend of a cedible copy: a guía is cedible only with its factura. */
export function cedibleLegend(type: number): string {
  return documentKind(type)?.cedibleLegend ?? 'CEDIBLE';
}
