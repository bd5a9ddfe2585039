import { mayDo } from '../src/app/authorize.ts';
import { PERMISSIONS, type Actor } from '../src/app/ports/index.ts';

/**
 * Whether the caller's role may issue documents (the role table's `issue`). An action that issues is
 * offered only to such a caller: anyone else could approve it but not perform it.
 */
export function mayIssue(actor: Actor): boolean {
  return mayDo(actor, 'issue');
}

/** The roles that may issue, as the role table lists them. */
export const ISSUER_ROLES: readonly string[] = PERMISSIONS.issue;

const issuers = { es: ISSUER_ROLES.join(' o '), en: ISSUER_ROLES.join(' or ') };

/** Said to a caller who may not issue, in place of an action that issues. */
export const NEEDS_ISSUER = {
  es: (role: string) => `Su rol (${role}) no puede emitir documentos: la solicitud no se ofrece como acción; una persona con rol ${issuers.es} puede emitirla.`,
  en: (role: string) => `Your role (${role}) may not issue documents: the request is not offered as an action; a person with the ${issuers.en} role can issue it.`,
};
