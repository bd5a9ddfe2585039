import type { AuditRepository } from '../app/ports/store.ts';
import type { AuditRecord, JsonObject } from '../app/ports/records.ts';
import { jsonParameter, numberOf, pageSize, type RepositoryContext } from './repository-context.ts';

interface AuditRow {
  id: string | number;
  company_rut: string | null;
  actor: string;
  action: string;
  target: string | null;
  at: Date;
  ip: string | null;
  user_agent: string | null;
  detail: JsonObject | null;
}

/**
 * The audit log: who (the token's subject) did what to which record, when and from where. Entries are
 * only ever added. Written in the transaction of the change they describe, they exist exactly when the
 * change does.
 */
export function createAuditRepository(context: RepositoryContext): AuditRepository {
  const { database } = context;
  return {
    async record(entry) {
      await database.query(
        `INSERT INTO audit_log (company_rut, actor, action, target, ip, user_agent, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
        [entry.companyRut ?? null, entry.actor, entry.action, entry.target ?? null, entry.ip ?? null, entry.userAgent ?? null,
          jsonParameter(entry.detail)],
      );
    },
    async list(companyRut, options = {}) {
      const parameters: unknown[] = [companyRut];
      let before = '';
      if (options.before !== undefined) {
        parameters.push(options.before);
        before = 'AND id < $2';
      }
      const { rows } = await database.query<AuditRow>(
        `SELECT id, company_rut, actor, action, target, at, ip, user_agent, detail FROM audit_log
         WHERE company_rut = $1 ${before} ORDER BY id DESC LIMIT ${pageSize(options.limit)}`,
        parameters,
      );
      return rows.map(auditOf);
    },
  };
}

function auditOf(row: AuditRow): AuditRecord {
  return {
    id: numberOf(row.id),
    companyRut: row.company_rut,
    actor: row.actor,
    action: row.action,
    target: row.target,
    at: row.at,
    ip: row.ip,
    userAgent: row.user_agent,
    detail: row.detail,
  };
}
