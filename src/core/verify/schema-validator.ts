/**
 * The port through which core checks a document against the SII's official XML schemas. The adapter
 * (src/schema/xsd-validator.ts) compiles the schemas once and keeps them; the issuer calls it for every
 * document it issues and the verifier for every file it reads, so an implementation must not recompile
 * per call.
 */
import type { EnvelopeKind } from '../document-kinds/index.ts';

/**
 * The roots the official schemas describe: a single document (DTE_v10.xsd) or an envelope of the
 * kinds' envelope (EnvioDTE_v10.xsd, EnvioBOLETA_v11.xsd).
 */
export type SchemaKind = 'DTE' | EnvelopeKind;

/** One schema (or well-formedness) error, with the line of the input where libxml2 found it. */
export interface SchemaError {
  /** 1-based line in the validated bytes, when known. */
  line?: number;
  /** The validator's message, one line. */
  message: string;
}

/** The outcome of one validation: every error found, not only the first. */
export interface SchemaReport {
  valid: boolean;
  errors: SchemaError[];
}

/** Validates serialized XML against the official schema of `kind`. Never throws on bad input. */
export interface SchemaValidator {
  /**
   * Parses `xml` (bytes as written, the XML declaration decides the encoding) and validates it.
   * Input carrying a DOCTYPE is refused, since untrusted XML must not load DTDs or external entities.
   */
  validate(xml: Uint8Array, kind: SchemaKind): SchemaReport;
}
