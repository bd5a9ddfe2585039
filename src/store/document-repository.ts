import { randomUUID } from 'node:crypto';
import { DteError, validationError } from '../core/errors.ts';
import { DOCUMENT_COLUMNS, documentOf, RETURNED_DOCUMENT_COLUMNS, type DocumentRow } from './document-rows.ts';
import { checkTransition, UNSUBMITTED_STATES, type DocumentState } from '../core/document-states.ts';
import type { DocumentRepository } from '../app/ports/store.ts';
import type { DocumentRecord, JsonObject, NewDocument } from '../app/ports/records.ts';
import {
  atomically, bytesOf, guarded, isUuid, jsonParameter, notFound, numberOf, pageSize, type RepositoryContext,
} from './repository-context.ts';

/** Documents and their history. Every read and change is scoped by the company's RUT. */
export function createDocumentRepository(context: RepositoryContext): DocumentRepository {
  const { database } = context;
  const select = async (where: string, parameters: unknown[]): Promise<DocumentRecord | undefined> => {
    const { rows } = await database.query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE ${where}`, parameters);
    return rows[0] === undefined ? undefined : documentOf(rows[0]);
  };
  return {
    insertSigned: (companyRut, document) => insertSigned(context, companyRut, document),
    get: (companyRut, id) => (isUuid(id) ? select('d.company_rut = $1 AND d.id = $2', [companyRut, id]) : Promise.resolve(undefined)),
    async companyOf(id) {
      if (!isUuid(id)) return undefined;
      const { rows } = await database.query<{ company_rut: string }>('SELECT company_rut FROM documents WHERE id = $1', [id]);
      return rows[0]?.company_rut;
    },
    findByFolio: (companyRut, type, folio) =>
      select('d.company_rut = $1 AND d.document_type = $2 AND d.folio = $3', [companyRut, type, folio]),
    async getXml(companyRut, id) {
      if (!isUuid(id)) return undefined;
      const { rows } = await database.query<{ signed_xml: Uint8Array }>(
        'SELECT signed_xml FROM documents WHERE company_rut = $1 AND id = $2',
        [companyRut, id],
      );
      return rows[0] === undefined ? undefined : bytesOf(rows[0].signed_xml);
    },
    async list(companyRut, filter = {}) {
      const conditions = ['d.company_rut = $1'];
      const parameters: unknown[] = [companyRut];
      const add = (condition: string, value: unknown): void => {
        parameters.push(value);
        conditions.push(condition.replace('?', `$${parameters.length}`));
      };
      if (filter.state !== undefined) add('d.state = ?', filter.state);
      if (filter.type !== undefined) add('d.document_type = ?', filter.type);
      if (filter.folio !== undefined) add('d.folio = ?', filter.folio);
      if (filter.trackId !== undefined) add('d.sii_track_id = ?', filter.trackId);
      if (filter.receiverRut !== undefined) add('d.receiver_rut = ?', filter.receiverRut);
      if (filter.odoo !== undefined) add('d.odoo_reference = ?::jsonb', JSON.stringify({ model: filter.odoo.model, id: filter.odoo.id }));
      if (filter.after !== undefined) {
        // A cursor this store did not hand out is refused: ignoring it would silently restart at page one.
        if (!/^\d{1,18}$/.test(filter.after)) {
          const message = `cursor "${filter.after.slice(0, 40)}" is not one this API returned; use the nextCursor of the previous page.`;
          throw new DteError('VALIDATION_FAILED', message, { details: [{ pointer: '/cursor', message }] });
        }
        add('d.sequence < ?', filter.after);
      }
      const limit = pageSize(filter.limit);
      const { rows } = await database.query<DocumentRow>(
        `SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE ${conditions.join(' AND ')} ORDER BY d.sequence DESC LIMIT ${limit + 1}`,
        parameters,
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return rows.length > limit && last ? { items: page.map(documentOf), next: String(last.sequence) } : { items: page.map(documentOf) };
    },
    transition: (companyRut, id, to, options = {}) =>
      atomically(context, async ({ database: transaction }) => {
        const { rows } = isUuid(id)
          ? await transaction.query<{ state: DocumentState }>(
            'SELECT state FROM documents WHERE company_rut = $1 AND id = $2 FOR UPDATE',
            [companyRut, id],
          )
          : { rows: [] };
        const current = rows[0];
        if (current === undefined) throw notFound('document', id, companyRut);
        checkTransition(id, current.state, to);
        const { rows: updated } = await transaction.query<DocumentRow>(
          `WITH updated AS (
             UPDATE documents SET state = $3, sii_track_id = coalesce($4, sii_track_id),
               sii_codes = coalesce($5::jsonb, sii_codes), updated_at = now()
             WHERE company_rut = $1 AND id = $2 RETURNING ${RETURNED_DOCUMENT_COLUMNS}
           ), recorded AS (
             INSERT INTO document_history (document_id, from_state, to_state, detail) SELECT id, $6, $3, $7::jsonb FROM updated
           )
           SELECT * FROM updated`,
          [companyRut, id, to, options.trackId ?? null, jsonParameter(options.siiCodes), current.state, jsonParameter(options.detail)],
        );
        return documentOf(updated[0] as DocumentRow);
      }),
    async history(companyRut, id) {
      if (!isUuid(id)) return [];
      const { rows } = await database.query<{ from_state: DocumentState | null; to_state: DocumentState; at: Date; detail: JsonObject | null }>(
        `SELECT h.from_state, h.to_state, h.at, h.detail FROM document_history h JOIN documents d ON d.id = h.document_id
         WHERE d.company_rut = $1 AND d.id = $2 ORDER BY h.id`,
        [companyRut, id],
      );
      return rows.map((row) => ({ from: row.from_state, to: row.to_state, at: row.at, detail: row.detail }));
    },
    async pendingSubmission(companyRut, limit = 500) {
      const { rows } = await database.query<DocumentRow & { interrupted_envelope: string | null }>(
        `SELECT ${DOCUMENT_COLUMNS}, (SELECT e.id::text FROM envelope_documents m JOIN envelopes e ON e.id = m.envelope_id
           WHERE m.document_id = d.id AND e.state IN ('uploading', 'unconfirmed') ORDER BY e.updated_at DESC LIMIT 1) AS interrupted_envelope
         FROM documents d
         WHERE d.company_rut = $1 AND ${UNSUBMITTED} AND NOT ${inEnvelope('uploaded')}
         ORDER BY d.sequence LIMIT $2`,
        [companyRut, Math.max(1, Math.floor(limit))],
      );
      return rows.map((row) => ({
        ...documentOf(row), uploadInterrupted: row.interrupted_envelope !== null,
        ...(row.interrupted_envelope === null ? {} : { interruptedEnvelopeId: row.interrupted_envelope }),
      }));
    },
    async companiesWithPending() {
      const { rows } = await database.query<{ company_rut: string }>(
        `SELECT c.rut AS company_rut FROM companies c WHERE EXISTS (SELECT 1 FROM documents d
           WHERE d.company_rut = c.rut AND ${UNSUBMITTED} AND NOT ${inEnvelope('uploaded')})
         ORDER BY c.rut`,
      );
      return rows.map((row) => row.company_rut);
    },
  };
}

async function insertSigned(context: RepositoryContext, companyRut: string, document: NewDocument): Promise<DocumentRecord> {
  const { issued } = document;
  const emisor = issued.request.Encabezado.Emisor.RUTEmisor;
  if (emisor.toUpperCase() !== companyRut.toUpperCase()) {
    throw validationError([{ pointer: '/Encabezado/Emisor/RUTEmisor', message: `The Emisor ${emisor} is not company ${companyRut}.` }]);
  }
  const id = document.id ?? randomUUID();
  const { rows } = await guarded(
    {
      unique: `Company ${companyRut} already has a document of type ${issued.TipoDTE} with folio ${issued.Folio} (or the id ${id} is taken).`,
      foreignKey: `Company ${companyRut} or CAF ${document.cafId ?? '(none)'} is not registered.`,
    },
    () => context.database.query<DocumentRow>(
      `WITH inserted AS (
         INSERT INTO documents (id, company_rut, document_type, folio, caf_id, issue_date, receiver_rut, total_amount,
           request, signed_xml, state, callback_url, odoo_reference)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, 'signed', $11, $12::jsonb)
         RETURNING ${RETURNED_DOCUMENT_COLUMNS}
       ), recorded AS (
         INSERT INTO document_history (document_id, from_state, to_state, detail) SELECT id, NULL, 'signed', $13::jsonb FROM inserted
       ), completed AS (
         UPDATE idempotency_keys SET document_id = (SELECT id FROM inserted) WHERE company_rut = $2 AND key = $14 RETURNING key
       )
       SELECT inserted.*, (SELECT count(*) FROM completed) AS keys_completed FROM inserted`,
      [id, companyRut, issued.TipoDTE, issued.Folio, document.cafId ?? null, issued.FchEmis, issued.RUTRecep,
        issued.Totales.MntTotal, jsonParameter(issued.request), issued.xml, document.callbackUrl ?? null,
        jsonParameter(document.odooReference), jsonParameter(document.detail), document.idempotencyKey ?? null],
    ),
  );
  const row = rows[0] as DocumentRow & { keys_completed: string | number };
  if (document.idempotencyKey !== undefined && numberOf(row.keys_completed) !== 1) {
    throw new Error(`Idempotency key "${document.idempotencyKey}" of company ${companyRut} was not claimed in this transaction.`);
  }
  return documentOf(row);
}

/** The unsubmitted states as SQL literals, so the planner can use the partial index documents_pending_by_company. */
const UNSUBMITTED = `d.state IN (${UNSUBMITTED_STATES.map((state) => `'${state}'`).join(', ')})`;

/** Whether document `d` is in an envelope in the given state. */
function inEnvelope(state: 'uploaded'): string {
  return `EXISTS (SELECT 1 FROM envelope_documents m JOIN envelopes e ON e.id = m.envelope_id WHERE m.document_id = d.id AND e.state = '${state}')`;
}
