/**
 * Reads how people name a document: "factura 1234", "la NC 55", "nota de crédito N° 12", "guía 7",
 * "33-1234". Returns the SII type and folio, or undefined.
 */
const TYPE_WORDS: ReadonlyArray<[RegExp, number]> = [
  [/\b(?:factura\s+exenta|fe\s*exenta|invoice\s+exempt|exempt\s+invoice)\b/, 34],
  [/\b(?:nota\s+de\s+cr[eé]dito|nc|credit\s+note)\b/, 61],
  [/\b(?:nota\s+de\s+d[eé]bito|nd|debit\s+note)\b/, 56],
  [/\b(?:gu[ií]a(?:\s+de\s+despacho)?|dispatch\s+guide)\b/, 52],
  [/\b(?:factura|invoice)\b/, 33],
];

/** A document type and folio named in text. */
export interface DocumentReference {
  type: number;
  folio: number;
}

/** The first document a text names by type and folio. */
export function parseDocumentReference(text: string): DocumentReference | undefined {
  const lower = text.toLowerCase();
  const numbered = /\b(33|34|52|56|61)\s*[-/]\s*(\d{1,10})\b/.exec(lower);
  if (numbered) return { type: Number(numbered[1]), folio: Number(numbered[2]) };
  for (const [pattern, type] of TYPE_WORDS) {
    const match = new RegExp(`${pattern.source}\\s*(?:electr[oó]nica\\s*)?(?:n[°º.o]?\\s*|folio\\s*|#\\s*)?(\\d{1,10})\\b`).exec(lower);
    if (match) return { type, folio: Number(match[1]) };
  }
  return undefined;
}
