import { SII_NAMESPACE } from './document.ts';
import { declaresDefaultNamespace, decodeRawXml, findElementSpans, maskNonMarkup, spanText, standaloneDocument } from './raw-xml.ts';

/** One DTE taken out of a file byte for byte, as a document of its own. */
export interface ExtractedDocument {
  /** An XML declaration naming the file's encoding, then the `<DTE>…</DTE>` text exactly as written. */
  bytes: Uint8Array;
  /** Whether `<DTE>` declares a default namespace itself (the SII's profile wants it to). */
  declaresNamespace: boolean;
}

/**
 * Takes every DTE out of an envelope (or a DTE file) textually, so that each can be checked as the SII
 * checks it: alone, without the envelope's namespace declarations. With `declareNamespace`, a `<DTE>`
 * that declares no default namespace gets `xmlns="http://www.sii.cl/SiiDte"`, the form in which it was
 * probably signed; this serves only to explain signature failures. Returns an empty list for bytes
 * whose encoding is not supported.
 */
export function extractDocuments(bytes: Uint8Array, declareNamespace = false): ExtractedDocument[] {
  const raw = decodeRawXml(bytes);
  if ('error' in raw) return [];
  return findElementSpans(maskNonMarkup(raw.text), 'DTE').map((span) => {
    const text = spanText(raw, span);
    const declaresNamespace = declaresDefaultNamespace(raw.text.slice(span.start, span.startTagEnd));
    const namespace = declareNamespace && !declaresNamespace ? SII_NAMESPACE : undefined;
    return { bytes: standaloneDocument(text, raw.encoding, namespace), declaresNamespace };
  });
}
