import { authorizeRole } from '../src/app/authorize.ts';
import type { Actor } from '../src/app/ports/index.ts';

/**
 * Whether the caller's role may issue documents (issuer, admin). An action that issues is offered
 * only to such a caller: anyone else could approve it but not perform it.
 */
export function mayIssue(actor: Actor): boolean {
  try {
    authorizeRole(actor, 'issue');
    return true;
  } catch {
    return false;
  }
}

/** Said to a caller who may not issue, in place of an action that issues. */
export const NEEDS_ISSUER = {
  es: (role: string) => `Su rol (${role}) no puede emitir documentos: la solicitud no se ofrece como acción; una persona con rol issuer o admin puede emitirla.`,
  en: (role: string) => `Your role (${role}) may not issue documents: the request is not offered as an action; a person with the issuer or admin role can issue it.`,
};
