/**
 * The registry of the document kinds this service issues, the one place that says which kinds
 * exist. Adding a kind (as boletas 39 and 41, with envelope EnvioBOLETA, were) is one entry here and
 * its own file beside this one; docs/ARCHITECTURE.md, "Adding a document kind", says what else.
 */
import type { DocumentKind, KindField, Usage } from './document-kind.ts';
import { BOLETA_EXENTA } from './boleta-exenta.ts';
import { BOLETA } from './boleta.ts';
import { FACTURA_EXENTA } from './factura-exenta.ts';
import { FACTURA } from './factura.ts';
import { GUIA_DESPACHO } from './guia-despacho.ts';
import { NOTA_CREDITO } from './nota-credito.ts';
import { NOTA_DEBITO } from './nota-debito.ts';

export { BOLETA, BOLETA_EXENTA, FACTURA, FACTURA_EXENTA, GUIA_DESPACHO, NOTA_CREDITO, NOTA_DEBITO };
export type { DocumentKind, EnvelopeKind, KindFamily, KindField, SiiChannel, Usage } from './document-kind.ts';

/** The kinds this service issues, by TipoDTE. */
export const DOCUMENT_KINDS = [FACTURA, FACTURA_EXENTA, GUIA_DESPACHO, NOTA_DEBITO, NOTA_CREDITO, BOLETA, BOLETA_EXENTA] as const;

/** The TipoDTE of a kind this service issues. */
export type IssuedType = (typeof DOCUMENT_KINDS)[number]['code'];

/** The TipoDTE codes this service issues, in the registry's order. */
export const ISSUED_TYPES: readonly IssuedType[] = DOCUMENT_KINDS.map((kind) => kind.code);

/**
 * The order in which people's names for the kinds are tried: a name that starts with another's
 * ("factura exenta" and "factura") goes first.
 */
export const NAMING_ORDER: readonly DocumentKind[] = [BOLETA_EXENTA, BOLETA, FACTURA_EXENTA, NOTA_CREDITO, NOTA_DEBITO, GUIA_DESPACHO, FACTURA];

const BY_CODE: ReadonlyMap<number, DocumentKind> = new Map(DOCUMENT_KINDS.map((kind) => [kind.code, kind]));

/** The kind of a TipoDTE, or undefined for one this service does not issue. */
export function documentKind(type: number): DocumentKind | undefined {
  return BY_CODE.get(type);
}

/** The kind of a TipoDTE this service issues (its type guarantees it exists). */
export function issuedKind(type: IssuedType): DocumentKind {
  return BY_CODE.get(type)!;
}

/** Whether this service issues a TipoDTE. */
export function isIssuedType(type: number): type is IssuedType {
  return BY_CODE.has(type);
}

/** How a field is used on a kind ('allowed' unless the kind says otherwise). */
export function fieldUsage(kind: DocumentKind, field: KindField): Usage {
  return kind.fields[field] ?? 'allowed';
}

/** Whether a kind follows the Formato Boletas (its own tag names, prices with IVA included). */
export function isBoletaFormat(kind: DocumentKind): boolean {
  return kind.format === 'boleta';
}

/** Whether a type is a nota (de débito or de crédito), which must reference what it modifies. */
export function isNoteType(type: number): boolean {
  return documentKind(type)?.family === 'nota';
}

/** "a factura (33)": a kind in a sentence. */
export function kindInSentence(kind: DocumentKind): string {
  return `a ${kind.names.short} (${kind.code})`;
}

/** "guías de despacho (52)", "facturas (33) and facturas exentas (34)": kinds in a sentence, plural. */
export function kindsInSentence(kinds: readonly DocumentKind[]): string {
  const named = kinds.map((kind) => `${kind.names.plural} (${kind.code})`);
  return named.length <= 1 ? (named[0] ?? 'no kind') : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}


/** Which kinds print a cedible copy, in words: "facturas (33) and facturas exentas (34), guías de despacho (52) of a sale; notas have none". */
export const CEDIBLE_COPY_IN_SENTENCE = [
  kindsInSentence(DOCUMENT_KINDS.filter((kind) => kind.cedible === 'always')),
  `${kindsInSentence(DOCUMENT_KINDS.filter((kind) => kind.cedible === 'when-sale'))} of a sale; ${kindsInSentence(DOCUMENT_KINDS.filter((kind) => kind.cedible === 'never'))} have none`,
].join(', ');
