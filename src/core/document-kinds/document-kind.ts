/**
 * What a document kind this service issues is: its code and names, which fields and parts its
 * request must, may or must not carry (Formato DTE, per document type), how it is sent to the SII
 * and how it is printed. One entry per kind, each in its own file (factura.ts, guia-despacho.ts…);
 * document-kinds.ts lists them. Validation, totals, the request schema, the OpenAPI document, the
 * PDF, the CLI, Slack and the agent all read these entries instead of writing the codes themselves.
 */

/** Whether a request must carry something, may carry it, or must leave it out. */
export type Usage = 'required' | 'allowed' | 'forbidden';

/** The IdDoc fields and request parts whose use depends on the kind. */
export type KindField = 'IndTraslado' | 'IndNoRebaja' | 'TipoDespacho' | 'IndServicio' | 'FchVenc' | 'DscRcgGlobal';

/** The envelope that carries the kind to the SII: EnvioDTE today, EnvioBOLETA for boletas. */
export type EnvelopeKind = 'EnvioDTE' | 'EnvioBOLETA';

/** Where the envelope is uploaded: the DTE upload (cgi_dte/UPL/DTEUpload) or the boletas' REST service. */
export type SiiChannel = 'dte-upload' | 'boleta-api';

/** The family a kind belongs to: a few rules (references, cedibility) hold for the whole family. */
export type KindFamily = 'factura' | 'boleta' | 'guia' | 'nota';

/** A document kind this service issues. */
export interface DocumentKind {
  /** TipoDTE. */
  code: number;
  family: KindFamily;
  /**
   * The format its XML follows: 'dte' the Formato DTE (RznSoc, GiroEmis, Acteco, line prices net of
   * IVA); 'boleta' the Formato Boletas Electrónicas (RznSocEmisor, GiroEmisor, no Acteco, no TasaIVA,
   * line prices with IVA included unless IndMntNeto is 2, the generic receiver 66666666-6).
   * Optional: absent means 'dte'.
   */
  format?: 'dte' | 'boleta';
  /** How people and messages name it: "factura", "a factura (33)", "guías de despacho (52)". */
  names: {
    /** Lower case, singular: "nota de crédito". */
    short: string;
    /** Lower case, plural: "notas de crédito". */
    plural: string;
    /** Patterns (lower case, regular-expression source) by which people name it: "nc", "n/c", "credit note". */
    aliases: readonly string[];
  };
  /** The fields of KindField whose use is not 'allowed'. */
  fields: Partial<Record<KindField, Usage>>;
  /**
   * The receiver's giro and address and the issuer's address (DirOrigen, CmnaOrigen, GiroRecep,
   * DirRecep, CmnaRecep): mandatory on facturas and guías, optional on notes.
   */
  addresses: 'required' | 'allowed';
  /** MntNeto, TasaIVA and IVA: a factura exenta has none. */
  iva: 'allowed' | 'forbidden';
  /**
   * Exempt lines: 'all' when every billable line is exempt by the nature of the document (its
   * lines need no IndExe), 'not-all' when a document whose lines are all exempt must be issued as
   * the kind `exemptCounterpart` instead, 'allowed' otherwise.
   */
  exemptLines: 'allowed' | 'all' | 'not-all';
  /** The kind an all-exempt document of this kind must be issued as. */
  exemptCounterpart?: number;
  /** Referencia: notes must reference the document they modify (REF-3-415). */
  references: 'required' | 'allowed';
  /** What a reference with CodRef 1 (annulment) may point at: the TpoDocRef codes and those in words. */
  annuls?: { types: readonly string[]; described: string };
  envelope: EnvelopeKind;
  channel: SiiChannel;
  /** The recuadro's title (Manual de muestras impresas §1.1.4). */
  printedTitle: string;
  /**
   * The cedible copy of Ley 19.983 (Manual §1.4): facturas always, a guía only when its traslado
   * is a sale, notes never.
   */
  cedible: 'always' | 'when-sale' | 'never';
  /** The destination legend of the cedible copy. */
  cedibleLegend?: string;
}
