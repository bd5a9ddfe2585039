import { DteError } from '../core/errors.ts';
import { PERMISSION_ACTIONS, PERMISSIONS, type Actor, type Permission, type Role } from './ports/index.ts';

/** How a refusal names what was asked, where the permission's own words are not precise. */
export interface AuthorizeWording {
  /** What the role may not do: "read rated answers"; the permission's action otherwise. */
  action?: string;
  /** The company refused: "the company of document …", so a caller is not told which company holds it. */
  company?: string;
}

/** Whether an actor's role has a permission (the role table of ports/roles.ts), whatever the company. */
export function mayDo(actor: Pick<Actor, 'role'>, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}

/**
 * The one access decision of the service, for every front end: refuses, with FORBIDDEN, an actor
 * whose role lacks the permission, or who is not bound to the company when one is given. Both are
 * FORBIDDEN: the token is valid, it just does not reach this. Each refusal has one wording.
 */
export function authorize(actor: Actor, permission: Permission, companyRut?: string, wording: AuthorizeWording = {}): void {
  if (!mayDo(actor, permission)) {
    const action = wording.action ?? PERMISSION_ACTIONS[permission];
    throw new DteError('FORBIDDEN', `The role ${actor.role} may not ${action}: it needs the role ${PERMISSIONS[permission].join(' or ')}.`);
  }
  if (companyRut !== undefined && !actor.companies.includes(companyRut)) {
    throw new DteError('FORBIDDEN', `This token is not bound to ${wording.company ?? `company ${companyRut}`}.`);
  }
}
