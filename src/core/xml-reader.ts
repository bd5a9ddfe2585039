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
 * Parses XML that came from outside. A document type declaration is refused outright, so neither
 * external entities nor entity expansion can reach the parser; libxml2 is also told not to use the
 * network or substitute entities. The caller must dispose the document.
 */
export function parseUntrustedXml(text: string, what: string): XmlDocument {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new DteError('XML_INVALID', `${what} contains a document type declaration (DOCTYPE/ENTITY), which is refused.`);
  }
  try {
    return XmlDocument.fromString(withoutDeclaration(text), {
      option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE,
    });
  } catch (error) {
    const detail = error instanceof XmlParseError ? (error.details[0]?.message ?? error.message).trim() : String(error);
    throw new DteError('XML_INVALID', `${what} is not well-formed XML: ${detail}`);
  }
}

/** Removes whitespace between elements, the form in which the SII signs CAF `DA` and TED `DD`. */
export function compactXml(text: string): string {
  return text.replace(/>\s+</g, '><').trim();
}
