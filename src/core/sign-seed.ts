import type { SigningCertificate } from './certificate.ts';
import { DteError } from './errors.ts';
import { signCanonicalDocument } from './xml-signature.ts';

/**
 * The signed seed of the SII's authentication (GetTokenFromSeed's pszXml): `<getToken><item>
 * <Semilla>…</Semilla></item>` followed by an enveloped XMLDSig signature over the whole document.
 */
export function signSeed(seed: string, certificate: SigningCertificate): string {
  if (!/^\d{1,20}$/.test(seed)) throw new DteError('SII_REJECTED', `The SII sent a seed that is not a number: "${seed.slice(0, 40)}".`);
  const content = `<item><Semilla>${seed}</Semilla></item>`;
  const signature = signCanonicalDocument(`<getToken>${content}</getToken>`, certificate);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<getToken>${content}${signature}</getToken>`;
}
