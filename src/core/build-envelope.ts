import type { SigningCertificate } from './certificate.ts';
import { documentKind, type EnvelopeKind } from './document-kinds/index.ts';
import { DteError } from './errors.ts';
import { formatSiiDateTime } from './sii-time.ts';
import { canonicalInContext, type NamespaceScope } from './canonical-embedding.ts';
import { signCanonicalElement } from './xml-signature.ts';
import { decodeXml, parseUntrustedXml, withoutDeclaration } from './xml-reader.ts';
import { SII_NAMESPACE, XSI_NAMESPACE } from './xml-namespaces.ts';
import { element, encodeLatin1, textElement, XML_DECLARATION } from './xml-writer.ts';

/** The SII's receiving RUT, the Caratula's RutReceptor when a set is sent to the SII. */
export const SII_RUT = '60803000-K';

/** EnvioDTE_v10.xsd: at most 2,000 documents per envelope. */
export const MAX_DOCUMENTS_PER_ENVELOPE = 2000;

/** The envelopes: their schema and how many documents each holds (Formato Boletas §2: 500 boletas per envelope). */
const ENVELOPES = {
  EnvioDTE: { schema: 'EnvioDTE_v10.xsd', maximum: MAX_DOCUMENTS_PER_ENVELOPE },
  EnvioBOLETA: { schema: 'EnvioBOLETA_v11.xsd', maximum: 500 },
} as const satisfies Record<EnvelopeKind, { schema: string; maximum: number }>;

export interface EnvelopeOptions {
  /** Signed DTE files, each placed in the envelope unchanged. */
  documents: ReadonlyArray<Uint8Array>;
  certificate: SigningCertificate;
  /** The issuer; by default the RUTEmisor of the documents, which must all agree. */
  RutEmisor?: string;
  /** 60803000-K (the SII) by default; the customer's RUT when the set goes to the customer (CRT-3-18). */
  RutReceptor?: string;
  /** The company's authorisation: resolution date and number (CRT-3-19). */
  FchResol: string;
  NroResol: number;
  signedAt: Date;
  /**
   * How the SetDTE's digest is computed: `auto` (the default) concatenates canonical texts when every
   * DTE is in canonical form and parses otherwise; `parse` always canonicalises by parsing (the
   * benchmark compares the two).
   */
  canonicalization?: 'auto' | 'parse';
}

interface EmbeddedDocument {
  text: string;
  type: number;
  issuer: string;
  envelope: EnvelopeKind;
}

const SET_ID = 'SetDoc';

/**
 * Builds and signs an EnvioDTE. Each DTE is embedded byte for byte as it was signed (re-serialising
 * a signed DTE breaks it: DTE-3-505). The SetDTE digest is taken over its canonical form: when every
 * DTE is already in canonical form (the ones this service builds are), that form is a concatenation
 * of texts (canonical-embedding.ts); otherwise it is libxml2's C14N of the assembled set, so that DTEs
 * written by any tool canonicalise exactly as the SII will see them.
 */
export function buildEnvelope(options: EnvelopeOptions): Buffer {
  if (options.documents.length === 0) throw new DteError('VALIDATION_FAILED', 'An envelope needs at least one DTE.');
  const documents = options.documents.map((bytes, index) => embed(bytes, index));
  const kind = documents[0]!.envelope;
  if (documents.some((document) => document.envelope !== kind)) {
    throw new DteError('VALIDATION_FAILED', `Every DTE of an envelope must travel in the same envelope (${kind}); boletas and other DTEs go apart.`);
  }
  const { schema, maximum } = ENVELOPES[kind];
  if (options.documents.length > maximum) {
    throw new DteError('VALIDATION_FAILED', `An ${kind} holds at most ${maximum} DTEs; ${options.documents.length} were given.`);
  }
  const signerRut = options.certificate.signerRut;
  if (!signerRut) {
    throw new DteError('CERTIFICATE_INVALID', "The certificate's subject carries no RUT (serialNumber), so RutEnvia cannot be stated.");
  }
  const issuer = options.RutEmisor ?? documents[0]!.issuer;
  const strangers = documents.filter((document) => document.issuer !== issuer);
  if (strangers.length > 0) {
    throw new DteError('VALIDATION_FAILED', `Every DTE of an envelope must be issued by ${issuer}; ${strangers.length} are not.`);
  }
  const caratula = element(
    'Caratula',
    [
      textElement('RutEmisor', issuer),
      textElement('RutEnvia', signerRut),
      textElement('RutReceptor', options.RutReceptor ?? SII_RUT),
      textElement('FchResol', options.FchResol),
      textElement('NroResol', options.NroResol),
      textElement('TmstFirmaEnv', formatSiiDateTime(options.signedAt)),
      ...subtotals(documents),
    ],
    'version="1.0"',
  );
  const setDte = `<SetDTE ID="${SET_ID}">\n${caratula}\n${documents.map((document) => document.text).join('\n')}\n</SetDTE>`;
  const open = `<${kind} xmlns="${SII_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}" version="1.0" xsi:schemaLocation="${SII_NAMESPACE} ${schema}">`;
  const envelope = `${open}\n${setDte}\n</${kind}>`;
  const canonical = options.canonicalization === 'parse' ? undefined : concatenatedCanonicalSet(caratula, documents);
  const signature = signCanonicalElement(canonical ?? parsedCanonicalSet(envelope, kind), SET_ID, options.certificate, `xmlns:xsi="${XSI_NAMESPACE}"`);
  return encodeLatin1(`${XML_DECLARATION}\n${open}\n${setDte}\n${signature}\n</${kind}>\n`);
}

/** The namespaces in scope at SetDTE, which the EnvioDTE root declares. */
const SET_SCOPE: NamespaceScope = new Map([['', SII_NAMESPACE], ['xsi', XSI_NAMESPACE]]);

/**
 * The canonical SetDTE as a concatenation (DESIGN.md, "How fast"): its apex with the namespaces in
 * scope, the Caratula as written (canonical by construction), and each DTE in its canonical form in
 * place, read off its text. Undefined when a DTE is not in canonical form (not built by this service);
 * then the set is canonicalised by parsing it.
 */
function concatenatedCanonicalSet(caratula: string, documents: ReadonlyArray<EmbeddedDocument>): string | undefined {
  const canonicalDocuments: string[] = [];
  for (const document of documents) {
    const canonical = canonicalInContext(document.text, SET_SCOPE);
    if (canonical === undefined) return undefined;
    canonicalDocuments.push(canonical);
  }
  return `<SetDTE xmlns="${SII_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}" ID="${SET_ID}">\n${caratula}\n${canonicalDocuments.join('\n')}\n</SetDTE>`;
}

function embed(bytes: Uint8Array, index: number): EmbeddedDocument {
  const text = withoutDeclaration(decodeXml(bytes)).trim();
  const what = `DTE number ${index + 1}`;
  if (!/^<DTE[\s>]/.test(text)) throw new DteError('VALIDATION_FAILED', `${what} is not a <DTE> document.`);
  if (/[^\t\n\r\u0020-\u00ff]/.test(text)) throw new DteError('VALIDATION_FAILED', `${what} has characters that ISO-8859-1 cannot hold.`);
  const type = /<TipoDTE>\s*(\d+)\s*<\/TipoDTE>/.exec(text)?.[1];
  const issuer = /<RUTEmisor>\s*([\dkK-]+)\s*<\/RUTEmisor>/.exec(text)?.[1];
  if (type === undefined || issuer === undefined) throw new DteError('VALIDATION_FAILED', `${what} has no TipoDTE or RUTEmisor.`);
  if (!/<Signature[\s>]/.test(text)) throw new DteError('VALIDATION_FAILED', `${what} is not signed.`);
  const envelope = documentKind(Number(type))?.envelope ?? 'EnvioDTE';
  return { text, type: Number(type), issuer: issuer.toUpperCase(), envelope };
}

function subtotals(documents: ReadonlyArray<EmbeddedDocument>): string[] {
  const counts = new Map<number, number>();
  for (const document of documents) counts.set(document.type, (counts.get(document.type) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([left], [right]) => left - right)
    .map(([type, count]) => element('SubTotDTE', [textElement('TpoDTE', type), textElement('NroDTE', count)]));
}

/** The canonical SetDTE by libxml2's C14N of the parsed envelope: right for DTEs written by any tool. */
function parsedCanonicalSet(envelope: string, kind: EnvelopeKind): string {
  const document = parseUntrustedXml(envelope, 'The envelope');
  try {
    const set = document.get(`/sii:${kind}/sii:SetDTE`, { sii: SII_NAMESPACE });
    if (!set) throw new DteError('INTERNAL', 'The assembled envelope has no SetDTE.');
    return set.canonicalizeToString();
  } finally {
    document.dispose();
  }
}
