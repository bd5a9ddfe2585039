/**
 * The port through which the rest of the product talks to the SII: upload an EnvioDTE, ask how an
 * upload went, ask about one document. The adapter in src/sii implements it over the SII's real
 * protocol (SOAP seed/token, multipart upload, QueryEstUp, QueryEstDte); tests swap in fakes.
 */
import type { SigningCertificate } from '../../core/certificate.ts';
import type { VerdictState } from '../../core/document-states.ts';
import { DteError } from '../../core/errors.ts';

/**
 * The details key by which a gateway marks an upload error after which the file may have reached
 * the SII (some attempt timed out, was reset, got a 5xx or an unreadable answer after it was sent).
 * A fact of the transport; what it means for the envelope is decided by `decide` (src/app/submission).
 */
export const UPLOAD_OUTCOME_UNKNOWN = 'outcomeUnknown';

/** Whether the gateway marked an upload error as one after which the SII may have the file. */
export function isUploadOutcomeUnknown(error: unknown): boolean {
  return error instanceof DteError && !Array.isArray(error.details) && error.details?.[UPLOAD_OUTCOME_UNKNOWN] === true;
}

/**
 * Opens a gateway that logs in to the SII with one signing certificate. The composition root gives
 * the application one (the SII adapter's, for the configured environment and host); the application
 * keeps one gateway per opened certificate (createGatewayPool).
 */
export type SiiGatewayOpener = (certificate: SigningCertificate) => SiiGateway;

/** What the product makes of a document once the SII has decided (DESIGN.md, "Document states"). */
export type SiiVerdict = VerdictState;

/**
 * The SII's receipt of an upload (`<RECEPCIONDTE>` with STATUS 0). It only says the file arrived and
 * which track id to ask about: it is never an acceptance.
 */
export interface UploadReceipt {
  /** The SII's track id (TRACKID), the handle of every later status question. */
  trackId: string;
  /** When the SII received the file, as it wrote it (TIMESTAMP, `YYYY-MM-DD HH:MM:SS`, Chile time). */
  timestamp?: string;
  /** The file name the SII recorded (FILE). */
  fileName?: string;
  /** The certificate owner's RUT that sent the file (rutSender/dvSender). */
  senderRut: string;
  /** The company the envelope belongs to (rutCompany/dvCompany). */
  companyRut: string;
  /**
   * True when the SII refused the bytes as already uploaded within 900 s and named the earlier track
   * id: the receipt then carries that track id, because the same file is already being processed.
   */
  repeated: boolean;
}

/** One TIPO_DOCTO group of a processed envelope (QueryEstUp RESP_BODY). */
export interface EnvelopeCount {
  /** TIPO_DOCTO: the document type (33, 56, 61, …). */
  type: number;
  /** INFORMADOS: documents of this type in the envelope. */
  informed: number;
  /** ACEPTADOS: accepted without repairs. */
  accepted: number;
  /** RECHAZADOS: rejected. */
  rejected: number;
  /** REPAROS: accepted with repairs (reparos); disjoint from ACEPTADOS in the SII's answers. */
  repairs: number;
}

/** A revision code of a document, such as `DTE-3-101` (SECCION-NIVEL-CODIGO). */
export interface RevisionCode {
  /** `SECCION-NIVEL-CODIGO`, e.g. `DTE-3-101`. */
  code: string;
  /** What the code means: the catalog's text when it knows the code, else the SII's DESCRIPCION. */
  message: string;
  /** The SII's DETALLE for this occurrence (the offending values), when it gave one. */
  detail?: string;
}

/** The SII's result for one document of an envelope, when the answer lists it (DETALLE_REP_RECH). */
export interface DocumentResult {
  /** TIPO_DOCTO. */
  type: number;
  /** FOLIO. */
  folio: number;
  /** The SII's state for the document: `RCH` rejected, `RPR`/`RLV` accepted with repairs, `DOK` accepted. */
  state: string;
  /** DESCRIPCION of the document's state, as the SII wrote it. */
  description?: string;
  /** Every revision code the SII gave for the document. */
  codes: RevisionCode[];
}

/** The state of an uploaded envelope (QueryEstUp getEstUp). */
export interface EnvelopeStatus {
  trackId: string;
  /** The SII's code as it sent it: EPR, RSC, RCT, RFR, RCH, SOK, FOK, PDR, CRT, REC, -11, … */
  state: string;
  /** The catalog's meaning of `state` (or the SII's GLOSA for a code the catalog lacks). */
  stateMeaning: string;
  /** The SII's GLOSA of the answer, when it sent one. */
  glosa?: string;
  /** One entry per TIPO_DOCTO group, in the SII's order. */
  counts: EnvelopeCount[];
  /**
   * Revision codes about the whole envelope (ERROR elements of RESP_BODY, such as CRT-3-19 with RCT),
   * when the answer carries them (the local SII does).
   */
  codes: RevisionCode[];
  /** The ERR_CODE the SII sent with the answer, as sent. */
  reportedErrorCode?: string;
  /**
   * A code that explains a failed query (ERR_CODE, SRV_CODE, … of ESTADO -11 and the like). What a
   * state means for the documents is the application's to decide (judgeEnvelope in
   * src/app/submission/verdicts.ts), which also explains a rejected envelope here.
   */
  errorCode?: string;
  /** What went wrong with a failed query, in the SII's words or the catalog's. */
  errorMessage?: string;
  /** Per-document results, when the answer carries them (the local SII does; the real getEstUp does not). */
  documents: DocumentResult[];
  /** NUM_ATENCION: the SII's reference of this query, useful when asking the SII for help. */
  attentionNumber?: string;
}

/** What QueryEstDte needs to find one document (the values must match what the SII recorded). */
export interface DocumentStatusQuery {
  /** The issuing company (RutCompania). */
  companyRut: string;
  /** The receiver of the document (RutReceptor). */
  receiverRut: string;
  /** TipoDTE. */
  type: number;
  /** Folio. */
  folio: number;
  /** FchEmis as `YYYY-MM-DD`; sent to the SII as DDMMAAAA. */
  issueDate: string;
  /** MntTotal. */
  totalAmount: number;
}

/** The SII's answer about one document (QueryEstDte getEstDte). */
export interface DocumentStatus {
  /** DOK, DNK, FAU, FNA, FAN, EMP, TMD, TMC, MMD, MMC, AND, ANC, … */
  state: string;
  /** The catalog's meaning of `state` (or the SII's GLOSA_ESTADO). */
  meaning: string;
  /** ERR_CODE, when the SII sent one. */
  errorCode?: string;
  /** GLOSA_ERR, when the SII sent one. */
  errorMessage?: string;
  /** NUM_ATENCION. */
  attentionNumber?: string;
}

/** Options of an upload. */
export interface UploadOptions {
  /** The company whose envelope this is (the Caratula's RutEmisor). */
  companyRut: string;
  /** The file name the SII records; `EnvioDTE.xml` when absent. */
  fileName?: string;
  /** Cancels the upload, retries included. */
  signal?: AbortSignal;
}

/**
 * The SII, as the product uses it. Every failure is a DteError: `SII_UNAVAILABLE` when the SII could
 * not be asked or did not answer sensibly, `SII_REJECTED` when it answered no; `retryable` says
 * whether asking again later can help. The company's certificate is given when the gateway is built;
 * it authenticates, and its RUT is the sender of uploads.
 */
export interface SiiGateway {
  /** Uploads an EnvioDTE (the bytes as signed, ISO-8859-1) and returns the SII's track id. */
  upload(envelope: Uint8Array, options: UploadOptions): Promise<UploadReceipt>;
  /** Asks how an uploaded envelope is going. */
  envelopeStatus(trackId: string, companyRut: string, options?: { signal?: AbortSignal }): Promise<EnvelopeStatus>;
  /** Asks about one document; the consulting RUT is the certificate owner's. */
  documentStatus(query: DocumentStatusQuery, options?: { signal?: AbortSignal }): Promise<DocumentStatus>;
}
