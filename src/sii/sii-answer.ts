import { XmlElement } from 'libxml2-wasm';
import { DteError } from '../core/errors.ts';
import { childElement } from '../core/verify/parse-xml.ts';
import { parseUntrustedXml } from '../core/xml-reader.ts';
import { malformedAnswer } from './sii-errors.ts';

/**
 * Reading the XML the SII answers with: `<SII:RESPUESTA>` with RESP_HDR and RESP_BODY (in either
 * order: the live getEstUp sends the body first), and `<RECEPCIONDTE>`. Elements are found by local
 * name, since the SII's own examples vary the namespace (`http://www.sii.cl/XMLSchema`,
 * `http://www.sii.cl/xxx`) and leave the children unqualified.
 */

/** A parsed `<SII:RESPUESTA>`: the header's fields and the body element, if any. */
export interface Respuesta {
  /** The text of each child of RESP_HDR, by local name (the first occurrence). */
  header: Readonly<Record<string, string>>;
  /** RESP_BODY, valid only inside the callback of withRespuesta. */
  body: XmlElement | undefined;
}

/**
 * Parses an SII answer and hands it to `read`; the document is disposed afterwards, so `read` must
 * copy what it needs. Text that is not XML, or whose root is not RESPUESTA, or that lacks RESP_HDR or
 * its ESTADO, is a malformed answer (retryable).
 */
export function withRespuesta<T>(xml: string, what: string, read: (answer: Respuesta) => T): T {
  return withXml(xml, what, (root) => {
    if (root.name !== 'RESPUESTA') throw malformedAnswer(what, `the root element is <${root.name}>, not <SII:RESPUESTA>`, xml);
    const headerElement = childElement(root, 'RESP_HDR');
    if (headerElement === undefined) throw malformedAnswer(what, 'RESP_HDR is missing', xml);
    const header = textsOfChildren(headerElement);
    if (header.ESTADO === undefined || header.ESTADO === '') throw malformedAnswer(what, 'RESP_HDR has no ESTADO', xml);
    return read({ header, body: childElement(root, 'RESP_BODY') });
  });
}

/** Parses XML from the SII and passes its root element to `read`, disposing the document afterwards. */
export function withXml<T>(xml: string, what: string, read: (root: XmlElement) => T): T {
  let document;
  try {
    document = parseUntrustedXml(xml, `The SII's answer to ${what}`);
  } catch (error) {
    if (error instanceof DteError) throw malformedAnswer(what, 'it is not well-formed XML', xml);
    throw error;
  }
  try {
    return read(document.root);
  } finally {
    document.dispose();
  }
}

/** The trimmed text of each child element, by local name; the first occurrence wins. */
export function textsOfChildren(parent: XmlElement): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const child of childElementsOf(parent)) {
    if (!(child.name in texts)) texts[child.name] = child.content.trim();
  }
  return texts;
}

/** The child elements of `parent`, in document order. */
export function childElementsOf(parent: XmlElement): XmlElement[] {
  const children: XmlElement[] = [];
  for (let node = parent.firstChild; node !== null; node = node.next) {
    if (node instanceof XmlElement) children.push(node);
  }
  return children;
}

/** A whole number read from the SII's text, or undefined when the text is not one. */
export function wholeNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  return Number(text);
}

/** A track id in its plain decimal form (the SII pads some with zeros: `0253081988`). */
export function normaliseTrackId(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,20}$/.test(trimmed)) return undefined;
  return BigInt(trimmed).toString();
}
