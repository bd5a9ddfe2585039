/**
 * Textual access to XML as written. The SII signs and verifies some parts of a file as text, not as a
 * tree: each DTE is taken out of its envelope byte for byte and checked as a document of its own, and
 * the TED and CAF signatures cover `DD` and `DA` exactly as they appear, less the whitespace between
 * elements. This module finds those parts without re-serialising anything.
 */

/** The encodings the SII's files use. Single-byte ones are kept one character per byte. */
export type RawEncoding = 'ISO-8859-1' | 'windows-1252' | 'UTF-8';

/** A file's text, decoded so that slicing it and encoding the slice gives back the original bytes. */
export interface RawXml {
  /** For single-byte encodings each character is one byte (code point = byte value). */
  text: string;
  encoding: RawEncoding;
  /** False when the file has no encoding declaration and the encoding was inferred from its bytes. */
  declared: boolean;
}

/** Where an element stands in a `RawXml` text: from `<` of its start tag to past `>` of its end tag. */
export interface ElementSpan {
  start: number;
  end: number;
  /** Index just past the `>` of the start tag. */
  startTagEnd: number;
  /** Index of the `<` of the end tag. */
  endTagStart: number;
}

const DECLARED_ENCODING = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

/** Maps an XML declaration's encoding name to one of ours, or undefined when it is not supported. */
function encodingFromName(name: string): RawEncoding | undefined {
  const normalized = name.toLowerCase();
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'iso_8859-1', 'l1'].includes(normalized)) return 'ISO-8859-1';
  if (['windows-1252', 'cp1252'].includes(normalized)) return 'windows-1252';
  if (['utf-8', 'utf8', 'us-ascii', 'ascii'].includes(normalized)) return 'UTF-8';
  return undefined;
}

function isUtf8(buffer: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes bytes by their XML declaration. Without one, XML means UTF-8, but the SII's own CAF files
 * declare nothing and are ISO-8859-1: bytes that are not valid UTF-8 are then read as ISO-8859-1.
 */
export function decodeRawXml(bytes: Uint8Array): RawXml | { error: string } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const head = buffer.subarray(0, 200).toString('latin1');
  const declaredName = DECLARED_ENCODING.exec(head)?.[1];
  if (declaredName === undefined) {
    return isUtf8(buffer)
      ? { text: buffer.toString('utf8').replace(/^\uFEFF/, ' '), encoding: 'UTF-8', declared: false }
      : { text: buffer.toString('latin1'), encoding: 'ISO-8859-1', declared: false };
  }
  const encoding = encodingFromName(declaredName);
  if (encoding === undefined) {
    return { error: `The XML declaration names encoding "${declaredName}", which is not ISO-8859-1, windows-1252 or UTF-8.` };
  }
  const text = encoding === 'UTF-8' ? buffer.toString('utf8').replace(/^\uFEFF/, ' ') : buffer.toString('latin1');
  return { text, encoding, declared: true };
}

/** Encodes a slice of a `RawXml` text back to the bytes it came from. */
export function encodeRaw(text: string, encoding: RawEncoding): Buffer {
  return Buffer.from(text, encoding === 'UTF-8' ? 'utf8' : 'latin1');
}

/**
 * Encodes text as ISO-8859-1, as the TED and CAF signatures want. Text from single-byte files is
 * already one byte per character; UTF-8 text must hold no character above U+00FF.
 */
export function encodeIso88591(text: string, encoding: RawEncoding): Buffer | { error: string } {
  if (encoding === 'UTF-8') {
    const index = [...text].findIndex((character) => character.codePointAt(0)! > 0xff);
    if (index >= 0) {
      return { error: `it holds the character "${[...text][index]}", which ISO-8859-1 cannot encode` };
    }
  }
  return Buffer.from(text, 'latin1');
}

/** Removes the whitespace between elements (`>` then whitespace then `<`), as the SII does before signing DD and DA. */
export function collapseInterElementWhitespace(text: string): string {
  return text.replace(/>\s+</g, '><');
}

/**
 * Blanks out comments, CDATA sections and processing instructions (same length, so indexes hold),
 * so that a search for tags does not find text inside them.
 */
export function maskNonMarkup(text: string): string {
  return text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, (match) => ' '.repeat(match.length));
}

/**
 * Finds the elements with local name `localName` (any prefix) in `masked` between `from` and `to`,
 * outermost only. Elements of that name are assumed not to nest, which holds for DTE, TED, DD and DA.
 */
export function findElementSpans(masked: string, localName: string, from = 0, to = masked.length): ElementSpan[] {
  const spans: ElementSpan[] = [];
  const startTag = new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?${localName})(?=[\\s/>])`, 'g');
  startTag.lastIndex = from;
  for (let match = startTag.exec(masked); match !== null && match.index < to; match = startTag.exec(masked)) {
    const qualifiedName = match[1]!;
    const startTagEnd = masked.indexOf('>', match.index) + 1;
    if (startTagEnd === 0) break;
    if (masked[startTagEnd - 2] === '/') {
      spans.push({ start: match.index, end: startTagEnd, startTagEnd, endTagStart: startTagEnd });
      startTag.lastIndex = startTagEnd;
      continue;
    }
    const endTag = new RegExp(`</${qualifiedName.replace(/\./g, '\\.')}\\s*>`, 'g');
    endTag.lastIndex = startTagEnd;
    const close = endTag.exec(masked);
    if (close === null || close.index >= to) break;
    spans.push({ start: match.index, end: close.index + close[0].length, startTagEnd, endTagStart: close.index });
    startTag.lastIndex = close.index + close[0].length;
  }
  return spans;
}

/** The text of an element's whole span. */
export function spanText(raw: RawXml, span: ElementSpan): string {
  return raw.text.slice(span.start, span.end);
}

/** Whether an element's start tag declares a default namespace (`xmlns="…"`). */
export function declaresDefaultNamespace(startTag: string): boolean {
  return /\sxmlns\s*=\s*["']/.test(startTag);
}

/**
 * Builds a document of its own from an element's text, with an XML declaration naming the file's
 * encoding, optionally declaring a default namespace on the element (used only to explain failures).
 */
export function standaloneDocument(elementText: string, encoding: RawEncoding, defaultNamespace?: string): Buffer {
  let text = elementText;
  if (defaultNamespace !== undefined) {
    text = text.replace(/^<([\w.:-]+)/, `<$1 xmlns="${defaultNamespace}"`);
  }
  return encodeRaw(`<?xml version="1.0" encoding="${encoding}"?>\n${text}`, encoding);
}
