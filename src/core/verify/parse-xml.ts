import { XmlDocument, XmlElement, XmlParseError } from 'libxml2-wasm';
import { parsedXmlRefusal, UNTRUSTED_PARSE_OPTIONS, untrustedXmlRefusal } from '../xml-reader.ts';
import type { SchemaError } from './schema-validator.ts';

/** A parsed document, or the reasons it could not be parsed. The caller disposes the document. */
export type ParsedXml = { ok: true; document: XmlDocument } | { ok: false; errors: SchemaError[] };

/**
 * Parses XML bytes that may be hostile, by the one policy of core/xml-reader.ts (no DOCTYPE or
 * entities, no UTF-16 or UTF-32, no network, no external entities, no DTD), reporting instead of
 * throwing. `encoding` overrides a missing declaration.
 */
export function parseUntrustedXml(bytes: Uint8Array, encoding?: string): ParsedXml {
  const refusal = untrustedXmlRefusal(bytes);
  if (refusal !== undefined) return { ok: false, errors: [{ message: refusal }] };
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
  const declared = parsedXmlRefusal(document);
  if (declared === undefined) return { ok: true, document };
  document.dispose();
  return { ok: false, errors: [{ message: declared }] };
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
