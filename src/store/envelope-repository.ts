import { randomUUID } from 'node:crypto';
import { DteError, validationError } from '../core/errors.ts';
import { createDocumentRepository } from './document-repository.ts';
import type { EnvelopeRepository } from '../app/ports/store.ts';
import type { EnvelopeRecord, EnvelopeState, JsonObject } from '../app/ports/records.ts';
import {
  atomically, bytesOf, guarded, isUuid, jsonParameter, notFound, type RepositoryContext,
} from './repository-context.ts';

interface EnvelopeRow {
  id: string;
  company_rut: string;
  state: EnvelopeState;
  track_id: string | null;
  attempts: number;
  detail: JsonObject | null;
  document_ids: string[];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `e.id, e.company_rut, e.state, e.track_id, e.attempts, e.detail, e.created_at, e.updated_at,
  array(SELECT m.document_id::text FROM envelope_documents m WHERE m.envelope_id = e.id ORDER BY m.document_id) AS document_ids`;

/** What an envelope state change sets besides the state. */
interface EnvelopeChange {
  trackId?: string;
  detail?: JsonObject;
  countAttempt?: boolean;
}

/**
 * EnvioDTE envelopes: the record of every upload, written before the upload starts, so a worker that
 * dies mid-upload leaves an `uploading` envelope behind rather than nothing.
 */
export function createEnvelopeRepository(context: RepositoryContext): EnvelopeRepository {
  return {
    create: (companyRut, envelope) =>
      atomically(context, async ({ database }) => {
        const documentIds = [...new Set(envelope.documentIds)];
        if (documentIds.length === 0) throw validationError([{ pointer: '/documentIds', message: 'An envelope needs at least one document.' }]);
        const { rows: owned } = await database.query<{ id: string }>(
          'SELECT id::text AS id FROM documents WHERE company_rut = $1 AND id = ANY($2::uuid[])',
          [companyRut, documentIds.filter(isUuid)],
        );
        const missing = documentIds.filter((documentId) => !owned.some((row) => row.id === documentId));
        if (missing.length > 0) throw notFound('document', missing.join(', '), companyRut);
        const id = envelope.id ?? randomUUID();
        await database.query("INSERT INTO envelopes (id, company_rut, state, xml) VALUES ($1, $2, 'built', $3)", [id, companyRut, envelope.xml]);
        await database.query('INSERT INTO envelope_documents (envelope_id, document_id) SELECT $1, unnest($2::uuid[])', [id, documentIds]);
        return (await readEnvelope(database, companyRut, id)) as EnvelopeRecord;
      }),
    get: (companyRut, id) => readEnvelope(context.database, companyRut, id),
    async getXml(companyRut, id) {
      if (!isUuid(id)) return undefined;
      const { rows } = await context.database.query<{ xml: Uint8Array }>('SELECT xml FROM envelopes WHERE company_rut = $1 AND id = $2', [companyRut, id]);
      return rows[0] === undefined ? undefined : bytesOf(rows[0].xml);
    },
    startAttempt: (companyRut, id) => moveEnvelope(context, companyRut, id, ['built', 'failed', 'uploading', 'unconfirmed'], 'uploading', { countAttempt: true }),
    recordTrackId: (companyRut, id, trackId, detail) => moveEnvelope(context, companyRut, id, ['uploading', 'failed', 'unconfirmed'], 'uploaded', { trackId, ...(detail ? { detail } : {}) }),
    recordFailure: (companyRut, id, detail) => moveEnvelope(context, companyRut, id, ['built', 'uploading'], 'failed', { detail }),
    recordUnconfirmed: (companyRut, id, detail) => moveEnvelope(context, companyRut, id, ['uploading'], 'unconfirmed', { detail }),
    recordSettled: (companyRut, id, detail) => moveEnvelope(context, companyRut, id, ['uploading', 'unconfirmed'], 'processed', { detail }),
    async ofDocument(companyRut, documentId) {
      if (!isUuid(documentId)) return [];
      const { rows } = await context.database.query<EnvelopeRow>(
        `SELECT ${COLUMNS} FROM envelopes e JOIN envelope_documents d ON d.envelope_id = e.id
         WHERE e.company_rut = $1 AND d.document_id = $2 ORDER BY e.created_at, e.id`,
        [companyRut, documentId],
      );
      return rows.map(envelopeOf);
    },
    markProcessed: (companyRut, id, detail) => moveEnvelope(context, companyRut, id, ['uploaded'], 'processed', detail ? { detail } : {}),
    async awaitingVerdict(limit = 500) {
      const { rows } = await context.database.query<EnvelopeRow>(
        `SELECT ${COLUMNS} FROM envelopes e WHERE e.state = 'uploaded' ORDER BY e.updated_at, e.id LIMIT $1`,
        [Math.max(1, Math.floor(limit))],
      );
      return rows.map(envelopeOf);
    },
  };
}

function envelopeOf(row: EnvelopeRow): EnvelopeRecord {
  return {
    id: row.id,
    companyRut: row.company_rut,
    state: row.state,
    trackId: row.track_id,
    attempts: row.attempts,
    detail: row.detail,
    documentIds: row.document_ids,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One envelope, or undefined when the company has none of that id. */
async function readEnvelope(database: RepositoryContext['database'], companyRut: string, id: string): Promise<EnvelopeRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await database.query<EnvelopeRow>(`SELECT ${COLUMNS} FROM envelopes e WHERE e.company_rut = $1 AND e.id = $2`, [companyRut, id]);
  return rows[0] === undefined ? undefined : envelopeOf(rows[0]);
}

/** Moves an envelope from one of `from` to `to`, in one transaction; an upload moves its documents to submitted. */
function moveEnvelope(context: RepositoryContext, companyRut: string, id: string, from: readonly EnvelopeState[], to: EnvelopeState, change: EnvelopeChange): Promise<EnvelopeRecord> {
  return atomically(context, async (inner) => {
    const { rows } = isUuid(id)
      ? await inner.database.query<{ state: EnvelopeState }>('SELECT state FROM envelopes WHERE company_rut = $1 AND id = $2 FOR UPDATE', [companyRut, id])
      : { rows: [] };
    const current = rows[0];
    if (current === undefined) throw notFound('envelope', id, companyRut);
    if (!from.includes(current.state)) {
      throw new DteError('CONFLICT', `Envelope ${id} is ${current.state}; it can become ${to} only from ${from.join(' or ')}.`, {
        details: { envelopeId: id, from: current.state, to },
      });
    }
    await guarded({ unique: `Company ${companyRut} already has an envelope with track id ${change.trackId ?? ''}.` }, () => inner.database.query(
      `UPDATE envelopes SET state = $3, track_id = coalesce($4, track_id), detail = coalesce($5::jsonb, detail),
         attempts = attempts + $6, updated_at = now() WHERE company_rut = $1 AND id = $2`,
      [companyRut, id, to, change.trackId ?? null, jsonParameter(change.detail), change.countAttempt ? 1 : 0],
    ));
    if (to === 'uploaded' && change.trackId !== undefined) {
      const documents = createDocumentRepository(inner);
      const record = await readEnvelope(inner.database, companyRut, id);
      for (const documentId of record?.documentIds ?? []) {
        await documents.transition(companyRut, documentId, 'submitted', { trackId: change.trackId, detail: { envelopeId: id, ...change.detail } });
      }
    }
    return (await readEnvelope(inner.database, companyRut, id)) as EnvelopeRecord;
  });
}
