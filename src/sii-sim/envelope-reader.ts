import type { XmlDocument, XmlElement } from 'libxml2-wasm';
import { documentContent, documentSubject } from '../core/verify/document.ts';
import type { DocumentUnderCheck } from '../core/verify/document-under-check.ts';
import { childElement, childElements, parseUntrustedXml, textAt } from '../core/verify/parse-xml.ts';
import { decodeRawXml, findElementSpans, maskNonMarkup, type RawXml } from '../core/verify/raw-xml.ts';
import type { SchemaValidator } from '../core/verify/schema-validator.ts';
import { signatureChild } from '../core/verify/xml-signature.ts';
import { siiSchemaErrorLines, type SchemaErrorWording, type ValueLookup } from './schema-error-wording.ts';

/**
 * Reads a received EnvioDTE into what the simulator's checks need: the parsed tree for fields, the
 * raw text for the parts the SII verifies as written (each DTE alone, TED's DD, CAF's DA), the
 * Caratula and the envelope's Signature. It uses the verifier's XML helpers (src/core/verify), which
 * share nothing with the issuer.
 */

/** The Caratula's fields (EnvioDTE_v10.xsd, SetDTE/Caratula). */
export interface Caratula {
  RutEmisor?: string;
  RutEnvia?: string;
  RutReceptor?: string;
  FchResol?: string;
  NroResol?: string;
  SubTotDTE: Array<{ TpoDTE: number; NroDTE: number }>;
}

/** A parsed envelope; call `dispose` when done. */
export interface ReceivedEnvelope {
  document: XmlDocument;
  root: XmlElement;
  raw: RawXml;
  setDte: XmlElement | undefined;
  signature: XmlElement | undefined;
  caratula: Caratula;
  documents: DocumentUnderCheck[];
  dispose(): void;
}

/** Why a file could not be read as an envelope, in lines for a DETAIL or an error. */
export type EnvelopeReading = { ok: true; envelope: ReceivedEnvelope } | { ok: false, problems: string[] };

function readCaratula(setDte: XmlElement | undefined): Caratula {
  const caratula = childElement(setDte, 'Caratula');
  const field = (name: string): string | undefined => textAt(caratula, name);
  return {
    RutEmisor: field('RutEmisor'),
    RutEnvia: field('RutEnvia'),
    RutReceptor: field('RutReceptor'),
    FchResol: field('FchResol'),
    NroResol: field('NroResol'),
    SubTotDTE: caratula === undefined ? [] : childElements(caratula, 'SubTotDTE').map((entry) => ({
      TpoDTE: Number(textAt(entry, 'TpoDTE')),
      NroDTE: Number(textAt(entry, 'NroDTE')),
    })),
  };
}

/** Parses `bytes` as an EnvioDTE; anything else is reported, never thrown. */
export function readEnvelope(bytes: Uint8Array): EnvelopeReading {
  const raw = decodeRawXml(bytes);
  if ('error' in raw) return { ok: false, problems: [raw.error] };
  const parsed = parseUntrustedXml(bytes, raw.declared ? undefined : raw.encoding);
  if (!parsed.ok) {
    return { ok: false, problems: parsed.errors.map((error) => (error.line === undefined ? error.message : `line ${error.line}: ${error.message}`)) };
  }
  const document = parsed.document;
  const root = document.root;
  if (root.name !== 'EnvioDTE') {
    document.dispose();
    return { ok: false, problems: [`The root element is <${root.name}>; DTEUpload takes an EnvioDTE.`] };
  }
  const setDte = childElement(root, 'SetDTE');
  const elements = setDte === undefined ? [] : childElements(setDte, 'DTE');
  const masked = maskNonMarkup(raw.text);
  const spans = findElementSpans(masked, 'DTE');
  if (spans.length !== elements.length) {
    document.dispose();
    return { ok: false, problems: [`The parser sees ${elements.length} DTE elements but the text holds ${spans.length} <DTE> tags.`] };
  }
  const documents = elements.map((element, index): DocumentUnderCheck => {
    const content = documentContent(element);
    return { subject: documentSubject(content), raw, masked, span: spans[index]!, content };
  });
  return {
    ok: true,
    envelope: {
      document,
      root,
      raw,
      setDte,
      signature: signatureChild(root),
      caratula: readCaratula(setDte),
      documents,
      dispose: () => document.dispose(),
    },
  };
}

/** At most this many schema errors are reported for one file, as the SII's DETAIL lists a few. */
const LISTED_SCHEMA_ERRORS = 20;

/**
 * The file's errors against EnvioDTE_v10.xsd (which includes DTE_v10.xsd), worded as the SII words
 * them (schema-error-wording.ts); empty when valid.
 */
export function schemaProblems(bytes: Uint8Array, validator: SchemaValidator, wording: SchemaErrorWording = 'live'): string[] {
  const report = validator.validate(bytes, 'EnvioDTE');
  if (report.valid) return [];
  let lines: string[] | undefined;
  const valueAt: ValueLookup = (line, element) => {
    if (line === undefined) return undefined;
    lines ??= Buffer.from(bytes).toString('latin1').split('\n');
    const text = lines[line - 1] ?? '';
    return new RegExp(`<${element}(?:\\s[^>]*)?>([^<]*)</${element}>`).exec(text)?.[1];
  };
  const all = report.errors.flatMap((error) => siiSchemaErrorLines(error, wording, valueAt));
  const more = all.length > LISTED_SCHEMA_ERRORS ? [`and ${all.length - LISTED_SCHEMA_ERRORS} more`] : [];
  return [...all.slice(0, LISTED_SCHEMA_ERRORS), ...more];
}
