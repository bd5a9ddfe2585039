/**
 * The SII's codes and what they mean, as the application reads them from the project's catalog
 * (resources/sii-codes.json). The SII adapter is given one to word its answers and errors; the
 * explanation service adds the likely cause, the usual fix and the sources.
 */

/** The catalog's tables of codes by SII service. */
export type CatalogTable =
  | 'upload_status'
  | 'crseed_estado'
  | 'gettoken_estado'
  | 'queryestup_estado'
  | 'queryestdte_estado'
  | 'boleta_rest_envio_estado'
  | 'registroreclamo_codResp'
  | 'wsdtecorreo_estado'
  | 'respuesta_dte_intercambio';

/** Sub-codes of QueryEstUp's ESTADO -11. */
export type EnvelopeSubcodeKind = 'ERR_CODE' | 'SQL_CODE' | 'SRV_CODE';

/** One code of the catalog with its meaning and where the meaning comes from. */
export interface CatalogEntry {
  code: string;
  /** The table it is in, or `revision_detail_codes` for DTE-/CRT-/REF-/CAF-/HED-/TED- codes. */
  table: CatalogTable | 'revision_detail_codes';
  /** The SII's wording, without the catalog's own notes. */
  meaning: string;
  /** The catalog's citation of the meaning (an SII manual and section, or a library that quotes the SII). */
  source?: string;
}

export interface CodeCatalog {
  /** The meaning of a code in one table, or undefined when the catalog lacks it. */
  meaning(table: CatalogTable, code: string): string | undefined;
  /** The meaning of a sub-code of QueryEstUp's ESTADO -11. */
  subcodeMeaning(kind: EnvelopeSubcodeKind, code: string): string | undefined;
  /** The meaning of a revision code such as `DTE-3-101`. */
  revisionMeaning(code: string): string | undefined;
  /**
   * Every entry of a code, in any table (a code like `0` or `RCT` is in several). A code qualified by its
   * table (`registroreclamo_codResp:8`, `gettoken_estado:-07`, `EstadoRecepDTE:3` for RespuestaDTE's
   * sub-tables) is looked up in that table only.
   */
  lookup(code: string): CatalogEntry[];
}
