import { randomUUID } from 'node:crypto';
import type { NewReceivedDocument, ReceivedRepository } from '../app/ports/received.ts';
import { DteError } from '../core/errors.ts';
import type { Database } from './database.ts';
import {
  ANSWER_COLUMNS, answerOf, DOCUMENT_COLUMNS, documentOf, ENVELOPE_COLUMNS, envelopeOf,
  type AnswerRow, type DocumentRow, type EnvelopeRow,
} from './received-rows.ts';
import { atomically, bytesOf, guarded, isUuid, jsonParameter, notFound, numberOf, pageSize, type RepositoryContext } from './repository-context.ts';

function bytesParameter(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function insertDocument(database: Database, companyRut: string, envelopeId: string, document: NewReceivedDocument): Promise<void> {
  await database.query(
    `INSERT INTO received_documents (id, envelope_id, company_rut, position, document_key, document_type, folio, issue_date, issuer_rut,
       issuer_name, receiver_rut, total_amount, status_code, status_glosa, status_detail, checks, xml, state, deadline)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17, $18, $19)`,
    [
      randomUUID(), envelopeId, companyRut, document.position, document.key ?? null, document.TipoDTE ?? null, document.Folio ?? null,
      document.FchEmis ?? null, document.RUTEmisor ?? null, document.RznSoc ?? null, document.RUTRecep ?? null, document.MntTotal ?? null,
      document.status.code, document.status.glosa, document.status.detail, jsonParameter(document.checks), bytesParameter(document.xml),
      document.status.code === 0 ? 'received' : 'refused', document.deadline ?? null,
    ],
  );
}

/** An id from outside, checked before it reaches SQL (a malformed uuid is an error there). */
function byId<Row>(id: string, query: () => Promise<{ rows: Row[] }>): Promise<{ rows: Row[] }> {
  return isUuid(id) ? query() : Promise.resolve({ rows: [] });
}

/** The received-documents repository (received_envelopes, received_documents, received_answers). */
export function createReceivedRepository(context: RepositoryContext): ReceivedRepository {
  const { database } = context;
  return {
    async findByFile(companyRut, fileSha256) {
      const { rows } = await database.query<EnvelopeRow>(
        `SELECT ${ENVELOPE_COLUMNS} FROM received_envelopes WHERE company_rut = $1 AND file_sha256 = $2`, [companyRut, fileSha256],
      );
      return rows[0] === undefined ? undefined : envelopeOf(rows[0]);
    },
    async known(companyRut, digests, documentKeys) {
      const { rows: envelopes } = await database.query<{ digest: string }>(
        'SELECT DISTINCT digest FROM received_envelopes WHERE company_rut = $1 AND digest = ANY($2::text[])', [companyRut, [...digests]],
      );
      const { rows: documents } = await database.query<{ document_key: string }>(
        'SELECT DISTINCT document_key FROM received_documents WHERE company_rut = $1 AND document_key = ANY($2::text[])', [companyRut, [...documentKeys]],
      );
      return { envelopeDigests: new Set(envelopes.map((row) => row.digest)), documentKeys: new Set(documents.map((row) => row.document_key)) };
    },
    insertEnvelope: (companyRut, envelope) =>
      atomically(context, async ({ database: transaction }) => {
        const id = randomUUID();
        const { rows } = await guarded({ unique: `The file ${envelope.fileSha256} was received before.`, foreignKey: `There is no company ${companyRut}.` }, () =>
          transaction.query<EnvelopeRow>(
            `INSERT INTO received_envelopes (id, company_rut, file_sha256, file_name, file_size, original, source, mail, digest, set_id, issuer_rut,
               status_code, status_glosa, status_detail, checks, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15::jsonb, $16) RETURNING ${ENVELOPE_COLUMNS}`,
            [
              id, companyRut, envelope.fileSha256, envelope.fileName, envelope.fileSize,
              envelope.original === undefined ? null : bytesParameter(envelope.original), envelope.source, jsonParameter(envelope.mail),
              envelope.digest ?? null, envelope.SetDTEID ?? null, envelope.RutEmisor ?? null, envelope.status.code, envelope.status.glosa,
              envelope.status.detail, jsonParameter(envelope.checks), envelope.receivedAt,
            ],
          ));
        for (const document of envelope.documents) await insertDocument(transaction, companyRut, id, document);
        return envelopeOf(rows[0]!);
      }),
    async getEnvelope(companyRut, id) {
      const { rows } = await byId(id, () =>
        database.query<EnvelopeRow>(`SELECT ${ENVELOPE_COLUMNS} FROM received_envelopes WHERE company_rut = $1 AND id = $2`, [companyRut, id]));
      return rows[0] === undefined ? undefined : envelopeOf(rows[0]);
    },
    async getOriginal(companyRut, envelopeId) {
      const { rows } = await byId(envelopeId, () =>
        database.query<{ original: Uint8Array | null }>('SELECT original FROM received_envelopes WHERE company_rut = $1 AND id = $2', [companyRut, envelopeId]));
      return rows[0]?.original == null ? undefined : bytesOf(rows[0].original);
    },
    async getDocument(companyRut, id) {
      const { rows } = await byId(id, () =>
        database.query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM received_documents WHERE company_rut = $1 AND id = $2`, [companyRut, id]));
      return rows[0] === undefined ? undefined : documentOf(rows[0]);
    },
    async getDocumentXml(companyRut, id) {
      const { rows } = await byId(id, () =>
        database.query<{ xml: Uint8Array }>('SELECT xml FROM received_documents WHERE company_rut = $1 AND id = $2', [companyRut, id]));
      return rows[0] === undefined ? undefined : bytesOf(rows[0].xml);
    },
    async companyOfDocument(id) {
      const { rows } = await byId(id, () => database.query<{ company_rut: string }>('SELECT company_rut FROM received_documents WHERE id = $1', [id]));
      return rows[0]?.company_rut;
    },
    async documentsOf(companyRut, envelopeId) {
      const { rows } = await byId(envelopeId, () => database.query<DocumentRow>(
        `SELECT ${DOCUMENT_COLUMNS} FROM received_documents WHERE company_rut = $1 AND envelope_id = $2 ORDER BY position`, [companyRut, envelopeId]));
      return rows.map(documentOf);
    },
    async listDocuments(companyRut, filter = {}) {
      const parameters: unknown[] = [companyRut];
      const conditions = ['company_rut = $1'];
      if (filter.state !== undefined) {
        parameters.push(filter.state);
        conditions.push(`state = $${parameters.length}`);
      }
      if (filter.cursor !== undefined) {
        if (!/^\d{1,18}$/.test(filter.cursor)) {
          const message = `cursor "${filter.cursor.slice(0, 40)}" is not one this API returned; use the nextCursor of the previous page.`;
          throw new DteError('VALIDATION_FAILED', message, { details: [{ pointer: '/cursor', message }] });
        }
        parameters.push(filter.cursor);
        conditions.push(`sequence < $${parameters.length}`);
      }
      const limit = pageSize(filter.limit);
      const { rows } = await database.query<DocumentRow>(
        `SELECT ${DOCUMENT_COLUMNS} FROM received_documents WHERE ${conditions.join(' AND ')} ORDER BY sequence DESC LIMIT ${limit + 1}`, parameters,
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return rows.length > limit && last ? { items: page.map(documentOf), next: String(numberOf(last.sequence)) } : { items: page.map(documentOf) };
    },
    async setDeadline(companyRut, id, deadline) {
      await context.database.query('UPDATE received_documents SET deadline = $3 WHERE company_rut = $1 AND id = $2', [companyRut, id, deadline]);
    },
    decide: (companyRut, id, decision) =>
      atomically(context, async ({ database: transaction }) => {
        const { rows } = await byId(id, () => transaction.query<{ state: string }>(
          'SELECT state FROM received_documents WHERE company_rut = $1 AND id = $2 FOR UPDATE', [companyRut, id]));
        if (rows[0] === undefined) throw notFound('received document', id, companyRut);
        if (rows[0].state !== 'received') {
          throw new DteError('CONFLICT', `The received document ${id} is ${rows[0].state}: it cannot be decided again.`, { details: { id, state: rows[0].state } });
        }
        const { rows: updated } = await transaction.query<DocumentRow>(
          `UPDATE received_documents SET state = $3, decision = $4::jsonb, decided_at = now() WHERE company_rut = $1 AND id = $2 RETURNING ${DOCUMENT_COLUMNS}`,
          [companyRut, id, decision.result, jsonParameter(decision)],
        );
        return documentOf(updated[0]!);
      }),
    async nextAnswerNumber() {
      const { rows } = await database.query<{ number: unknown }>("SELECT nextval('received_answer_numbers') AS number");
      return numberOf(rows[0]!.number);
    },
    async addAnswer(companyRut, answer) {
      const { rows } = await guarded({ unique: `The ${answer.kind} of ${answer.documentId ?? answer.envelopeId} was made before.`, foreignKey: 'There is no such received envelope or document.' }, () =>
        database.query<AnswerRow>(
          `INSERT INTO received_answers (id, company_rut, envelope_id, document_id, kind, id_respuesta, xml, file_name, recipient, in_reply_to, state)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${ANSWER_COLUMNS}`,
          [
            randomUUID(), companyRut, answer.envelopeId, answer.documentId ?? null, answer.kind, answer.idRespuesta ?? null, bytesParameter(answer.xml),
            answer.fileName, answer.recipient ?? null, answer.inReplyTo ?? null, answer.recipient === undefined ? 'unaddressed' : 'queued',
          ],
        ));
      return answerOf(rows[0]!);
    },
    async answersOf(companyRut, envelopeId) {
      const { rows } = await byId(envelopeId, () => database.query<AnswerRow>(
        `SELECT ${ANSWER_COLUMNS} FROM received_answers WHERE company_rut = $1 AND envelope_id = $2 ORDER BY sequence`, [companyRut, envelopeId]));
      return rows.map(answerOf);
    },
    async getAnswerXml(companyRut, id) {
      const { rows } = await byId(id, () =>
        database.query<{ xml: Uint8Array }>('SELECT xml FROM received_answers WHERE company_rut = $1 AND id = $2', [companyRut, id]));
      return rows[0] === undefined ? undefined : bytesOf(rows[0].xml);
    },
    async queuedAnswers(limit = 50) {
      const { rows } = await database.query<AnswerRow>(
        `SELECT ${ANSWER_COLUMNS} FROM received_answers WHERE state = 'queued' ORDER BY sequence LIMIT ${pageSize(limit)}`,
      );
      return rows.map(answerOf);
    },
    async markAnswerSent(companyRut, id, messageId) {
      await database.query(
        "UPDATE received_answers SET state = 'sent', message_id = $3, attempts = attempts + 1, sent_at = now(), last_error = NULL WHERE company_rut = $1 AND id = $2",
        [companyRut, id, messageId],
      );
    },
    async markAnswerFailed(companyRut, id, error, final) {
      await database.query(
        'UPDATE received_answers SET state = $4, attempts = attempts + 1, last_error = $3 WHERE company_rut = $1 AND id = $2',
        [companyRut, id, error.slice(0, 1000), final ? 'failed' : 'queued'],
      );
    },
  };
}
