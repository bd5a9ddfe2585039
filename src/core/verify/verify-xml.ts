import type { XmlDocument, XmlElement } from 'libxml2-wasm';
import { documentContent, documentSubject, SII_NAMESPACE, verifyDocument } from './document.ts';
import { childElement, childElements, parseUntrustedXml } from './parse-xml.ts';
import { decodeRawXml, findElementSpans, maskNonMarkup } from './raw-xml.ts';
import type { RawXml } from './raw-xml.ts';
import { check, report } from './report.ts';
import type { Check, VerificationReport, VerifyOptions } from './report.ts';
import type { SchemaKind, SchemaValidator } from './schema-validator.ts';
import type { DocumentUnderCheck } from './document-under-check.ts';
import { signatureChild, verifyXmlSignature } from './xml-signature.ts';

/** At most this many schema errors are spelled out in a check's detail; the rest are counted. */
const LISTED_SCHEMA_ERRORS = 100;

/** A message without its final full stop, to be joined with others into one sentence. */
function withoutFinalStop(message: string): string {
  return message.replace(/\.+$/, '');
}

/** The `schema` check: the file against DTE_v10.xsd or EnvioDTE_v10.xsd, its errors listed with their lines. */
export function schemaCheck(bytes: Uint8Array, kind: SchemaKind, validator: SchemaValidator): Check {
  const schemaFile = kind === 'DTE' ? 'DTE_v10.xsd' : 'EnvioDTE_v10.xsd';
  const result = validator.validate(bytes, kind);
  if (result.valid) {
    return check('schema', kind, true, `The file is valid against ${schemaFile}.`);
  }
  const listed = result.errors
    .slice(0, LISTED_SCHEMA_ERRORS)
    .map((error) => withoutFinalStop(error.line === undefined ? error.message : `line ${error.line}: ${error.message}`));
  const more = result.errors.length > LISTED_SCHEMA_ERRORS ? `; and ${result.errors.length - LISTED_SCHEMA_ERRORS} more` : '';
  const count = result.errors.length === 1 ? '1 error' : `${result.errors.length} errors`;
  return check('schema', kind, false, `The file is not valid against ${schemaFile} (${count}): ${listed.join('; ')}${more}.`);
}

/** The EnvioDTE's signature over SetDTE, and whether its X509Certificate names the signer. */
export function envelopeSignatureChecks(document: XmlDocument, root: XmlElement): Check[] {
  const setDte = childElement(root, 'SetDTE');
  const signature = signatureChild(root);
  if (setDte === undefined) return [check('envelope-signature', 'EnvioDTE', false, 'The envelope has no SetDTE to be signed.')];
  if (signature === undefined) return [check('envelope-signature', 'EnvioDTE', false, 'The envelope has no Signature element after SetDTE.')];
  const verification = verifyXmlSignature(document, signature, { element: setDte, label: 'SetDTE' });
  const checks = [check('envelope-signature', 'EnvioDTE', verification.signature.ok, verification.signature.detail)];
  if (verification.certificate !== undefined) {
    checks.push(check('signature-certificate', 'EnvioDTE', verification.certificate.ok, verification.certificate.detail));
  }
  return checks;
}

/** Pairs the parsed DTE elements with their spans in the raw text; a check explains any disagreement. */
export function documentsUnderCheck(raw: RawXml, dteElements: XmlElement[]): DocumentUnderCheck[] | Check {
  const masked = maskNonMarkup(raw.text);
  const spans = findElementSpans(masked, 'DTE');
  if (spans.length !== dteElements.length) {
    return check('parse', 'file', false, `The parser sees ${dteElements.length} DTE elements but the text holds ${spans.length} <DTE> tags, so the documents cannot be taken out byte for byte.`);
  }
  return dteElements.map((element, index) => {
    const content = documentContent(element);
    return { subject: documentSubject(content), raw, masked, span: spans[index]!, content };
  });
}

function parseCheck(kind: SchemaKind, root: XmlElement, raw: RawXml, documentCount: number): Check {
  const namespace = root.namespaceUri === '' ? 'no namespace' : `namespace ${root.namespaceUri}`;
  const note = root.namespaceUri === SII_NAMESPACE ? '' : ` (the SII's is ${SII_NAMESPACE})`;
  const documents = kind === 'EnvioDTE' ? ` holding ${documentCount} DTE${documentCount === 1 ? '' : 's'}` : '';
  return check('parse', kind, true, `Well-formed ${raw.encoding} XML with root ${kind} in ${namespace}${note}${documents}.`);
}

/**
 * Verifies a DTE or an EnvioDTE as the SII would: the schema, the envelope's signature over SetDTE,
 * and for each DTE its signature taken alone, its TED, its CAF and its totals. Every check is listed
 * with a sentence saying what was checked and found; `ok` is true when none failed. Never throws on
 * bad input: unreadable XML is reported as a failed `parse` check.
 */
export function verifyXml(bytes: Uint8Array, options: VerifyOptions): VerificationReport {
  const raw = decodeRawXml(bytes);
  if ('error' in raw) return report('unknown', [check('parse', 'file', false, raw.error)]);
  const parsed = parseUntrustedXml(bytes, raw.declared ? undefined : raw.encoding);
  if (!parsed.ok) {
    const errors = parsed.errors.map((error) => withoutFinalStop(error.line === undefined ? error.message : `line ${error.line}: ${error.message}`));
    return report('unknown', [check('parse', 'file', false, `The file cannot be parsed: ${errors.join('; ')}.`)]);
  }
  const document = parsed.document;
  try {
    const root = document.root;
    if (root.name !== 'DTE' && root.name !== 'EnvioDTE') {
      return report('unknown', [check('parse', 'file', false, `The root element is <${root.name}>; a DTE or an EnvioDTE was expected.`)]);
    }
    const kind: SchemaKind = root.name;
    const dteElements = kind === 'DTE' ? [root] : childElements(childElement(root, 'SetDTE') ?? root, 'DTE');
    const documents = documentsUnderCheck(raw, dteElements);
    if (!Array.isArray(documents)) return report(kind, [documents]);
    const checks: Check[] = [parseCheck(kind, root, raw, dteElements.length), schemaCheck(bytes, kind, options.schemaValidator)];
    if (kind === 'EnvioDTE') checks.push(...envelopeSignatureChecks(document, root));
    checks.push(...documents.flatMap((item) => verifyDocument(item, options)));
    return report(kind, checks);
  } finally {
    document.dispose();
  }
}
