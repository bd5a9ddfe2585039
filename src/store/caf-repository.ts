import { randomUUID } from 'node:crypto';
import { parseCaf, type Caf } from '../core/caf.ts';
import { DteError } from '../core/errors.ts';
import type { CafRepository } from '../app/ports/store.ts';
import type { CafSummary } from '../app/ports/records.ts';
import { atomically, bytesOf, guarded, isUuid, numberOf, type RepositoryContext } from './repository-context.ts';
import type { SecretPlace } from './secret-box.ts';

interface CafRow {
  id: string;
  company_rut: string;
  document_type: number;
  first_folio: string | number;
  last_folio: string | number;
  authorised_on: string;
  key_id: number;
  created_at: Date;
}

const COLUMNS = 'id, company_rut, document_type, first_folio, last_folio, authorised_on::text AS authorised_on, key_id, created_at';

/**
 * CAFs. The whole file is sealed (it holds RSASK, the key that signs timbres); TD, D, H, FA and IDK
 * are kept in clear, read from the file itself, so folio allocation and metrics never decrypt anything.
 */
export function createCafRepository(context: RepositoryContext): CafRepository {
  const { database, secrets } = context;
  return {
    async add(companyRut, xml) {
      const caf = readCaf(companyRut, xml);
      return atomically(context, async ({ database: transaction }) => {
        await lockCounter(transaction, companyRut, caf);
        const { rows: overlapping } = await transaction.query<CafRow>(
          `SELECT ${COLUMNS} FROM cafs WHERE company_rut = $1 AND document_type = $2 AND first_folio <= $4 AND last_folio >= $3`,
          [companyRut, caf.TD, caf.D, caf.H],
        );
        const twin = overlapping.find((row) => numberOf(row.first_folio) === caf.D && numberOf(row.last_folio) === caf.H);
        if (twin) return summaryOf(twin);
        const other = overlapping[0];
        if (other !== undefined) {
          throw new DteError('CONFLICT', `The CAF for type ${caf.TD}, folios ${caf.D}-${caf.H}, overlaps the stored CAF ${other.id} (folios ${other.first_folio}-${other.last_folio}).`);
        }
        const id = randomUUID();
        const { rows } = await transaction.query<CafRow>(
          `INSERT INTO cafs (id, company_rut, document_type, first_folio, last_folio, authorised_on, key_id, xml)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
          [id, companyRut, caf.TD, caf.D, caf.H, caf.FA, caf.IDK, secrets.seal(xml, place(companyRut, id))],
        );
        return summaryOf(rows[0] as CafRow);
      });
    },
    async get(companyRut, id) {
      if (!isUuid(id)) return undefined;
      const { rows } = await database.query<CafRow & { xml: Uint8Array }>(
        `SELECT ${COLUMNS}, xml FROM cafs WHERE company_rut = $1 AND id = $2`,
        [companyRut, id],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return { summary: summaryOf(row), xml: secrets.open(bytesOf(row.xml), place(companyRut, id)) };
    },
    async list(companyRut) {
      const { rows } = await database.query<CafRow>(
        `SELECT ${COLUMNS} FROM cafs WHERE company_rut = $1 ORDER BY document_type, first_folio`,
        [companyRut],
      );
      return rows.map(summaryOf);
    },
  };
}

function readCaf(companyRut: string, xml: Uint8Array): Caf {
  const caf = parseCaf(xml);
  if (caf.RE.toUpperCase() !== companyRut.toUpperCase()) {
    throw new DteError('CAF_INVALID', `The CAF was issued to ${caf.RE}, not to company ${companyRut}.`);
  }
  if (caf.privateKey === undefined) {
    throw new DteError('CAF_INVALID', `The CAF for type ${caf.TD}, folios ${caf.D}-${caf.H}, has no usable private key (RSASK), so it cannot sign timbres.`);
  }
  return caf;
}

/**
 * Creates the type's folio counter on its first CAF, then locks it, so a CAF is never added while a
 * folio of its type is being handed out. Before any folio is handed out, the counter starts at the
 * lowest D; after, a CAF wholly below the counter would never be used and is refused.
 */
async function lockCounter(transaction: RepositoryContext['database'], companyRut: string, caf: Caf): Promise<void> {
  await guarded({ foreignKey: `Company ${companyRut} is not registered.` }, () => transaction.query(
    `INSERT INTO folio_counters (company_rut, document_type, next_folio) VALUES ($1, $2, $3)
     ON CONFLICT (company_rut, document_type) DO NOTHING`,
    [companyRut, caf.TD, caf.D],
  ));
  const { rows } = await transaction.query<{ next_folio: string | number; allocated: string | number }>(
    'SELECT next_folio, allocated FROM folio_counters WHERE company_rut = $1 AND document_type = $2 FOR UPDATE',
    [companyRut, caf.TD],
  );
  const counter = rows[0];
  if (counter === undefined) throw new Error('The folio counter vanished while locked.');
  const next = numberOf(counter.next_folio);
  if (numberOf(counter.allocated) === 0 && caf.D < next) {
    await transaction.query('UPDATE folio_counters SET next_folio = $3 WHERE company_rut = $1 AND document_type = $2', [companyRut, caf.TD, caf.D]);
  } else if (caf.H < next) {
    throw new DteError('CONFLICT', `The CAF for type ${caf.TD}, folios ${caf.D}-${caf.H}, lies below folio ${next}, which is already being issued: its folios would never be used.`);
  }
}

function place(companyRut: string, rowId: string): SecretPlace {
  return { column: 'cafs.xml', companyRut, rowId, label: 'CAF' };
}

function summaryOf(row: CafRow): CafSummary {
  return {
    id: row.id,
    companyRut: row.company_rut,
    type: row.document_type,
    firstFolio: numberOf(row.first_folio),
    lastFolio: numberOf(row.last_folio),
    authorizedOn: row.authorised_on,
    keyId: row.key_id,
    createdAt: row.created_at,
  };
}
