import { DteError } from '../core/errors.ts';
import type { Database } from './database.ts';
import type { FolioRepository } from '../app/ports/store.ts';
import type { AllocatedFolio } from '../app/ports/records.ts';
import { numberOf, type RepositoryContext } from './repository-context.ts';

/**
 * Folio allocation. Each (company, type) has a counter row holding the next folio. `allocate` advances
 * it with an UPDATE, which locks the row until the transaction ends: on PostgreSQL a concurrent issue
 * of the same type waits, then reads the counter as this transaction left it (advanced on commit,
 * untouched on rollback), so no folio is given twice and none is skipped. PGlite runs one transaction
 * at a time, which gives the same guarantee with the same SQL. The lock is held until COMMIT, so
 * callers keep the rest of the transaction short: sign and insert, nothing slow.
 */
export function createFolioRepository(context: RepositoryContext): FolioRepository {
  const { database } = context;
  return {
    async allocate(companyRut, type) {
      if (!context.inTransaction) {
        throw new Error('folios.allocate must run inside Store.transaction, with the insert of its document, or a failed issue would leave a gap.');
      }
      const { rows } = await database.query<{ folio: string | number; caf_id: string | null }>(
        `WITH advanced AS (
           UPDATE folio_counters SET next_folio = next_folio + 1, allocated = allocated + 1
           WHERE company_rut = $1 AND document_type = $2 RETURNING next_folio - 1 AS folio
         )
         SELECT advanced.folio, c.id AS caf_id FROM advanced
         LEFT JOIN cafs c ON c.company_rut = $1 AND c.document_type = $2 AND c.first_folio <= advanced.folio AND c.last_folio >= advanced.folio`,
        [companyRut, type],
      );
      const row = rows[0];
      if (row === undefined) {
        throw new DteError('CAF_EXHAUSTED', `Company ${companyRut} has no CAF for document type ${type}: load one from the SII before issuing.`, {
          details: { companyRut, type },
        });
      }
      const folio = numberOf(row.folio);
      return row.caf_id === null ? rollOver(database, companyRut, type, folio) : { folio, cafId: row.caf_id };
    },
    async left(companyRut) {
      const { rows } = await database.query<{ type: number; folios_left: string | number; cafs: string | number }>(
        `SELECT f.document_type AS type,
           coalesce(sum(c.last_folio - greatest(c.first_folio, f.next_folio) + 1) FILTER (WHERE c.last_folio >= f.next_folio), 0) AS folios_left,
           count(c.id) FILTER (WHERE c.last_folio >= f.next_folio) AS cafs
         FROM folio_counters f
         LEFT JOIN cafs c ON c.company_rut = f.company_rut AND c.document_type = f.document_type
         WHERE f.company_rut = $1
         GROUP BY f.document_type ORDER BY f.document_type`,
        [companyRut],
      );
      return rows.map((row) => ({ type: row.type, left: numberOf(row.folios_left), cafs: numberOf(row.cafs) }));
    },
  };
}

/**
 * The counter points past the CAF it was in (or into a gap between CAFs): moves it to the next CAF by D.
 * The row is locked by now, and this new statement sees every CAF committed while it waited.
 */
async function rollOver(database: Database, companyRut: string, type: number, folio: number): Promise<AllocatedFolio> {
  const { rows } = await database.query<{ id: string; first_folio: string | number }>(
    `SELECT id, first_folio FROM cafs WHERE company_rut = $1 AND document_type = $2 AND last_folio >= $3
     ORDER BY first_folio LIMIT 1`,
    [companyRut, type, folio],
  );
  const caf = rows[0];
  if (caf === undefined) {
    await database.query(
      'UPDATE folio_counters SET next_folio = $3, allocated = allocated - 1 WHERE company_rut = $1 AND document_type = $2',
      [companyRut, type, folio],
    );
    throw new DteError('CAF_EXHAUSTED', `Company ${companyRut} has used every folio of its CAFs for document type ${type} (the last was ${folio - 1}): load a new CAF from the SII.`, {
      details: { companyRut, type, lastFolio: folio - 1 },
    });
  }
  const chosen = Math.max(folio, numberOf(caf.first_folio));
  await database.query('UPDATE folio_counters SET next_folio = $3 WHERE company_rut = $1 AND document_type = $2', [companyRut, type, chosen + 1]);
  return { folio: chosen, cafId: caf.id };
}
