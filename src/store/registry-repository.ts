import type { RegistryEventRecord, RegistryRecords, RegistryWindow, ReceiverStatus } from '../app/ports/registry-records.ts';
import { guarded, isUuid, notFound, numberOf, type RepositoryContext } from './repository-context.ts';

interface WindowRow {
  document_id: string;
  company_rut: string;
  received_at: Date;
  deadline: Date;
  status: ReceiverStatus;
  polls: number;
  last_polled_at: Date | null;
  closed_at: Date | null;
  updated_at: Date;
}

interface EventRow {
  id: number | string;
  company_rut: string;
  document_id: string;
  code: string;
  description: string;
  responsible_rut: string;
  occurred_at: Date;
  sii_time: string;
  recorded_at: Date;
  notified_at: Date | null;
}

/** The registry's events and windows of our documents (tables registry_events and registry_windows). */
export function createRegistryRepository(context: RepositoryContext): RegistryRecords {
  const { database } = context;
  const selectEvents = async (where: string, companyRut: string, documentId: string) => {
    if (!isUuid(documentId)) return [];
    const { rows } = await database.query<EventRow>(
      `SELECT * FROM registry_events WHERE company_rut = $1 AND document_id = $2 ${where} ORDER BY occurred_at, id`, [companyRut, documentId],
    );
    return rows.map(eventOf);
  };
  return {
    async openWindow(companyRut, documentId, receivedAt, deadline) {
      if (!isUuid(documentId)) throw notFound('document', documentId, companyRut);
      const { rows } = await guarded({ foreignKey: `There is no document ${documentId} for company ${companyRut}.` }, () => database.query<WindowRow>(
        `INSERT INTO registry_windows (document_id, company_rut, received_at, deadline, status)
         SELECT id, company_rut, $3, $4, 'pending' FROM documents WHERE id = $2 AND company_rut = $1
         ON CONFLICT (document_id) DO NOTHING RETURNING *`, [companyRut, documentId, receivedAt, deadline],
      ));
      if (rows[0] !== undefined) return windowOf(rows[0]);
      const existing = await this.window(companyRut, documentId);
      if (existing === undefined) throw notFound('document', documentId, companyRut);
      return existing;
    },
    async window(companyRut, documentId) {
      if (!isUuid(documentId)) return undefined;
      const { rows } = await database.query<WindowRow>('SELECT * FROM registry_windows WHERE company_rut = $1 AND document_id = $2', [companyRut, documentId]);
      return rows[0] === undefined ? undefined : windowOf(rows[0]);
    },
    async updateWindow(companyRut, documentId, change) {
      if (!isUuid(documentId)) throw notFound('registry window', documentId, companyRut);
      const { rows } = await database.query<WindowRow>(
        `UPDATE registry_windows SET status = COALESCE($3, status),
           polls = polls + (CASE WHEN $4::timestamptz IS NULL THEN 0 ELSE 1 END), last_polled_at = COALESCE($4, last_polled_at),
           closed_at = COALESCE(closed_at, $5), received_at = COALESCE($6, received_at), deadline = COALESCE($7, deadline), updated_at = now()
         WHERE company_rut = $1 AND document_id = $2 RETURNING *`,
        [companyRut, documentId, change.status ?? null, change.polledAt ?? null, change.closedAt ?? null,
          change.reception?.receivedAt ?? null, change.reception?.deadline ?? null],
      );
      if (rows[0] === undefined) throw notFound('registry window', documentId, companyRut);
      return windowOf(rows[0]);
    },
    async openWindows(limit) {
      const { rows } = await database.query<WindowRow>(
        'SELECT * FROM registry_windows WHERE closed_at IS NULL ORDER BY deadline, document_id LIMIT $1', [limit === undefined ? 5_000 : Math.max(1, Math.floor(limit))],
      );
      return rows.map(windowOf);
    },
    async addEvents(companyRut, documentId, events) {
      const added: RegistryEventRecord[] = [];
      for (const event of events) {
        const { rows } = await guarded({ foreignKey: `There is no document ${documentId} for company ${companyRut}.` }, () => database.query<EventRow>(
          `INSERT INTO registry_events (company_rut, document_id, code, description, responsible_rut, occurred_at, sii_time)
           SELECT company_rut, id, $3, $4, $5, $6, $7 FROM documents WHERE id = $2 AND company_rut = $1
           ON CONFLICT (document_id, code, responsible_rut, occurred_at) DO NOTHING RETURNING *`,
          [companyRut, documentId, event.code, event.description, event.responsibleRut, event.at, event.siiTime],
        ));
        if (rows[0] !== undefined) added.push(eventOf(rows[0]));
      }
      return added.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
    },
    events: (companyRut, documentId) => selectEvents('', companyRut, documentId),
    unnotified: (companyRut, documentId) => selectEvents('AND notified_at IS NULL', companyRut, documentId),
    async markNotified(companyRut, ids, at) {
      if (ids.length === 0) return;
      await database.query(
        'UPDATE registry_events SET notified_at = COALESCE(notified_at, $3) WHERE company_rut = $1 AND id = ANY($2::bigint[])', [companyRut, ids.map(String), at],
      );
    },
  };
}

function windowOf(row: WindowRow): RegistryWindow {
  return {
    documentId: row.document_id, companyRut: row.company_rut, receivedAt: row.received_at, deadline: row.deadline, status: row.status,
    polls: Number(row.polls), lastPolledAt: row.last_polled_at, closedAt: row.closed_at, updatedAt: row.updated_at,
  };
}

function eventOf(row: EventRow): RegistryEventRecord {
  return {
    id: numberOf(row.id), companyRut: row.company_rut, documentId: row.document_id, code: row.code, description: row.description,
    responsibleRut: row.responsible_rut, at: row.occurred_at, siiTime: row.sii_time, recordedAt: row.recorded_at, notifiedAt: row.notified_at,
  };
}

