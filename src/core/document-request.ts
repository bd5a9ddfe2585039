/**
 * The document request of DESIGN.md, after validation. Tag names are the SII's (DTE_v10.xsd), so the
 * JSON, these types and the XML share one vocabulary. Decimal quantities and prices are kept as
 * canonical decimal strings (`"123"`, `"923.5"`) so that no binary float ever touches an amount.
 */
import type { DocumentRequest } from './request-schema.ts';

export type { DocumentRequest } from './request-schema.ts';

export { SUPPORTED_DOCUMENT_TYPES } from './request-schema.ts';
export type TipoDTE = IdDoc['TipoDTE'];

/** A decimal number written without exponent, e.g. `"1926"` or `"0.125"`. */
export type DecimalString = string;

/**
 * The parts of a validated request, inferred from the request schema (request-schema.ts), which is
 * the one source of their shape. Meanings of the codes are in the schema's messages and in DTE_v10.xsd:
 * IndTraslado (guías, required on 52) 1 to 9; IndServicio 1 servicios periódicos domiciliarios,
 * 2 otros periódicos, 3 servicios; FmaPago 1 contado, 2 crédito, 3 sin costo; IndExe 1 exempt, 2 not
 * billable, 6 guía line that is not a sale; CodRef 1 anula, 2 corrige texto, 3 corrige montos.
 */
export type Encabezado = DocumentRequest['Encabezado'];
export type IdDoc = Encabezado['IdDoc'];
export type Emisor = Encabezado['Emisor'];
export type Receptor = Encabezado['Receptor'];
export type Transporte = NonNullable<Encabezado['Transporte']>;
export type Chofer = NonNullable<Transporte['Chofer']>;
/** Totals in whole pesos. */
export type Totales = NonNullable<Encabezado['Totales']>;
export type DetalleLine = DocumentRequest['Detalle'][number];
export type CdgItem = NonNullable<DetalleLine['CdgItem']>[number];
export type DscRcgGlobal = NonNullable<DocumentRequest['DscRcgGlobal']>[number];
export type Referencia = NonNullable<DocumentRequest['Referencia']>[number];

/** The amounts of one Detalle line as the XML states them, in whole pesos. */
export interface ComputedLine {
  /** Present when the line has a discount (given as DescuentoMonto, or DescuentoPct of the gross amount). */
  DescuentoMonto?: number;
  /** Present when the line has a recharge, likewise. */
  RecargoMonto?: number;
  MontoItem: number;
}

/** Totals and per-line amounts computed from a request. */
export interface ComputedTotals {
  /** Each Detalle line's amounts, in order. */
  lines: ComputedLine[];
  /** MontoItem of each Detalle line, in order. */
  lineAmounts: number[];
  /** Amount of each DscRcgGlobal entry in pesos, in order. */
  globalAmounts: number[];
  Totales: Totales;
}
