/**
 * A front end's registry request read and checked before anything reaches the SII: the company that
 * acts (the token's only one when not named), the issuer's RUT, a type the registry serves, a folio and
 * an action; every problem names its field. And the SII's refusals as DteErrors naming the code.
 */
import { DteError, validationError } from '../../core/errors.ts';
import type { Problem } from '../../core/result.ts';
import { parseRut } from '../../core/rut.ts';
import type { RegistryAction, RegistryRefusal, RegistryRefusalReason } from '../ports/registry-gateway.ts';
import type { RegistryActionCommand, RegistryDocumentQuery } from '../ports/registry-service.ts';
import type { Actor } from '../ports/services.ts';
import { isRegistryAction, REGISTRY_ACTIONS, REGISTRY_TYPES } from './receiver-status.ts';

/** A checked query: RUTs canonical. */
export interface ReadQuery {
  companyRut: string;
  rutEmisor: string;
  tipoDoc: number;
  folio: number;
}

/** A checked action. */
export interface ReadAction extends ReadQuery {
  action: RegistryAction;
  reason?: string;
}

/** Reads a document query, or VALIDATION_FAILED listing every problem. */
export function readQuery(actor: Actor, input: RegistryDocumentQuery): ReadQuery {
  const problems: Problem[] = [];
  const read = queryOf(actor, input, problems);
  if (problems.length > 0) throw validationError(problems, 'The registry request has problems.');
  return read;
}

/** Reads an action on a supplier's document, or VALIDATION_FAILED listing every problem. */
export function readActionCommand(actor: Actor, input: RegistryActionCommand): ReadAction {
  const problems: Problem[] = [];
  const read = queryOf(actor, input, problems);
  if (!isRegistryAction(String(input.action))) {
    problems.push({ pointer: '/action', message: `"${String(input.action).slice(0, 20)}" is not an action: use ${REGISTRY_ACTIONS.join(', ')}.` });
  }
  if (read.rutEmisor !== '' && read.rutEmisor === read.companyRut) {
    problems.push({ pointer: '/rutEmisor', message: `${read.rutEmisor} is the company itself: the receiver answers its suppliers' documents.` });
  }
  if (input.reason !== undefined && (typeof input.reason !== 'string' || input.reason.length > 500)) {
    problems.push({ pointer: '/reason', message: 'The reason must be a text of at most 500 characters.' });
  }
  if (problems.length > 0) throw validationError(problems, 'The registry action has problems.');
  return { ...read, action: input.action as RegistryAction, ...(input.reason ? { reason: input.reason } : {}) };
}

function queryOf(actor: Actor, input: RegistryDocumentQuery, problems: Problem[]): ReadQuery {
  const issuer = typeof input.rutEmisor === 'string' ? parseRut(input.rutEmisor) : undefined;
  if (issuer === undefined) problems.push({ pointer: '/rutEmisor', message: 'rutEmisor must be a RUT with its right check digit, such as 76192083-9.' });
  if (!Number.isInteger(input.tipoDoc) || !REGISTRY_TYPES.has(input.tipoDoc)) {
    problems.push({ pointer: '/tipoDoc', message: `The SII's registry serves types ${[...REGISTRY_TYPES].join(', ')} only (got ${String(input.tipoDoc)}).` });
  }
  if (!Number.isSafeInteger(input.folio) || input.folio < 1) problems.push({ pointer: '/folio', message: 'folio must be a whole number from 1.' });
  let companyRut = '';
  if (input.companyRut !== undefined) {
    const company = parseRut(input.companyRut);
    if (company === undefined) problems.push({ pointer: '/companyRut', message: 'companyRut must be a RUT with its right check digit.' });
    else companyRut = company.canonical;
  } else if (actor.companies.length === 1) companyRut = actor.companies[0]!;
  else problems.push({ pointer: '/companyRut', message: 'This token is bound to several companies: name the one that acts in companyRut.' });
  return { companyRut, rutEmisor: issuer?.canonical ?? '', tipoDoc: input.tipoDoc, folio: input.folio };
}

/** The refusals that say the document's state forbids the action (409); the others say the request cannot be (422). */
const CONFLICTS: ReadonlySet<RegistryRefusalReason> = new Set([
  'already_claimed', 'receipt_after_claim', 'already_recorded', 'window_closed', 'claim_after_acceptance', 'acceptance_after_claim',
  'claim_after_receipt', 'goods_already_claimed',
]);

/** The field a refusal is about. */
const FIELD_OF: Partial<Record<RegistryRefusalReason, string>> = {
  invalid_issuer: '/rutEmisor', invalid_folio: '/folio', type_not_served: '/tipoDoc', invalid_action: '/action', type_not_cedible: '/tipoDoc',
};

/** An SII refusal as a DteError: CONFLICT or SII_REJECTED, naming the codResp, its meaning and the field. */
export function refusalError(refusal: RegistryRefusal): DteError {
  const { answer } = refusal;
  return new DteError(CONFLICTS.has(refusal.reason) ? 'CONFLICT' : 'SII_REJECTED', `The SII's registry refused: codResp ${answer.code}, ${answer.meaning}.`, {
    details: {
      codResp: answer.code, meaning: answer.meaning, siiDescription: answer.description, reason: refusal.reason,
      field: FIELD_OF[refusal.reason] ?? '/folio', ...(refusal.claim ? { claim: refusal.claim } : {}),
    },
  });
}
