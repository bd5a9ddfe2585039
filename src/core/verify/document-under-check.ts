/**
 * A DTE while it is being checked: its parsed content, for reading fields, and its place in the raw
 * text, for the parts the SII signs as text.
 */
import type { XmlElement } from 'libxml2-wasm';
import { findElementSpans } from './raw-xml.ts';
import type { ElementSpan, RawXml } from './raw-xml.ts';

/** One document of a file: its content as parsed and where its `<DTE>` stands in the raw text. */
export interface DocumentUnderCheck {
  /** `DTE 33 folio 13`, used as the subject of every check on this document. */
  subject: string;
  raw: RawXml;
  /** The raw text with comments and CDATA blanked out, for tag searches. */
  masked: string;
  /** The `<DTE>` element's span in `raw`. */
  span: ElementSpan;
  /** Documento, Exportaciones or Liquidacion: the child of DTE that carries Encabezado and TED. */
  content: XmlElement | undefined;
}

/** The span of the first element named `localName` inside `outer`, or undefined. */
export function innerSpan(document: DocumentUnderCheck, outer: ElementSpan, localName: string): ElementSpan | undefined {
  return findElementSpans(document.masked, localName, outer.startTagEnd, outer.endTagStart)[0];
}
