import type { Migration } from './migration.ts';

/**
 * Each company's documents waiting for an upload, oldest first: the submit job reads one company's at
 * a time, so one company's backlog never hides or delays another's.
 */
export const pendingByCompany: Migration = {
  id: 2,
  name: 'pending-by-company',
  statements: [
    `CREATE INDEX documents_pending_by_company ON documents (company_rut, sequence) WHERE state IN ('signed', 'queued', 'failed')`,
  ],
};
