/**
 * Local tokens: HS256 JWTs signed with the service's own secret, printed by `dte token` and by the
 * embedded start for its demo company.
 */
import { SignJWT } from 'jose';
import type { Role } from '../app/ports/index.ts';

/** What a local token says and how long it lasts. */
export interface LocalTokenRequest {
  /** The secret resolveJwtSecret returns, the same the service verifies with. */
  secret: string;
  subject: string;
  role: Role;
  /** Canonical RUTs. */
  companies: readonly string[];
  ttlSeconds: number;
  /** When the token is issued; its `exp` is this plus `ttlSeconds`. */
  now: Date;
  /** Set when the service checks them (`JWT_ISSUER`, `JWT_AUDIENCE` in local mode). */
  issuer?: string | null;
  audience?: string | null;
}

/** Signs a local token and answers it with its expiry. */
export async function signLocalToken(request: LocalTokenRequest): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(request.now.getTime() / 1000);
  const expiresAt = issuedAt + request.ttlSeconds;
  let builder = new SignJWT({ role: request.role, companies: [...request.companies] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt);
  if (request.issuer) builder = builder.setIssuer(request.issuer);
  if (request.audience) builder = builder.setAudience(request.audience);
  const token = await builder.sign(new TextEncoder().encode(request.secret));
  return { token, expiresAt: new Date(expiresAt * 1000) };
}
