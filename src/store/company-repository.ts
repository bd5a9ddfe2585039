import type { CompanyRepository } from '../app/ports/store.ts';
import type { Company } from '../app/ports/records.ts';
import type { SiiEnvironment } from '../core/sii-environment.ts';
import type { RepositoryContext } from './repository-context.ts';

interface CompanyRow {
  rut: string;
  name: string;
  giro: string;
  acteco: number[];
  address: string;
  commune: string;
  resolution_number: number;
  resolution_date: string;
  sii_environment: SiiEnvironment;
}

const COLUMNS = 'rut, name, giro, acteco, address, commune, resolution_number, resolution_date::text AS resolution_date, sii_environment';

/** Companies, stored in clear: nothing about them is secret. */
export function createCompanyRepository(context: RepositoryContext): CompanyRepository {
  const { database } = context;
  return {
    async save(company) {
      const { rows } = await database.query<CompanyRow>(
        `INSERT INTO companies (rut, name, giro, acteco, address, commune, resolution_number, resolution_date, sii_environment)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (rut) DO UPDATE SET name = excluded.name, giro = excluded.giro, acteco = excluded.acteco,
           address = excluded.address, commune = excluded.commune, resolution_number = excluded.resolution_number,
           resolution_date = excluded.resolution_date, sii_environment = excluded.sii_environment, updated_at = now()
         RETURNING ${COLUMNS}`,
        [company.rut, company.name, company.giro, company.acteco, company.address, company.commune,
          company.resolutionNumber, company.resolutionDate, company.siiEnvironment],
      );
      return companyOf(rows[0] as CompanyRow);
    },
    async get(rut) {
      const { rows } = await database.query<CompanyRow>(`SELECT ${COLUMNS} FROM companies WHERE rut = $1`, [rut]);
      return rows[0] === undefined ? undefined : companyOf(rows[0]);
    },
    async list() {
      const { rows } = await database.query<CompanyRow>(`SELECT ${COLUMNS} FROM companies ORDER BY rut`);
      return rows.map(companyOf);
    },
  };
}

function companyOf(row: CompanyRow): Company {
  return {
    rut: row.rut,
    name: row.name,
    giro: row.giro,
    acteco: row.acteco.map(Number),
    address: row.address,
    commune: row.commune,
    resolutionNumber: row.resolution_number,
    resolutionDate: row.resolution_date,
    siiEnvironment: row.sii_environment,
  };
}
