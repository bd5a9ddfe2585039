/**
 * The document request of DESIGN.md, after validation. Tag names are the SII's (DTE_v10.xsd), so the
 * JSON, these types and the XML share one vocabulary. Decimal quantities and prices are kept as
 * canonical decimal strings (`"123"`, `"923.5"`) so that no binary float ever touches an amount.
 */

/** The document types this product issues. */
export const SUPPORTED_DOCUMENT_TYPES = [33, 34, 52, 56, 61] as const;
export type TipoDTE = (typeof SUPPORTED_DOCUMENT_TYPES)[number];

/** A decimal number written without exponent, e.g. `"1926"` or `"0.125"`. */
export type DecimalString = string;

export interface IdDoc {
  TipoDTE: TipoDTE;
  /** Assigned from the CAF by the service; callers give it only through the CLI. */
  Folio?: number;
  /** Issue date, YYYY-MM-DD. */
  FchEmis: string;
  /** 1: no da derecho a rebaja (notas de crédito only). */
  IndNoRebaja?: 1;
  /** Guías: 1 por cuenta del receptor, 2 del emisor a instalaciones del cliente, 3 del emisor a otras. */
  TipoDespacho?: 1 | 2 | 3;
  /** Guías: kind of transfer, 1 to 9 (required on type 52). */
  IndTraslado?: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** 1 servicios periódicos, 2 otros periódicos, 3 servicios, 4 hotelería, 5 transporte internacional. */
  IndServicio?: 1 | 2 | 3 | 4 | 5;
  /** 1 contado, 2 crédito, 3 sin costo. */
  FmaPago?: 1 | 2 | 3;
  FchVenc?: string;
  TermPagoGlosa?: string;
}

export interface Emisor {
  RUTEmisor: string;
  RznSoc: string;
  GiroEmis: string;
  Telefono?: string[];
  CorreoEmisor?: string;
  /** Economic activity codes, 1 to 4. */
  Acteco: number[];
  Sucursal?: string;
  CdgSIISucur?: number;
  DirOrigen?: string;
  CmnaOrigen?: string;
  CiudadOrigen?: string;
  CdgVendedor?: string;
}

export interface Receptor {
  RUTRecep: string;
  CdgIntRecep?: string;
  RznSocRecep: string;
  GiroRecep?: string;
  Contacto?: string;
  CorreoRecep?: string;
  DirRecep?: string;
  CmnaRecep?: string;
  CiudadRecep?: string;
}

export interface Chofer {
  RUTChofer: string;
  NombreChofer: string;
}

/** Transport data of guías de despacho. */
export interface Transporte {
  Patente?: string;
  RUTTrans?: string;
  Chofer?: Chofer;
  DirDest?: string;
  CmnaDest?: string;
  CiudadDest?: string;
}

/** Totals in whole pesos. */
export interface Totales {
  MntNeto?: number;
  MntExe?: number;
  /** VAT rate in percent (19). */
  TasaIVA?: number;
  IVA?: number;
  MntTotal: number;
}

export interface Encabezado {
  IdDoc: IdDoc;
  Emisor: Emisor;
  Receptor: Receptor;
  Transporte?: Transporte;
  Totales?: Totales;
}

export interface CdgItem {
  TpoCodigo: string;
  VlrCodigo: string;
}

export interface DetalleLine {
  CdgItem?: CdgItem[];
  /** 1: exempt line; 2: not billable; 6: guía line that is not a sale. */
  IndExe?: 1 | 2 | 6;
  NmbItem: string;
  DscItem?: string;
  QtyItem?: DecimalString;
  UnmdItem?: string;
  PrcItem?: DecimalString;
  DescuentoPct?: DecimalString;
  DescuentoMonto?: number;
  RecargoPct?: DecimalString;
  RecargoMonto?: number;
  /** Line amount; computed when absent, checked when present. */
  MontoItem?: number;
}

export interface DscRcgGlobal {
  /** D descuento, R recargo. */
  TpoMov: 'D' | 'R';
  GlosaDR?: string;
  /** `%` percent of the affected (or exempt) sum, `$` an amount in pesos. */
  TpoValor: '%' | '$';
  ValorDR: DecimalString;
  /** 1: applies to exempt lines; 2: to not-billable lines. Absent: to affected lines. */
  IndExeDR?: 1 | 2;
}

export interface Referencia {
  /** Type of the referenced document: a DTE type, a paper type, or `SET` in certification. */
  TpoDocRef: string;
  IndGlobal?: 1;
  FolioRef: string;
  RUTOtr?: string;
  FchRef: string;
  /** 1 anula, 2 corrige texto, 3 corrige montos. */
  CodRef?: 1 | 2 | 3;
  RazonRef?: string;
}

export interface DocumentRequest {
  Encabezado: Encabezado;
  Detalle: DetalleLine[];
  DscRcgGlobal?: DscRcgGlobal[];
  Referencia?: Referencia[];
}

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
