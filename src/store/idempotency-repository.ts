import { DteError } from '../core/errors.ts';
import type { IdempotencyRepository } from '../app/ports/store.ts';
import { guarded, isUuid, numberOf, type RepositoryContext } from './repository-context.ts';

/**
 * Idempotency keys, per company. The primary key (company, key) makes a concurrent twin's INSERT wait
 * for the first transaction: when it commits, the twin finds the row and replays its document; when it
 * rolls back, the twin claims the key itself.
 */
export function createIdempotencyRepository(context: RepositoryContext): IdempotencyRepository {
  const { database } = context;
  return {
    async claim(companyRut, key, requestHash) {
      const { rows: inserted } = await guarded({ foreignKey: `Company ${companyRut} is not registered.` }, () => database.query(
        `INSERT INTO idempotency_keys (company_rut, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT (company_rut, key) DO NOTHING RETURNING key`,
        [companyRut, key, requestHash],
      ));
      if (inserted.length > 0) return { kind: 'new' };
      const { rows } = await database.query<{ request_hash: string; document_id: string | null }>(
        'SELECT request_hash, document_id FROM idempotency_keys WHERE company_rut = $1 AND key = $2',
        [companyRut, key],
      );
      const existing = rows[0];
      if (existing === undefined) throw new DteError('CONFLICT', `Idempotency key "${key}" was released while being claimed; send the request again.`, { retryable: true });
      if (existing.request_hash !== requestHash) {
        throw new DteError('CONFLICT', `Idempotency key "${key}" was already used with a different request body; use a new key for a new document.`, {
          details: { key },
        });
      }
      if (existing.document_id === null) {
        throw new DteError('CONFLICT', `The request with idempotency key "${key}" is still being processed; ask again shortly.`, { retryable: true, details: { key } });
      }
      return { kind: 'replay', documentId: existing.document_id };
    },
    async complete(companyRut, key, documentId) {
      if (!isUuid(documentId)) throw new Error(`"${documentId}" is not a document id.`);
      const { rows } = await guarded({ foreignKey: `Document ${documentId} does not exist.` }, () => database.query(
        'UPDATE idempotency_keys SET document_id = $3 WHERE company_rut = $1 AND key = $2 RETURNING key',
        [companyRut, key, documentId],
      ));
      if (rows.length === 0) throw new Error(`Idempotency key "${key}" of company ${companyRut} was not claimed before being completed.`);
    },
    async prune(before) {
      const { rows } = await database.query<{ count: string | number }>(
        'WITH removed AS (DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING 1) SELECT count(*) AS count FROM removed',
        [before],
      );
      return numberOf(rows[0]?.count ?? 0);
    },
  };
}
