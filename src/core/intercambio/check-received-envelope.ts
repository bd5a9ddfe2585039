import { createHash } from 'node:crypto';
import type { XmlDocument } from 'libxml2-wasm';
import { parseRut } from '../rut.ts';
import { childElement, childElements, parseUntrustedXml } from '../verify/parse-xml.ts';
import { decodeRawXml } from '../verify/raw-xml.ts';
import type { RawXml } from '../verify/raw-xml.ts';
import type { VerifyOptions } from '../verify/report.ts';
import { documentsUnderCheck, envelopeSignatureChecks, schemaCheck } from '../verify/verify-xml.ts';
import { checkReceivedDocument } from './check-received-document.ts';
import { readEnvelopeFacts, sniffIssuer } from './envelope-facts.ts';
import type { EnvelopeFacts } from './envelope-facts.ts';
import { envelopeStatus } from './reception-codes.ts';
import type { EnvelopeReceptionCode, ReceptionStatus } from './reception-codes.ts';
import { DEFAULT_MAX_ENVELOPE_BYTES } from './received-envelope.ts';
import type { ReceivedDocument, ReceivedEnvelopeCheck, ReceptionCheck, ReceptionCheckOptions } from './received-envelope.ts';

/** Envelope checks whose failure rejects the envelope, in the order the code is chosen (the manual's 91, 1, 2, 3). */
const ENVELOPE_REFUSALS: ReadonlyArray<{ names: ReadonlyArray<ReceptionCheck['name']>; code: EnvelopeReceptionCode }> = [
  { names: ['size', 'parse'], code: 91 },
  { names: ['schema'], code: 1 },
  { names: ['envelope-signature', 'signature-certificate'], code: 2 },
  { names: ['receiver'], code: 3 },
  { names: ['repeat'], code: 90 },
];

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The envelope's state: the first refusal a failed check triggers, else received. */
export function envelopeStatusFrom(checks: ReadonlyArray<ReceptionCheck>): ReceptionStatus<EnvelopeReceptionCode> {
  for (const refusal of ENVELOPE_REFUSALS) {
    const failed = checks.filter((item) => !item.ok && refusal.names.includes(item.name));
    if (failed.length > 0) return envelopeStatus(refusal.code, failed.map((item) => item.detail).join(' '));
  }
  return envelopeStatus(0, 'Every receiver check on the envelope passed.');
}

function unreadable(bytes: Uint8Array, name: 'size' | 'parse', detail: string): ReceivedEnvelopeCheck {
  const checks: ReceptionCheck[] = [{ name, subject: 'file', ok: false, detail }];
  return { status: envelopeStatusFrom(checks), fileSha256: sha256(bytes), envelope: undefined, issuerHint: sniffIssuer(bytes), documents: [], checks };
}

function receiverCheck(envelope: EnvelopeFacts, companies: ReadonlySet<string>): ReceptionCheck {
  const receiver = envelope.RutReceptor === undefined ? undefined : parseRut(envelope.RutReceptor)?.canonical;
  const ours = [...companies].join(', ') || 'none';
  if (receiver === undefined || !companies.has(receiver)) {
    return { name: 'receiver', subject: 'EnvioDTE', ok: false, detail: `The Caratula's RutReceptor ${envelope.RutReceptor ?? '(missing)'} is none of our companies (${ours}).` };
  }
  return { name: 'receiver', subject: 'EnvioDTE', ok: true, detail: `The Caratula's RutReceptor ${receiver} is one of our companies.` };
}

/** Every check of a parsed file whose root is EnvioDTE, and its documents. */
function checkParsed(bytes: Uint8Array, raw: RawXml, document: XmlDocument, options: ReceptionCheckOptions): ReceivedEnvelopeCheck {
  const root = document.root;
  const base = { fileSha256: sha256(bytes), issuerHint: undefined };
  if (root.name !== 'EnvioDTE') {
    const checks: ReceptionCheck[] = [{ name: 'schema', subject: 'file', ok: false, detail: `The root element is <${root.name}>; an EnvioDTE was expected.` }];
    return { ...base, status: envelopeStatusFrom(checks), envelope: undefined, documents: [], checks };
  }
  const envelope = readEnvelopeFacts(root);
  const underCheck = documentsUnderCheck(raw, childElements(childElement(root, 'SetDTE') ?? root, 'DTE'));
  if (!Array.isArray(underCheck)) {
    return { ...base, status: envelopeStatusFrom([underCheck]), envelope, documents: [], checks: [underCheck] };
  }
  const companies = new Set(options.companyRuts.flatMap((rut) => parseRut(rut)?.canonical ?? []));
  const checks: ReceptionCheck[] = [
    { name: 'parse', subject: 'EnvioDTE', ok: true, detail: `Well-formed ${raw.encoding} XML, an EnvioDTE holding ${underCheck.length} DTE${underCheck.length === 1 ? '' : 's'}.` },
    schemaCheck(bytes, 'EnvioDTE', options.schemaValidator),
    ...envelopeSignatureChecks(document, root),
    receiverCheck(envelope, companies),
  ];
  const verifyOptions: VerifyOptions = {
    schemaValidator: options.schemaValidator,
    tolerateDroppedNamespace: options.tolerateDroppedNamespace ?? true,
    ...(options.trustedCafCertificates === undefined ? {} : { trustedCafCertificates: options.trustedCafCertificates }),
  };
  const earlier = new Set<string>();
  const documents: ReceivedDocument[] = underCheck.map((item, index) => {
    const received = checkReceivedDocument(item, index + 1, { envelope, companies, verifyOptions, earlier });
    if (received.key !== undefined) earlier.add(received.key);
    return received;
  });
  return { ...base, status: envelopeStatusFrom(checks), envelope, documents, checks };
}

/**
 * Checks an EnvioDTE received from a supplier as the SII's manual says a receiver must, and says what
 * to answer: the envelope's EstadoRecepEnv and each document's EstadoRecepDTE with the manual's
 * glosas. In order: the size (at most `maxBytes` are read), the encoding and well-formedness under
 * the project's hostile-input policy (no DOCTYPE, so no DTD, external entity or entity expansion;
 * libxml2's limits of 256 levels of nesting and 10 MB per text node), the schema, the envelope's
 * signature and certificate, and the Caratula's RutReceptor against our companies; then, for each
 * DTE, its signature taken alone, TED, CAF, issuer and receiver, and repeats within the envelope.
 * Repeats of earlier envelopes and documents need the record: see markRepeats.
 *
 * Pure and total: whatever the bytes hold, it returns a verdict and never throws.
 */
export function checkReceivedEnvelope(bytes: Uint8Array, options: ReceptionCheckOptions): ReceivedEnvelopeCheck {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ENVELOPE_BYTES;
  if (bytes.byteLength > maxBytes) {
    return unreadable(bytes, 'size', `The file is ${bytes.byteLength} bytes; files over ${maxBytes} bytes are not read.`);
  }
  const raw = decodeRawXml(bytes);
  if ('error' in raw) return unreadable(bytes, 'parse', raw.error);
  const parsed = parseUntrustedXml(bytes, raw.declared ? undefined : raw.encoding);
  if (!parsed.ok) {
    const errors = parsed.errors.slice(0, 5).map((error) => (error.line === undefined ? error.message : `line ${error.line}: ${error.message}`).replace(/\.+$/, ''));
    return unreadable(bytes, 'parse', `The file cannot be read as XML: ${errors.join('; ')}.`);
  }
  try {
    return checkParsed(bytes, raw, parsed.document, options);
  } catch (error) {
    // A bug of ours or libxml2's on some input must not become the supplier's crash of our worker.
    return unreadable(bytes, 'parse', `The file could not be checked: ${error instanceof Error ? error.message : String(error)}.`);
  } finally {
    parsed.document.dispose();
  }
}
