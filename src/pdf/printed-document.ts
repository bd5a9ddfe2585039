/**
 * A DTE as the printed representation needs it: the values of its XML as written (text, not numbers,
 * so that nothing is rounded or reformatted twice), and its TED as the bytes that were signed. Tag
 * names are the SII's (DTE_v10.xsd).
 */
import { ISSUED_TYPES } from '../core/document-kinds/index.ts';

/** The document types this service prints: the kinds it issues (src/core/document-kinds). */
export const PRINTED_TYPES: readonly number[] = ISSUED_TYPES;

/** Encabezado/Emisor. */
export interface PrintedIssuer {
  RUTEmisor: string;
  RznSoc: string;
  GiroEmis?: string;
  Telefono: string[];
  CorreoEmisor?: string;
  Sucursal?: string;
  CdgSIISucur?: string;
  DirOrigen?: string;
  CmnaOrigen?: string;
  CiudadOrigen?: string;
}

/** Encabezado/Receptor. */
export interface PrintedReceiver {
  RUTRecep: string;
  RznSocRecep?: string;
  GiroRecep?: string;
  Contacto?: string;
  CorreoRecep?: string;
  DirRecep?: string;
  CmnaRecep?: string;
  CiudadRecep?: string;
}

/** Encabezado/Transporte of a guía de despacho. */
export interface PrintedTransport {
  Patente?: string;
  RUTTrans?: string;
  RUTChofer?: string;
  NombreChofer?: string;
  DirDest?: string;
  CmnaDest?: string;
  CiudadDest?: string;
}

/** One Totales/ImptoReten: an additional or retained tax. */
export interface PrintedTax {
  TipoImp: string;
  TasaImp?: string;
  MontoImp: string;
}

/** Encabezado/Totales. */
export interface PrintedTotals {
  MntNeto?: string;
  MntExe?: string;
  TasaIVA?: string;
  IVA?: string;
  ImptoReten: PrintedTax[];
  IVANoRet?: string;
  CredEC?: string;
  MontoNF?: string;
  MntTotal: string;
  SaldoAnterior?: string;
  VlrPagar?: string;
}

/** One Detalle line. */
export interface PrintedLine {
  NroLinDet: string;
  /** CdgItem/VlrCodigo values, in order. */
  codes: string[];
  IndExe?: string;
  NmbItem: string;
  DscItem?: string;
  QtyItem?: string;
  UnmdItem?: string;
  PrcItem?: string;
  DescuentoPct?: string;
  DescuentoMonto?: string;
  RecargoPct?: string;
  RecargoMonto?: string;
  MontoItem: string;
}

/** One DscRcgGlobal. */
export interface PrintedGlobalAdjustment {
  TpoMov: string;
  GlosaDR?: string;
  TpoValor: string;
  ValorDR: string;
  IndExeDR?: string;
}

/** One Referencia. */
export interface PrintedReference {
  NroLinRef: string;
  TpoDocRef: string;
  IndGlobal?: string;
  FolioRef?: string;
  RUTOtr?: string;
  FchRef?: string;
  CodRef?: string;
  RazonRef?: string;
}

/** Everything printed of one DTE. */
export interface PrintedDocument {
  TipoDTE: number;
  Folio: string;
  FchEmis: string;
  IndTraslado?: string;
  TipoDespacho?: string;
  FmaPago?: string;
  FchVenc?: string;
  TermPagoGlosa?: string;
  issuer: PrintedIssuer;
  receiver: PrintedReceiver;
  transport?: PrintedTransport;
  totals: PrintedTotals;
  lines: PrintedLine[];
  adjustments: PrintedGlobalAdjustment[];
  references: PrintedReference[];
  /** The `<TED>…</TED>` element exactly as written in the file, in ISO-8859-1: what the PDF417 holds. */
  ted: Buffer;
}
