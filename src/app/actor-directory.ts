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
      for (const rut of companies) authorize(admin, 'manage', rut);
      const saved = await store.frontEndUsers.save({ ...user, companies, createdBy: admin.subject });
      for (const rut of companies) {
        await store.audit.record({
          actor: admin.subject, action: 'front_end_user.mapped', target: frontEndSubject(user.frontEnd, user.workspace, user.userId), companyRut: rut,
          detail: { role: user.role, companies, at: clock().toISOString() },
        });
      }
      return saved;
    },
    async unmap(admin, frontEnd, workspace, userId) {
      const existing = await store.frontEndUsers.get(frontEnd, workspace, userId);
      if (existing === undefined) return false;
      for (const rut of existing.companies) authorize(admin, 'manage', rut);
      const removed = await store.frontEndUsers.remove(frontEnd, workspace, userId);
      for (const rut of existing.companies) {
        await store.audit.record({ actor: admin.subject, action: 'front_end_user.unmapped', target: frontEndSubject(frontEnd, workspace, userId), companyRut: rut });
      }
      return removed;
    },
    async list(admin, frontEnd) {
      if (admin.role !== 'admin') throw new DteError('FORBIDDEN', `The role ${admin.role} may not manage companies.`);
      return (await store.frontEndUsers.list(frontEnd)).filter((user) => administers(admin, user.companies));
    },
  };
}
