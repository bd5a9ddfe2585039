import type { X509Certificate } from 'node:crypto';
import type { SchemaValidator } from './schema-validator.ts';

/** The checks the verifier runs. */
export type CheckName =
  /** The file is well-formed XML with a DTE or EnvioDTE root and no DOCTYPE. */
  | 'parse'
  /** The whole file against DTE_v10.xsd or EnvioDTE_v10.xsd. */
  | 'schema'
  /** The EnvioDTE's XMLDSig signature over SetDTE. */
  | 'envelope-signature'
  /** The signature's X509Certificate holds the key that signed (equals the RSAKeyValue), so it names the signer. */
  | 'signature-certificate'
  /** A DTE's XMLDSig signature over Documento (or Exportaciones, Liquidacion), on the DTE taken alone. */
  | 'document-signature'
  /** The TED's FRMT over DD with the CAF's public key. */
  | 'ted-signature'
  /** The TED's DD agrees with the document and lies within its CAF. */
  | 'ted-data'
  /** The CAF's FRMA over DA with a trusted SII (or test authority) certificate. */
  | 'caf-signature'
  /** Totales and each MontoItem recomputed from Detalle and DscRcgGlobal. */
  | 'totals';

/** A verdict and the sentence that explains it. */
export interface Verdict {
  ok: boolean;
  detail: string;
}

/** One check on one subject, with a sentence saying what was checked and what was found. */
export interface Check {
  name: CheckName;
  /** What was checked: `EnvioDTE`, `DTE 33 folio 13`, `CAF 33 folios 1-20`. */
  subject: string;
  /** False when the check failed. A skipped check is ok (it found nothing wrong) and says why it was skipped. */
  ok: boolean;
  /** True when the check could not apply (a document type whose totals are not modelled, for example). */
  skipped?: boolean;
  detail: string;
}

/** What `verifyXml` found: every check it ran, and `ok` when none failed. */
export interface VerificationReport {
  /** The root of the file; `unknown` when it could not be parsed or is neither DTE nor EnvioDTE. */
  kind: 'DTE' | 'EnvioDTE' | 'unknown';
  ok: boolean;
  checks: Check[];
}

/** What the verifier trusts and uses. */
export interface VerifyOptions {
  /** Validates the file against the official schemas (src/schema/xsd-validator.ts in production). */
  schemaValidator: SchemaValidator;
  /**
   * Certificates whose keys may sign CAFs. Defaults to the SII's IDK 100 (certificación) and IDK 300
   * (producción); a local setup passes its test authority instead.
   */
  trustedCafCertificates?: readonly X509Certificate[];
  /**
   * Accept a DTE signature that verifies only once `xmlns="http://www.sii.cl/SiiDte"` is declared on a
   * `<DTE>` that does not declare it: the document was signed with the namespace and re-serialised
   * without it. Off by default, because the SII verifies each DTE taken alone as written. Turn it on
   * to read documents received from others, many of which arrive that way.
   */
  tolerateDroppedNamespace?: boolean;
}

/** Builds a check. */
export function check(name: CheckName, subject: string, ok: boolean, detail: string): Check {
  return { name, subject, ok, detail };
}

/** Builds a skipped check: nothing was found wrong because the check does not apply. */
export function skippedCheck(name: CheckName, subject: string, detail: string): Check {
  return { name, subject, ok: true, skipped: true, detail };
}

/** Builds the report from its checks. */
export function report(kind: VerificationReport['kind'], checks: Check[]): VerificationReport {
  return { kind, ok: checks.every((item) => item.ok), checks };
}
