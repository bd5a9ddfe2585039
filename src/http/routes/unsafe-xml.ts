/**
 * A first line of defence for uploaded XML, before any parser sees it: a CAF never needs a DOCTYPE,
 * entities or an encoding other than ISO-8859-1 or UTF-8, so any of them is refused outright. This
 * shuts out external entities (XXE) and entity expansion ("billion laughs") whatever parser the
 * service uses behind it; the service's parser must refuse DTDs too.
 */
import { DteError } from '../../core/errors.ts';

/** Markup declarations: `<!DOCTYPE`, `<!ENTITY`, and the other DTD declarations, in any case. */
const DECLARATION = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

/**
 * Refuses, with XML_INVALID, an empty body, a body in a 16- or 32-bit encoding (where the check
 * below could not see declarations), and any body declaring a DOCTYPE or entities.
 */
export function refuseUnsafeXml(xml: Buffer): void {
  if (xml.length === 0) throw invalid('The body is empty: send the CAF XML as the SII gave it.');
  if (xml.includes(0)) {
    throw invalid('The XML holds NUL bytes (is it UTF-16?): send the CAF in ISO-8859-1, as the SII gives it, or UTF-8.');
  }
  // Latin-1 maps every byte to one character, so the ASCII markup is found in ISO-8859-1 and UTF-8 alike.
  if (DECLARATION.test(xml.toString('latin1'))) {
    throw invalid('The XML declares a DOCTYPE or entities, which a CAF never needs: they are refused to keep external entities out.');
  }
}

function invalid(message: string): DteError {
  return new DteError('XML_INVALID', message, { details: [{ pointer: '', message }] });
}
