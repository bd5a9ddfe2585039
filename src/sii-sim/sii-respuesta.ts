import type { RevisionError } from './revision-codes.ts';

/**
 * The SII's answer documents as strings: `SII:RESPUESTA` with `SII:RESP_HDR` and `SII:RESP_BODY`
 * (CrSeed, GetTokenFromSeed, QueryEstUp, QueryEstDte), shaped as the transcribed real answers in
 * ../shared/sii/samples/responses/transcribed and the authentication manual's figures 1.8 and 1.9.
 */

/** Escapes text for element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** `<NAME>value</NAME>` with the value escaped. */
export function field(name: string, value: string | number): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

const OPEN = '<SII:RESPUESTA xmlns:SII="http://www.sii.cl/XMLSchema">';

/**
 * The compact form of the authentication answers: a UTF-8 declaration, a line break, and the rest on
 * one line (`<SII:RESP_HDR><ESTADO>00</ESTADO></SII:RESP_HDR><SII:RESP_BODY><SEMILLA>…`). The body is
 * left out when there is none, as in the manual's error examples (6.1.2 to 6.2.14).
 */
export function compactRespuesta(header: readonly string[], body: readonly string[] = []): string {
  const bodyPart = body.length === 0 ? '' : `<SII:RESP_BODY>${body.join('')}</SII:RESP_BODY>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${OPEN}<SII:RESP_HDR>${header.join('')}</SII:RESP_HDR>${bodyPart}</SII:RESPUESTA>`;
}

/**
 * The line-per-element form of QueryEstUp's answer (QueryEstUp_EPR.xml): RESP_HDR first, then the
 * body when there is one.
 */
export function linedRespuesta(header: readonly string[], body: readonly string[] = []): string {
  const lines = ['<?xml version="1.0"?>', OPEN, '<SII:RESP_HDR>', ...header, '</SII:RESP_HDR>'];
  if (body.length > 0) lines.push('<SII:RESP_BODY>', ...body, '</SII:RESP_BODY>');
  lines.push('</SII:RESPUESTA>');
  return `${lines.join('\n')}\n`;
}

/**
 * One error as the simulator's extension writes it, modeled on `detalle_rep_rech[].error` of the SII's
 * boleta status API (boleta_envio_estado_example.json).
 */
export function errorElement(error: RevisionError): string {
  return `<ERROR>${field('SECCION', error.SECCION)}${field('NIVEL', error.NIVEL)}${field('CODIGO', error.CODIGO)}${field('DESCRIPCION', error.DESCRIPCION)}${field('DETALLE', error.DETALLE)}</ERROR>`;
}
