import { ParseOption, XmlDocument, XmlParseError } from 'libxml2-wasm';
import { DteError } from './errors.ts';

/**
 * Decodes XML bytes as the SII's files need: by the encoding of the declaration when it names one,
 * otherwise as UTF-8 when the bytes are valid UTF-8 and as ISO-8859-1 when they are not (CAFs come
 * from the SII in ISO-8859-1 with a bare `<?xml version="1.0"?>`).
 */
export function decodeXml(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  if (declared !== undefined && /^(iso-?8859-1|latin-?1|windows-1252|cp1252)$/.test(declared)) {
    return Buffer.from(bytes).toString('latin1');
  }
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (declared === undefined && utf8.includes('\uFFFD')) return Buffer.from(bytes).toString('latin1');
  return utf8.charCodeAt(0) === 0xfeff ? utf8.slice(1) : utf8;
}

/** Removes the XML declaration so that decoded text can be parsed or embedded as it stands. */
export function withoutDeclaration(text: string): string {
  return text.replace(/^\uFEFF?\s*<\?xml[^>]*\?>\s*/, '');
}

/**
 * The one policy for XML that comes from outside (an SII answer, a CAF, a received envelope, a file
 * given to the CLI). Before any parser sees it, a document type or entity declaration is refused, so
 * neither external entities nor entity expansion can reach libxml2; so are UTF-16 and UTF-32 bytes,
 * which the SII never sends and which would hide a DOCTYPE from a byte search. libxml2 is then told
 * not to use the network nor load external entities (and to count lines past 65535, so errors in
 * large envelopes point at the right line), and a DTD it still finds is refused.
 */
export const UNTRUSTED_PARSE_OPTIONS =
  ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_BIG_LINES;

/** Declarations refused in untrusted XML, in any case: `<!DOCTYPE` and `<!ENTITY` (ASCII, so found in every encoding the SII allows). */
const DECLARATION = /<!(DOCTYPE|ENTITY)/i;

/** Why untrusted XML is refused before parsing (the policy above), or undefined when it may be parsed. */
export function untrustedXmlRefusal(input: Uint8Array | string): string | undefined {
  if (input.length === 0) return 'The input is empty.';
  if (typeof input !== 'string' && isWideEncoding(input)) return 'The input is UTF-16 or UTF-32; only ISO-8859-1, windows-1252 or UTF-8 XML is accepted.';
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
  return DECLARATION.test(text) ? 'The input contains a DOCTYPE declaration; DTDs and entities are refused in untrusted XML.' : undefined;
}

/** Why a parsed document is refused after all: it declares a DTD. */
export function parsedXmlRefusal(document: XmlDocument): string | undefined {
  return document.dtd === null ? undefined : 'The input declares a DTD, which is refused in untrusted XML.';
}

/** Whether the bytes look like UTF-16 or UTF-32. */
function isWideEncoding(bytes: Uint8Array): boolean {
  const [first, second] = [bytes[0], bytes[1]];
  return (first === 0xfe && second === 0xff) || (first === 0xff && second === 0xfe) || first === 0x00 || second === 0x00;
}

/**
 * Parses decoded XML that came from outside, by the policy above, throwing an XML_INVALID DteError
 * that names `what`. The caller must dispose the document. (Bytes are parsed by parseUntrustedXml
 * of core/verify/parse-xml.ts, which reports instead of throwing.)
 */
export function parseUntrustedXml(text: string, what: string): XmlDocument {
  const refusal = untrustedXmlRefusal(text);
  if (refusal !== undefined) throw new DteError('XML_INVALID', `${what} is refused: ${lowerFirst(refusal)}`);
  let document: XmlDocument;
  try {
    document = XmlDocument.fromString(withoutDeclaration(text), { option: UNTRUSTED_PARSE_OPTIONS });
  } catch (error) {
    const detail = error instanceof XmlParseError ? (error.details[0]?.message ?? error.message).trim() : String(error);
    throw new DteError('XML_INVALID', `${what} is not well-formed XML: ${detail}`);
  }
  const declared = parsedXmlRefusal(document);
  if (declared === undefined) return document;
  document.dispose();
  throw new DteError('XML_INVALID', `${what} is refused: ${lowerFirst(declared)}`);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Removes whitespace between elements, the form in which the SII signs CAF `DA` and TED `DD`. */
export function compactXml(text: string): string {
  return text.replace(/>\s+</g, '><').trim();
}
