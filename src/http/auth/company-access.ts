/**
 * A token is bound to companies: every route checks that the company it touches (a path's RUT, a
 * request's RUTEmisor, a document's company) is one of them, and answers 403 otherwise.
 */
import type { Actor } from '../../app/ports/index.ts';
import { DteError } from '../../core/errors.ts';
import { parseRut } from '../../core/rut.ts';

/** Refuses, with FORBIDDEN, a company the actor's token does not name. RUTs compare in canonical form. */
export function requireCompany(actor: Actor, companyRut: string): void {
  const canonical = parseRut(companyRut)?.canonical ?? companyRut;
  if (!actor.companies.includes(canonical)) {
    throw new DteError('FORBIDDEN', `This token is not bound to company ${canonical}: it can only touch ${actor.companies.join(', ')}.`);
  }
}

/**
 * Reads a RUT given in the path or the query string (`76.192.083-9` or `76192083-9`), refuses it
 * when it is not a RUT (VALIDATION_FAILED naming `parameter`) or not one of the token's companies
 * (FORBIDDEN), and answers its canonical form.
 */
export function companyParameter(actor: Actor, text: string, parameter: string): string {
  const rut = parseRut(text);
  if (rut === undefined) {
    const message = `${parameter} must be a RUT with its check digit, such as 76192083-9`;
    throw new DteError('VALIDATION_FAILED', `${message}.`, { details: [{ pointer: parameter, message }] });
  }
  requireCompany(actor, rut.canonical);
  return rut.canonical;
}

/**
 * The company a list of documents is about: the one asked for, or the token's only company. A token
 * bound to several companies must say which.
 */
export function companyToList(actor: Actor, asked: string | undefined): string {
  if (asked !== undefined) return companyParameter(actor, asked, 'company');
  const [only, ...others] = actor.companies;
  if (only !== undefined && others.length === 0) return only;
  const message = `company is required: this token is bound to ${actor.companies.join(', ')}`;
  throw new DteError('VALIDATION_FAILED', `${message}.`, { details: [{ pointer: 'company', message }] });
}
