import { randomUUID } from 'node:crypto';
import type { CertificateRepository } from '../app/ports/store.ts';
import type { CertificateSummary } from '../app/ports/records.ts';
import { atomically, bytesOf, guarded, type RepositoryContext } from './repository-context.ts';
import type { SecretPlace } from './secret-box.ts';

interface CertificateRow {
  id: string;
  company_rut: string;
  subject: string;
  signer_rut: string | null;
  valid_from: Date;
  valid_to: Date;
  active: boolean;
  created_at: Date;
}

const COLUMNS = 'id, company_rut, subject, signer_rut, valid_from, valid_to, active, created_at';

/**
 * Signing certificates. The PKCS#12 file and its password are sealed separately, each bound to its
 * company, row and column; one certificate per company is active (a partial unique index says so).
 */
export function createCertificateRepository(context: RepositoryContext): CertificateRepository {
  const { database, secrets } = context;
  return {
    add(companyRut, certificate) {
      return atomically(context, async ({ database: transaction }) => {
        const id = randomUUID();
        const pkcs12 = secrets.seal(certificate.pkcs12, place(companyRut, id, 'pkcs12'));
        const password = secrets.seal(Buffer.from(certificate.password, 'utf8'), place(companyRut, id, 'password'));
        await transaction.query('UPDATE certificates SET active = false WHERE company_rut = $1 AND active', [companyRut]);
        const { rows } = await guarded({ foreignKey: `Company ${companyRut} is not registered.` }, () =>
          transaction.query<CertificateRow>(
            `INSERT INTO certificates (id, company_rut, pkcs12, password, subject, signer_rut, valid_from, valid_to, active)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true) RETURNING ${COLUMNS}`,
            [id, companyRut, pkcs12, password, certificate.subject, certificate.signerRut, certificate.validFrom, certificate.validTo],
          ));
        return summaryOf(rows[0] as CertificateRow);
      });
    },
    async active(companyRut) {
      const { rows } = await database.query<CertificateRow & { pkcs12: Uint8Array; password: Uint8Array }>(
        `SELECT ${COLUMNS}, pkcs12, password FROM certificates WHERE company_rut = $1 AND active`,
        [companyRut],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        summary: summaryOf(row),
        pkcs12: secrets.open(bytesOf(row.pkcs12), place(companyRut, row.id, 'pkcs12')),
        password: secrets.open(bytesOf(row.password), place(companyRut, row.id, 'password')).toString('utf8'),
      };
    },
    async list(companyRut) {
      const { rows } = await database.query<CertificateRow>(
        `SELECT ${COLUMNS} FROM certificates WHERE company_rut = $1 ORDER BY created_at DESC, id`,
        [companyRut],
      );
      return rows.map(summaryOf);
    },
  };
}

function place(companyRut: string, rowId: string, column: 'pkcs12' | 'password'): SecretPlace {
  return { column: `certificates.${column}`, companyRut, rowId, label: column === 'pkcs12' ? 'certificate file' : 'certificate password' };
}

function summaryOf(row: CertificateRow): CertificateSummary {
  return {
    id: row.id,
    companyRut: row.company_rut,
    subject: row.subject,
    signerRut: row.signer_rut,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    active: row.active,
    createdAt: row.created_at,
  };
}
