/**
 * The claims of the service's tokens, local or from an OAuth2 provider: `sub`, `role`, `companies` and
 * `exp` (required). A token is bound to the companies it lists, by RUT; there is no wildcard, not even
 * for admins, so no token can ever touch a company it does not name.
 */
import { z } from 'zod';
import { MAXIMUM_ACTOR_COMPANIES, ROLES, type Role } from '../../app/ports/index.ts';
import { parseRut } from '../../core/rut.ts';


/** Who a verified token speaks for. */
export interface TokenIdentity {
  subject: string;
  role: Role;
  /** Canonical RUTs (`76192083-9`: no dots, upper-case K). */
  companies: readonly string[];
}

const rutClaim = z.string().transform((text, context) => {
  const rut = parseRut(text);
  if (rut === undefined) {
    context.addIssue({ code: 'custom', message: 'is not a RUT with a right check digit' });
    return z.NEVER;
  }
  return rut.canonical;
});

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  role: z.enum(ROLES),
  companies: z.array(rutClaim).min(1).max(MAXIMUM_ACTOR_COMPANIES),
});

/**
 * Reads the identity from a token's verified payload, or says in one sentence what is wrong with
 * the claims (the sentence names claims, never their values).
 */
export function readClaims(payload: unknown): { ok: true; identity: TokenIdentity } | { ok: false; reason: string } {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    const claims = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'payload')))];
    return { ok: false, reason: `The token's ${claims.join(', ')} claim${claims.length > 1 ? 's are' : ' is'} missing or wrong.` };
  }
  const { sub, role, companies } = parsed.data;
  return { ok: true, identity: { subject: sub, role, companies: [...new Set(companies)] } };
}
