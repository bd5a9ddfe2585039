/**
 * What the receiver checks find in an EnvioDTE that a supplier sent: the envelope's state
 * (EstadoRecepEnv) and each document's (EstadoRecepDTE), every check that led to them, and the
 * documents themselves, each taken out byte for byte.
 */
import type { X509Certificate } from 'node:crypto';
import type { Check, CheckName } from '../verify/report.ts';
import type { SchemaValidator } from '../verify/schema-validator.ts';
import type { DocumentFacts, EnvelopeFacts } from './envelope-facts.ts';
import type { DocumentReceptionCode, EnvelopeReceptionCode, ReceptionStatus } from './reception-codes.ts';

/** The verifier's checks, and the receiver's own. */
export type ReceptionCheckName =
  | CheckName
  /** The file's size against the limit read. */
  | 'size'
  /** The Caratula's RutReceptor (envelope) or the DTE's RUTRecep (document) is one of our companies. */
  | 'receiver'
  /** The DTE's RUTEmisor is a valid RUT and the Caratula's RutEmisor. */
  | 'issuer'
  /** The envelope or the document was received before. */
  | 'repeat';

/** One check, as the verifier writes them: a subject and a sentence saying what was found. */
export interface ReceptionCheck extends Omit<Check, 'name'> {
  name: ReceptionCheckName;
}

/** One DTE of a received envelope. */
export interface ReceivedDocument extends DocumentFacts {
  /** 1-based place in SetDTE. */
  position: number;
  /** `76192083-9/33/120`: issuer, type and folio, the identity repeats are judged by; undefined when unreadable. */
  key: string | undefined;
  /** The DTE taken out of the envelope byte for byte, with an XML declaration naming the file's encoding. */
  xml: Uint8Array;
  /** EstadoRecepDTE with its glosa. */
  status: ReceptionStatus<DocumentReceptionCode>;
  /**
   * Every check on this document. The `totals` check is information for the person who decides
   * (a difference is a reason for "accepted with discrepancies"), never a reason to refuse receipt.
   */
  checks: ReceptionCheck[];
}

/** What the receiver checks made of a file. Built by checkReceivedEnvelope; never thrown. */
export interface ReceivedEnvelopeCheck {
  /** EstadoRecepEnv with its glosa. */
  status: ReceptionStatus<EnvelopeReceptionCode>;
  /** SHA-256 of the bytes as received (hex): the evidence's own identity, whatever the file holds. */
  fileSha256: string;
  /** The Caratula and signature digest, when the file could be parsed as an EnvioDTE. */
  envelope: EnvelopeFacts | undefined;
  /** For an unreadable file, the RutEmisor its text seems to name (unverified), to address the refusal. */
  issuerHint: string | undefined;
  documents: ReceivedDocument[];
  /** Every envelope-level check, in the order run. */
  checks: ReceptionCheck[];
}

/** Limits on what is read at all. */
export const DEFAULT_MAX_ENVELOPE_BYTES = 32 * 1024 * 1024;

/** What the receiver checks need. */
export interface ReceptionCheckOptions {
  /** The RUTs of our companies: the envelope must be addressed to one of them. */
  companyRuts: ReadonlyArray<string>;
  schemaValidator: SchemaValidator;
  /** Certificates trusted to sign CAFs: the SII's (the default) or the local test authority. */
  trustedCafCertificates?: readonly X509Certificate[];
  /**
   * Accept a DTE whose signature verifies only with the SII namespace declared on `<DTE>` (signed, then
   * embedded without it), as many suppliers' software does. On by default for received documents: the
   * signature still proves who wrote the content. The check's sentence says when it was needed.
   */
  tolerateDroppedNamespace?: boolean;
  /** Files larger than this are not read (EstadoRecepEnv 91). Default 32 MiB. */
  maxBytes?: number;
}
