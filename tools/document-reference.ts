/**
 * Reads how people name a document: "factura 1234", "la NC 55", "NC55", "N/C 55", "nota de crédito N° 12",
 * "fact. 12", "fac 12", "FE 12", "guía desp 7", "invoice no. 12", "33-1234". Returns the SII type and
 * folio, or undefined. The names come from the registry of document kinds (src/core/document-kinds).
 */
import { ISSUED_TYPES, NAMING_ORDER } from '../src/core/document-kinds/index.ts';

/** The words naming each type, tried in the registry's naming order (the exenta before the plain factura). */
const TYPE_WORDS: ReadonlyArray<[string, number]> = NAMING_ORDER.map((kind) => [kind.names.aliases.join('|'), kind.code]);

/** "33-1234", "61/55": an issued type and a folio. */
const NUMBERED = new RegExp(String.raw`\b(${ISSUED_TYPES.join('|')})\s*[-/]\s*(\d{1,10})\b`);

/** What may stand between the type and the folio: "electrónica", "N°", "nro.", "no.", "folio", "#". */
const BETWEEN = String.raw`(?:\s*electr[oó]nica)?\s*(?:folio\s*)?(?:(?:n[°º]|nro\.?|n[uú]m(?:ero)?\.?|no\.|n\.)\s*)?(?:folio\s*)?#?\s*`;

/** A document type and folio named in text. */
export interface DocumentReference {
  type: number;
  folio: number;
}

/** The first document a text names by type and folio. */
export function parseDocumentReference(text: string): DocumentReference | undefined {
  const lower = text.toLowerCase();
  const numbered = NUMBERED.exec(lower);
  if (numbered) return { type: Number(numbered[1]), folio: Number(numbered[2]) };
  for (const [pattern, type] of TYPE_WORDS) {
    // The type starts a word and is not the start of a longer word ("fe" is not "fecha", "nc" may touch its folio: "nc55").
    const match = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${pattern})(?![\p{L}])${BETWEEN}(\d{1,10})(?!\d)`, 'u').exec(lower);
    if (match) return { type, folio: Number(match[1]) };
  }
  return undefined;
}
