import { ParseOption, XmlDocument, XmlElement, XmlParseError } from 'libxml2-wasm';
import type { SchemaError } from './schema-validator.ts';

/**
 * Parser options for XML that comes from outside: no network, no external entities or DTDs, and line
 * numbers past 65535 so that errors in large envelopes still point at the right line.
 */
export const UNTRUSTED_PARSE_OPTIONS =
  ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_BIG_LINES;

/** A parsed document, or the reasons it could not be parsed. The caller disposes the document. */
export type ParsedXml = { ok: true; document: XmlDocument } | { ok: false; errors: SchemaError[] };

const DOCTYPE = Buffer.from('<!DOCTYPE', 'latin1');

/** Whether the bytes contain `<!DOCTYPE` (ASCII, so found in every encoding the SII allows). */
export function containsDoctype(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(DOCTYPE);
}

/** Whether the bytes look like UTF-16 or UTF-32, which would hide a DOCTYPE from the byte search. */
function isWideEncoding(bytes: Uint8Array): boolean {
  const [first, second] = [bytes[0], bytes[1]];
  return (first === 0xfe && second === 0xff) || (first === 0xff && second === 0xfe) || first === 0x00 || second === 0x00;
}

/**
 * Parses XML that may be hostile. Input with a DOCTYPE is refused before libxml2 sees it (no DTD, no
 * entity expansion); UTF-16 and UTF-32 are refused because the SII only accepts single-byte or UTF-8
 * files and the DOCTYPE search relies on ASCII bytes. `encoding` overrides a missing declaration.
 */
export function parseUntrustedXml(bytes: Uint8Array, encoding?: string): ParsedXml {
  if (bytes.byteLength === 0) {
    return { ok: false, errors: [{ message: 'The input is empty.' }] };
  }
  if (isWideEncoding(bytes)) {
    return { ok: false, errors: [{ message: 'The input is UTF-16 or UTF-32; only ISO-8859-1, windows-1252 or UTF-8 XML is accepted.' }] };
  }
  if (containsDoctype(bytes)) {
    return {
      ok: false,
      errors: [{ message: 'The input contains a DOCTYPE declaration; DTDs and entities are refused in untrusted XML.' }],
    };
  }
  let document: XmlDocument;
  try {
    document = XmlDocument.fromBuffer(bytes, encoding === undefined ? { option: UNTRUSTED_PARSE_OPTIONS } : { option: UNTRUSTED_PARSE_OPTIONS, encoding });
  } catch (error) {
    if (error instanceof XmlParseError) {
      const errors = error.details.map((detail) => ({ line: detail.line, message: detail.message.trim() }));
      return { ok: false, errors: errors.length > 0 ? errors : [{ message: error.message.trim() }] };
    }
    throw error;
  }
  if (document.dtd !== null) {
    document.dispose();
    return { ok: false, errors: [{ message: 'The input declares a DTD, which is refused in untrusted XML.' }] };
  }
  return { ok: true, document };
}

/** The child elements of `parent` whose local name is `localName`, whatever their namespace. */
export function childElements(parent: XmlElement, localName: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (let node = parent.firstChild; node !== null; node = node.next) {
    if (node instanceof XmlElement && node.name === localName) {
      found.push(node);
    }
  }
  return found;
}

/** The first child element of `parent` named `localName`, or undefined. */
export function childElement(parent: XmlElement | undefined, localName: string): XmlElement | undefined {
  if (parent === undefined) {
    return undefined;
  }
  for (let node = parent.firstChild; node !== null; node = node.next) {
    if (node instanceof XmlElement && node.name === localName) {
      return node;
    }
  }
  return undefined;
}

/** Follows a path of local names from `parent`, taking the first match at each step. */
export function descendantElement(parent: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let current = parent;
  for (const localName of path) {
    current = childElement(current, localName);
  }
  return current;
}

/** The trimmed text of the element at `path` below `parent`, or undefined when it is absent. */
export function textAt(parent: XmlElement | undefined, ...path: string[]): string | undefined {
  const element = descendantElement(parent, ...path);
  return element === undefined ? undefined : element.content.trim();
}
