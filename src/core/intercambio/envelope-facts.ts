import type { XmlElement } from 'libxml2-wasm';
import { childElement, childElements, textAt } from '../verify/parse-xml.ts';
import { signatureChild } from '../verify/xml-signature.ts';
import { parseRut } from '../rut.ts';

/**
 * What a received EnvioDTE says about itself, read from its Caratula and its signature. Values are
 * the text as written (trimmed), so that answers repeat them exactly; nothing here is checked yet.
 */
export interface EnvelopeFacts {
  /** The SetDTE's ID attribute: the RespuestaDTE's EnvioDTEID ("Valor del Atributo ID … del Envío recibido"). */
  SetDTEID: string | undefined;
  /** The DigestValue of the envelope's signature over SetDTE: the RespuestaDTE's Digest, and the envelope's identity for repeats. */
  Digest: string | undefined;
  RutEmisor: string | undefined;
  RutEnvia: string | undefined;
  RutReceptor: string | undefined;
  FchResol: string | undefined;
  NroResol: string | undefined;
  TmstFirmaEnv: string | undefined;
  /** How many DTE elements SetDTE holds. */
  documentCount: number;
}

/** What one received DTE says about itself (Encabezado), as written. */
export interface DocumentFacts {
  TipoDTE: number | undefined;
  Folio: number | undefined;
  FchEmis: string | undefined;
  RUTEmisor: string | undefined;
  RznSoc: string | undefined;
  /** Emisor/CorreoEmisor: the issuer's contact mail, where the answer goes when no other is known. */
  CorreoEmisor: string | undefined;
  RUTRecep: string | undefined;
  RznSocRecep: string | undefined;
  /** Totales/MntTotal as written (whole pesos for national documents). */
  MntTotal: string | undefined;
}

/** A positive whole number written as digits, or undefined. */
function wholeNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 ? value : undefined;
}

/** Reads the Caratula and the signature's DigestValue of an EnvioDTE root. */
export function readEnvelopeFacts(root: XmlElement): EnvelopeFacts {
  const setDte = childElement(root, 'SetDTE');
  const caratula = childElement(setDte, 'Caratula');
  const reference = childElement(childElement(signatureChild(root) ?? root, 'SignedInfo'), 'Reference');
  const digest = childElement(reference, 'DigestValue')?.content.replace(/\s+/g, '');
  return {
    SetDTEID: setDte?.attr('ID')?.value,
    Digest: digest === '' ? undefined : digest,
    RutEmisor: textAt(caratula, 'RutEmisor'),
    RutEnvia: textAt(caratula, 'RutEnvia'),
    RutReceptor: textAt(caratula, 'RutReceptor'),
    FchResol: textAt(caratula, 'FchResol'),
    NroResol: textAt(caratula, 'NroResol'),
    TmstFirmaEnv: textAt(caratula, 'TmstFirmaEnv'),
    documentCount: setDte === undefined ? 0 : childElements(setDte, 'DTE').length,
  };
}

/** Reads a DTE's identifying fields from its Documento (or Exportaciones, Liquidacion). */
export function readDocumentFacts(content: XmlElement | undefined): DocumentFacts {
  const encabezado = childElement(content, 'Encabezado');
  return {
    TipoDTE: wholeNumber(textAt(encabezado, 'IdDoc', 'TipoDTE')),
    Folio: wholeNumber(textAt(encabezado, 'IdDoc', 'Folio')),
    FchEmis: textAt(encabezado, 'IdDoc', 'FchEmis'),
    RUTEmisor: textAt(encabezado, 'Emisor', 'RUTEmisor'),
    RznSoc: textAt(encabezado, 'Emisor', 'RznSoc'),
    CorreoEmisor: textAt(encabezado, 'Emisor', 'CorreoEmisor'),
    RUTRecep: textAt(encabezado, 'Receptor', 'RUTRecep'),
    RznSocRecep: textAt(encabezado, 'Receptor', 'RznSocRecep'),
    MntTotal: textAt(encabezado, 'Totales', 'MntTotal'),
  };
}

/**
 * The key under which a document is the same document wherever it comes from: its issuer, type and
 * folio (the SII's own identity of a DTE). Undefined when one of them is unreadable.
 */
export function documentKey(facts: Pick<DocumentFacts, 'RUTEmisor' | 'TipoDTE' | 'Folio'>): string | undefined {
  const issuer = facts.RUTEmisor === undefined ? undefined : parseRut(facts.RUTEmisor);
  if (issuer === undefined || facts.TipoDTE === undefined || facts.Folio === undefined) return undefined;
  return `${issuer.canonical}/${facts.TipoDTE}/${facts.Folio}`;
}

/**
 * The Caratula's RutEmisor read from the text of a file that could not be parsed, so that a refusal can
 * still be addressed to someone. It is a hint, never verified: the file was unreadable.
 */
export function sniffIssuer(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 65_536)).toString('latin1');
  const written = /<(?:[\w.-]+:)?RutEmisor>\s*([0-9.]{1,12}-[0-9kK])\s*</.exec(head)?.[1];
  return written === undefined ? undefined : parseRut(written)?.canonical;
}
