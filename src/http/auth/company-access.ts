/**
 * A token is bound to companies: every route checks that the company it touches (a path's RUT, a
 * request's RUTEmisor, a document's company) is one of them, before it reads the body or calls the
 * service, and answers 403 otherwise. The decision is the service's own authorize (role table and
 * wording of src/app), for the permission the route declares; the service decides it again for
 * callers that are not HTTP.
 */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../app/ports/index.ts';
import { DteError } from '../../core/errors.ts';
import { parseRut } from '../../core/rut.ts';

/**
 * Reads a RUT given in the path or the query string (`76.192.083-9` or `76192083-9`), refusing it when
 * it is not a RUT (VALIDATION_FAILED naming `parameter`), and answers its canonical form.
 */
export function rutParameter(text: string, parameter: string): string {
  const rut = parseRut(text);
  if (rut === undefined) {
    const message = `${parameter} must be a RUT with its check digit, such as 76192083-9`;
    throw new DteError('VALIDATION_FAILED', `${message}.`, { details: [{ pointer: parameter, message }] });
  }
  return rut.canonical;
}

/** Refuses, with FORBIDDEN, a company the route's permission does not reach for this caller. RUTs compare in canonical form. */
export function requireCompany(request: FastifyRequest, companyRut: string): void {
  if (request.authorizeCompany === null) throw new DteError('INTERNAL', 'A guarded route ran without its access decision: its access is misconfigured.');
  request.authorizeCompany(parseRut(companyRut)?.canonical ?? companyRut);
}

/** A path's or query's RUT (rutParameter) that the caller may reach (requireCompany). */
export function companyParameter(request: FastifyRequest, text: string, parameter: string): string {
  const companyRut = rutParameter(text, parameter);
  requireCompany(request, companyRut);
  return companyRut;
}

/**
 * The company a list of documents is about: the one asked for, or the token's only company. A token
 * bound to several companies must say which.
 */
export function companyToList(request: FastifyRequest, actor: Actor, asked: string | undefined): string {
  if (asked !== undefined) return companyParameter(request, asked, 'company');
  const [only, ...others] = actor.companies;
  if (only !== undefined && others.length === 0) return only;
  const message = `company is required: this token is bound to ${actor.companies.join(', ')}`;
  throw new DteError('VALIDATION_FAILED', `${message}.`, { details: [{ pointer: 'company', message }] });
}
