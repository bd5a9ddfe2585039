/**
 * The set names documents in capitals without accents ("NOTA DE CREDITO ELECTRONICA", "GUIA DE
 * DESPACHO"): read through the names of the SII's table of types (document-kinds), never a list of
 * codes of our own.
 */
import { documentKind, SII_DOCUMENT_TYPES, type DocumentKind } from '../core/document-kinds/index.ts';

/** A document as the set names it, and the SII type that name is. */
export interface NamedType {
  /** As the set writes it, spaces collapsed. */
  name: string;
  /** The TipoDTE. */
  code: number;
  /** The name of the SII's table, `Guía de Despacho Electrónica`. */
  siiName: string;
  /** The kind, when this product issues it; undefined for one it does not (exportación, factura de compra). */
  issued?: DocumentKind;
}

/** Upper case, without accents, spaces collapsed. */
export function plainName(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, ' ').trim().toUpperCase();
}

const ELECTRONIC_TYPES = SII_DOCUMENT_TYPES.filter((type) => /^\d+$/.test(type.code) && /electr[oó]nica$/i.test(type.name));

/**
 * The electronic type a set's name is: the name itself, or the name with "ELECTRONICA" after it (the
 * set writes "GUIA DE DESPACHO" for the electronic guía). Undefined when the table names no such type.
 */
export function typeOfName(name: string): NamedType | undefined {
  const plain = plainName(name);
  const candidates = plain.endsWith(' ELECTRONICA') ? [plain] : [`${plain} ELECTRONICA`];
  const type = ELECTRONIC_TYPES.find((entry) => candidates.includes(plainName(entry.name)));
  if (type === undefined) return undefined;
  const code = Number(type.code);
  const issued = documentKind(code);
  return { name: plain, code, siiName: type.name, ...(issued ? { issued } : {}) };
}
