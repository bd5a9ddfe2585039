import { DteError } from '../core/errors.ts';
import type { Actor, Role } from './ports/index.ts';

/** What each role may do. Viewers and the agent read; issuers also issue and retry; receivers record answers to suppliers' documents; admins manage. */
const PERMISSIONS = {
  read: ['admin', 'issuer', 'receiver', 'viewer', 'agent'],
  issue: ['admin', 'issuer'],
  receive: ['admin', 'receiver'],
  manage: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * Refuses an actor who lacks the role for an action or is not bound to the company. Both are
 * FORBIDDEN: the token is valid, it just does not reach this.
 */
export function authorize(actor: Actor, permission: Permission, companyRut: string): void {
  authorizeRole(actor, permission);
  if (!actor.companies.includes(companyRut)) {
    throw new DteError('FORBIDDEN', `This token is not bound to company ${companyRut}.`);
  }
}

/** Refuses an actor whose role lacks a permission, whatever the company. */
export function authorizeRole(actor: Actor, permission: Permission): void {
  if (!(PERMISSIONS[permission] as readonly Role[]).includes(actor.role)) {
    const action = permission === 'manage' ? 'manage companies' : permission === 'receive' ? 'record answers to received documents' : `${permission} documents`;
    throw new DteError('FORBIDDEN', `The role ${actor.role} may not ${action}.`);
  }
}
