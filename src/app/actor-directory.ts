import { DteError } from '../core/errors.ts';
import { parseRut } from '../core/rut.ts';
import { authorize } from './authorize.ts';
import type { Actor, ActorDirectory, FrontEnd, Store } from './ports/index.ts';

/** The subject an actor from a front end carries in the audit log: `slack:T0123:U0456`. */
export function frontEndSubject(frontEnd: FrontEnd, workspace: string, userId: string): string {
  return `${frontEnd}:${workspace}:${userId}`;
}

/** The actor directory over the store's front-end users. */
export function createActorDirectory(store: Store, clock: () => Date = () => new Date()): ActorDirectory {
  const administers = (admin: Actor, companies: readonly string[]): boolean => companies.every((rut) => admin.companies.includes(rut));
  return {
    async actorOf(frontEnd, workspace, userId) {
      const user = await store.frontEndUsers.get(frontEnd, workspace, userId);
      if (user === undefined) return undefined;
      return { subject: frontEndSubject(frontEnd, workspace, userId), role: user.role, companies: [...user.companies] };
    },
    async map(admin, user) {
      const companies: string[] = [];
      for (const [index, text] of user.companies.entries()) {
        const rut = parseRut(text);
        if (rut === undefined) {
          throw new DteError('VALIDATION_FAILED', `${text} is not a RUT.`, { details: [{ pointer: `/companies/${index}`, message: `${text} is not a RUT with a right check digit` }] });
        }
        companies.push(rut.canonical);
      }
      if (companies.length === 0) throw new DteError('VALIDATION_FAILED', 'A mapping needs a company.', { details: [{ pointer: '/companies', message: 'name at least one company' }] });
      const unique = [...new Set(companies)];
      for (const rut of unique) authorize(admin, 'manage', rut);
      const target = frontEndSubject(user.frontEnd, user.workspace, user.userId);
      // Mapping replaces what the user had: the admin must manage those companies too, or another
      // company's admin could take its user away (or make them admin of their own).
      const existing = await store.frontEndUsers.get(user.frontEnd, user.workspace, user.userId);
      for (const rut of existing?.companies ?? []) authorize(admin, 'manage', rut);
      return store.transaction(async (transaction) => {
        const saved = await transaction.frontEndUsers.save({ ...user, companies: unique, createdBy: admin.subject });
        for (const rut of new Set([...unique, ...(existing?.companies ?? [])])) {
          await transaction.audit.record({
            actor: admin.subject, action: 'front_end_user.mapped', target, companyRut: rut,
            detail: { role: user.role, companies: unique, at: clock().toISOString() }, ...requestOf(admin),
          });
        }
        return saved;
      });
    },
    async unmap(admin, frontEnd, workspace, userId) {
      const existing = await store.frontEndUsers.get(frontEnd, workspace, userId);
      if (existing === undefined) return false;
      for (const rut of existing.companies) authorize(admin, 'manage', rut);
      return store.transaction(async (transaction) => {
        const removed = await transaction.frontEndUsers.remove(frontEnd, workspace, userId);
        for (const rut of existing.companies) {
          await transaction.audit.record({
            actor: admin.subject, action: 'front_end_user.unmapped', target: frontEndSubject(frontEnd, workspace, userId), companyRut: rut, ...requestOf(admin),
          });
        }
        return removed;
      });
    },
    async list(admin, frontEnd) {
      authorize(admin, 'manage');
      return (await store.frontEndUsers.list(frontEnd)).filter((user) => administers(admin, user.companies));
    },
  };
}

/** Where an admin's request came from, for the audit entry. */
function requestOf(admin: Actor): { ip?: string; userAgent?: string } {
  return { ...(admin.ip ? { ip: admin.ip } : {}), ...(admin.userAgent ? { userAgent: admin.userAgent } : {}) };
}
