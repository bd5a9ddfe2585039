/**
 * Writes XML that is already in canonical form (inclusive C14N 1.0): no empty-element tags, attributes
 * in canonical order, and the C14N escapes. What this module writes can be digested as it stands, which
 * is what lets the issuer skip the parse → canonicalise round trip on its hot path.
 */

/** Escapes character data the way C14N does (`&`, `<`, `>` and carriage return). */
export function escapeText(value: string): string {
  if (!/[&<>\r]/.test(value)) return value;
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('\r', '&#xD;');
}

/** Escapes an attribute value the way C14N does. */
export function escapeAttribute(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('"', '&quot;')
    .replaceAll('\t', '&#x9;')
    .replaceAll('\n', '&#xA;')
    .replaceAll('\r', '&#xD;');
}

/**
 * An element with text content, or nothing when the value is absent, so optional SII fields can be
 * written in schema order without a branch each.
 */
export function textElement(name: string, value: string | number | undefined): string {
  if (value === undefined) return '';
  return `<${name}>${escapeText(String(value))}</${name}>`;
}

/**
 * An element around already-written children, one per line. Attributes must be given in canonical
 * order (for unprefixed attributes: by name).
 */
export function element(name: string, children: ReadonlyArray<string>, attributes = ''): string {
  const content = children.filter((child) => child !== '');
  const open = attributes === '' ? `<${name}>` : `<${name} ${attributes}>`;
  return `${open}\n${content.join('\n')}\n</${name}>`;
}

/** An element written on one line, its children side by side. */
export function compactElement(name: string, children: ReadonlyArray<string>, attributes = ''): string {
  const open = attributes === '' ? `<${name}>` : `<${name} ${attributes}>`;
  return `${open}${children.join('')}</${name}>`;
}

/** Base64 broken into lines of 76 characters, as XMLDSig implementations customarily write it. */
export function wrapBase64(base64: string): string {
  return base64.replace(/(.{76})(?=.)/g, '$1\n');
}

/** Encodes a string as ISO-8859-1. The text must already be restricted to Latin-1 (see text.ts). */
export function encodeLatin1(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="ISO-8859-1"?>';
