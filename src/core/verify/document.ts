import type { XmlElement } from 'libxml2-wasm';
import { cafSignatureInput, verifyCafSignature } from './caf.ts';
import { childElement, parseUntrustedXml, textAt } from './parse-xml.ts';
import { declaresDefaultNamespace, spanText, standaloneDocument } from './raw-xml.ts';
import type { RawEncoding } from './raw-xml.ts';
import { check, skippedCheck } from './report.ts';
import type { Check, Verdict, VerifyOptions } from './report.ts';
import { siiCafCertificates } from './sii-certificates.ts';
import { innerSpan } from './document-under-check.ts';
import type { DocumentUnderCheck } from './document-under-check.ts';
import { verifyTedData, verifyTedSignature } from './ted.ts';
import { verifyTotals } from './totals.ts';
import { signatureChild, verifyXmlSignature } from './xml-signature.ts';
import { SII_NAMESPACE } from '../xml-namespaces.ts';
import type { SignatureVerification } from './xml-signature.ts';

/** The SII's namespace, in which DTE, EnvioDTE and all their elements are defined. */
export { SII_NAMESPACE } from '../xml-namespaces.ts';

/** The children of DTE that carry a document: an ordinary one, an export, or a liquidación. */
const CONTENT_NAMES = ['Documento', 'Exportaciones', 'Liquidacion'];

/** The Documento, Exportaciones or Liquidacion child of a DTE element. */
export function documentContent(dte: XmlElement): XmlElement | undefined {
  for (const name of CONTENT_NAMES) {
    const element = childElement(dte, name);
    if (element !== undefined) return element;
  }
  return undefined;
}

/** `DTE 33 folio 13`, from the document's IdDoc. */
export function documentSubject(content: XmlElement | undefined): string {
  const tipo = textAt(content, 'Encabezado', 'IdDoc', 'TipoDTE') ?? '?';
  const folio = textAt(content, 'Encabezado', 'IdDoc', 'Folio') ?? '?';
  return `DTE ${tipo} folio ${folio}`;
}

/** The sentence made to follow a colon: a leading "The" loses its capital, element names keep theirs. */
function lowerFirst(sentence: string): string {
  return sentence.replace(/^The /, 'the ');
}

/** Verifies the signature of a DTE given as its own document's bytes. */
function verifyStandalone(bytes: Uint8Array): SignatureVerification {
  const parsed = parseUntrustedXml(bytes);
  if (!parsed.ok) {
    return { signature: { ok: false, detail: `The DTE taken alone is not well-formed: ${parsed.errors.map((error) => error.message).join('; ')}.` } };
  }
  try {
    const root = parsed.document.root;
    const content = documentContent(root);
    const signature = signatureChild(root);
    if (content === undefined) return { signature: { ok: false, detail: 'The DTE has no Documento, Exportaciones or Liquidacion to be signed.' } };
    if (signature === undefined) return { signature: { ok: false, detail: 'The DTE has no Signature element.' } };
    return verifyXmlSignature(parsed.document, signature, { element: content, label: content.name });
  } finally {
    parsed.document.dispose();
  }
}

/**
 * Verifies a DTE's signature on the DTE taken alone, exactly as written (the SII checks each DTE as a
 * document of its own, so nothing of an envelope leaks into its canonical form). When that fails and
 * `<DTE>` declares no default namespace, it tries again with the SII namespace declared, to explain
 * the failure: such a DTE was signed with the namespace and re-serialised without it.
 */
export function verifyDocumentSignature(elementText: string, encoding: RawEncoding, tolerateDroppedNamespace: boolean): SignatureVerification {
  const asWritten = verifyStandalone(standaloneDocument(elementText, encoding));
  const certificate = asWritten.certificate;
  const startTag = elementText.slice(0, elementText.indexOf('>') + 1);
  const prefix = 'On the DTE taken alone as written';
  if (declaresDefaultNamespace(startTag)) {
    return { signature: { ok: asWritten.signature.ok, detail: `${prefix}: ${lowerFirst(asWritten.signature.detail)}` }, certificate };
  }
  if (asWritten.signature.ok) {
    return { signature: { ok: true, detail: `${prefix}, which declares no namespace (it was signed without one): ${lowerFirst(asWritten.signature.detail)}` }, certificate };
  }
  const withNamespace = verifyStandalone(standaloneDocument(elementText, encoding, SII_NAMESPACE)).signature;
  if (!withNamespace.ok) {
    return { signature: { ok: false, detail: `${prefix}: ${lowerFirst(asWritten.signature.detail)}` }, certificate };
  }
  const explanation =
    `Its <DTE> declares no namespace and, taken alone as written, the signature fails (${lowerFirst(asWritten.signature.detail).replace(/\.$/, '')}); ` +
    `with xmlns="${SII_NAMESPACE}" declared on <DTE> it verifies: ${lowerFirst(withNamespace.detail)} ` +
    'The DTE was signed in the SII namespace and then re-serialised without declaring it';
  const signature: Verdict = tolerateDroppedNamespace
    ? { ok: true, detail: `${explanation}; accepted because dropped namespaces are tolerated.` }
    : { ok: false, detail: `${explanation}, which the SII rejects when it checks the DTE alone (DTE-3-505).` };
  return { signature, certificate };
}

/**
 * Runs every per-document check on one DTE: its signature taken alone, the TED's signature and data,
 * the CAF's signature, and the totals.
 */
export function verifyDocument(document: DocumentUnderCheck, options: VerifyOptions): Check[] {
  const { subject } = document;
  const checks: Check[] = [];
  const signature = verifyDocumentSignature(spanText(document.raw, document.span), document.raw.encoding, options.tolerateDroppedNamespace ?? false);
  checks.push(check('document-signature', subject, signature.signature.ok, signature.signature.detail));
  if (signature.certificate !== undefined) {
    checks.push(check('signature-certificate', subject, signature.certificate.ok, signature.certificate.detail));
  }

  const tedSignature = verifyTedSignature(document);
  checks.push(check('ted-signature', subject, tedSignature.ok, tedSignature.detail));
  const tedData = verifyTedData(document);
  checks.push(check('ted-data', subject, tedData.ok, tedData.detail));

  const tedSpan = innerSpan(document, document.span, 'TED');
  const ddSpan = tedSpan === undefined ? undefined : innerSpan(document, tedSpan, 'DD');
  const cafInput =
    ddSpan === undefined ? undefined : cafSignatureInput(document.raw.text, document.masked, document.raw.encoding, ddSpan.startTagEnd, ddSpan.endTagStart);
  if (cafInput === undefined) {
    checks.push(check('caf-signature', subject, false, 'The TED carries no CAF with a DA element, so the folio authorisation cannot be checked.'));
  } else {
    const caf = verifyCafSignature(cafInput, options.trustedCafCertificates ?? siiCafCertificates());
    checks.push(check('caf-signature', subject, caf.ok, caf.detail));
  }

  const totals = verifyTotals(document.content);
  checks.push(totals.skipped === true ? skippedCheck('totals', subject, totals.detail) : check('totals', subject, totals.ok, totals.detail));
  return checks;
}
