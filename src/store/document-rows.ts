import type { DocumentState } from '../app/ports/document-states.ts';
import type { DocumentRecord, JsonObject } from '../app/ports/records.ts';
import { numberOf } from './repository-context.ts';

/** A `documents` row as selected with DOCUMENT_COLUMNS. */
export interface DocumentRow {
  id: string;
  sequence: string | number;
  company_rut: string;
  document_type: number;
  folio: string | number;
  caf_id: string | null;
  state: DocumentState;
  issue_date: string;
  receiver_rut: string;
  total_amount: string | number;
  request: DocumentRecord['request'];
  sii_track_id: string | null;
  sii_codes: JsonObject | null;
  callback_url: string | null;
  odoo_reference: JsonObject | null;
  created_at: Date;
  updated_at: Date;
}

/** Every column of a document but its XML, qualified by `d`. */
export const DOCUMENT_COLUMNS = [
  'd.id', 'd.sequence', 'd.company_rut', 'd.document_type', 'd.folio', 'd.caf_id', 'd.state',
  'd.issue_date::text AS issue_date', 'd.receiver_rut', 'd.total_amount', 'd.request', 'd.sii_track_id', 'd.sii_codes',
  'd.callback_url', 'd.odoo_reference', 'd.created_at', 'd.updated_at',
].join(', ');

/** The same columns for a RETURNING clause, where the table has no alias. */
export const RETURNED_DOCUMENT_COLUMNS = DOCUMENT_COLUMNS.replace(/\bd\./g, '');

/** Maps a row to the record the application sees. */
export function documentOf(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    companyRut: row.company_rut,
    type: row.document_type,
    folio: numberOf(row.folio),
    cafId: row.caf_id,
    state: row.state,
    issueDate: row.issue_date,
    receiverRut: row.receiver_rut,
    totalAmount: numberOf(row.total_amount),
    request: row.request,
    trackId: row.sii_track_id,
    siiCodes: row.sii_codes,
    callbackUrl: row.callback_url,
    odooReference: row.odoo_reference,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
