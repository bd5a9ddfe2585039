import type { SigningCertificate } from '../certificate.ts';
import { signCanonicalElement } from '../xml-signature.ts';
import { SII_NAMESPACE, XSI_NAMESPACE } from '../xml-namespaces.ts';
import { encodeLatin1, XML_DECLARATION } from '../xml-writer.ts';

/** The declarations every answer's root makes, which C14N carries onto the signed element. */
export const ANSWER_NAMESPACES = `xmlns="${SII_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}"`;

/** The signed part of an answer: an element with an ID whose children are already written. */
export interface SignedPart {
  /** `Resultado`, `SetRecibos` or `DocumentoRecibo`. */
  name: string;
  id: string;
  /** The children as written in the file, in canonical form (xml-writer.ts). */
  children: ReadonlyArray<string>;
  /**
   * The children as C14N renders them inside the signed element, when that differs from how they are
   * written: an embedded signed Recibo drops the declarations its parent already makes.
   */
  canonicalChildren?: ReadonlyArray<string>;
}

function open(part: SignedPart, namespaces: string): string {
  return namespaces === '' ? `<${part.name} ID="${part.id}">` : `<${part.name} ${namespaces} ID="${part.id}">`;
}

/**
 * The signed element and its enveloped `<Signature>` side by side, as the SII's schemas place them (the
 * Signature follows what it covers, inside the same parent). The parent must declare the SII's and the
 * XMLSchema-instance namespaces, as every answer's root and every Recibo does, so that the canonical
 * form digested here is the one a verifier computes in place. Profile: xml-signature.ts.
 */
export function signPart(part: SignedPart, certificate: SigningCertificate): { element: string; signature: string } {
  const written = `${open(part, '')}\n${part.children.join('\n')}\n</${part.name}>`;
  const canonical = `${open(part, ANSWER_NAMESPACES)}\n${(part.canonicalChildren ?? part.children).join('\n')}\n</${part.name}>`;
  const signature = signCanonicalElement(canonical, part.id, certificate, `xmlns:xsi="${XSI_NAMESPACE}"`);
  return { element: written, signature };
}

/**
 * A whole answer file: the XML declaration (ISO-8859-1), the root with its namespaces, version and
 * schema location, the signed part and its Signature, one element per line.
 */
export function answerFile(root: string, schemaFile: string, part: SignedPart, certificate: SigningCertificate): Buffer {
  const { element, signature } = signPart(part, certificate);
  const rootTag = `<${root} ${ANSWER_NAMESPACES} version="1.0" xsi:schemaLocation="${SII_NAMESPACE} ${schemaFile}">`;
  return encodeLatin1(`${XML_DECLARATION}\n${rootTag}\n${element}\n${signature}\n</${root}>\n`);
}
