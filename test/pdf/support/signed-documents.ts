import type { TipoDTE } from '../../../src/core/document-request.ts';
import { createIssuer, type IssuedDocument } from '../../../src/core/issue-document.ts';
import { testCredentials } from '../../support/credentials.ts';
import { sampleRequest } from '../../support/requests.ts';

/** The signing instant of every test document. */
export const SIGNED_AT = new Date('2026-11-20T15:00:00Z');

let folio = 100;

/**
 * Issues a real signed DTE with the project's test credentials and issuer: the request of
 * test/support/requests.ts for the type, changed by `overrides`, under a fresh folio.
 */
export async function signedDocument(type: TipoDTE, overrides: Record<string, unknown> = {}): Promise<IssuedDocument> {
  const credentials = await testCredentials();
  const caf = credentials.cafs.get(type);
  if (caf === undefined) throw new Error(`The test credentials have no CAF of type ${type}.`);
  const issuer = createIssuer({ certificate: credentials.certificate, caf, trustedCafSigners: [credentials.authority] });
  folio += 1;
  const result = issuer.issue(sampleRequest(type, overrides), { folio, signedAt: SIGNED_AT });
  if (!result.ok) throw new Error(`The test document does not issue: ${JSON.stringify(result.problems)}`);
  return result.value;
}

/** `count` detail lines, every seventh exempt, some with a discount and a description. */
export function manyLines(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => ({
    NmbItem: `Artículo número ${index + 1} de la lista`,
    QtyItem: index + 1,
    PrcItem: 1000 + index * 37,
    ...(index % 7 === 6 ? { IndExe: 1 } : {}),
    ...(index % 5 === 0 ? { DescuentoPct: 5 } : {}),
    ...(index % 4 === 0 ? { DscItem: `Descripción adicional de la línea ${index + 1}` } : {}),
  }));
}

/** `count` references to earlier facturas, each with its reason. */
export function manyReferences(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => ({
    TpoDocRef: '33', FolioRef: String(500 + index), FchRef: '2026-11-01', CodRef: 3, RazonRef: `Corrige montos de la factura ${500 + index}`,
  }));
}

/** The `<TED>…</TED>` of a signed DTE as its bytes stand in the file (found here by plain text search). */
export function tedBytes(xml: Buffer): Buffer {
  const text = xml.toString('latin1');
  const start = text.indexOf('<TED');
  const end = text.indexOf('</TED>');
  if (start < 0 || end < 0) throw new Error('The document has no TED.');
  return Buffer.from(text.slice(start, end + '</TED>'.length), 'latin1');
}
