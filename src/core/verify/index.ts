/**
 * The verifier: checks DTEs and EnvioDTE envelopes the way the SII does, independently of the code
 * that issues them. It is pure (libxml2-wasm and node:crypto only); the schema validator arrives as a
 * port.
 */
export { verifyXml } from './verify-xml.ts';
export { verifyCaf, verifyCafSignature } from './caf.ts';
export { verifyDocumentSignature, SII_NAMESPACE } from './document.ts';
export { siiCafCertificates, describeTrustedCertificate } from './sii-certificates.ts';
export { extractDocuments } from './extract-documents.ts';
export type { ExtractedDocument } from './extract-documents.ts';
export type { Check, CheckName, Verdict, VerificationReport, VerifyOptions } from './report.ts';
export type { SignatureVerification } from './xml-signature.ts';
export type { SchemaError, SchemaKind, SchemaReport, SchemaValidator } from './schema-validator.ts';
