import type { DocumentState } from '../core/document-states.ts';
import type { DocumentRecord, DocumentSiiRecord, FailureRecord, JsonObject, OdooReference, SiiCode } from '../app/ports/records.ts';
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
    siiCodes: siiRecordOf(row.sii_codes),
    callbackUrl: row.callback_url,
    odooReference: odooReferenceOf(row.odoo_reference),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The sii_codes column read once, here: the codes as the API shows them, the SII's state and source,
 * and the failure record. Anything else in the JSON (older or foreign rows) is left out, not trusted.
 */
function siiRecordOf(value: JsonObject | null): DocumentSiiRecord | null {
  if (value === null) return null;
  const codes = Array.isArray(value.codes) ? value.codes.flatMap(siiCodeOf) : [];
  const failure = failureOf(value.failure);
  return {
    codes,
    ...(typeof value.state === 'string' ? { state: value.state } : {}),
    ...(typeof value.source === 'string' ? { source: value.source } : {}),
    ...(typeof value.trackId === 'string' ? { trackId: value.trackId } : {}),
    ...(failure === undefined ? {} : { failure }),
  };
}

function siiCodeOf(entry: unknown): SiiCode[] {
  const code = entry as Partial<SiiCode> | null;
  if (typeof code?.code !== 'string') return [];
  return [{ code: code.code, message: typeof code.message === 'string' ? code.message : '', ...(typeof code.detail === 'string' ? { detail: code.detail } : {}) }];
}

function failureOf(value: unknown): FailureRecord | undefined {
  const failure = value as Partial<FailureRecord> | null | undefined;
  if (typeof failure?.retryable !== 'boolean') return undefined;
  return {
    retryable: failure.retryable, errorCode: typeof failure.errorCode === 'string' ? failure.errorCode : 'INTERNAL', at: typeof failure.at === 'string' ? failure.at : '',
    ...(typeof failure.envelopeId === 'string' ? { envelopeId: failure.envelopeId } : {}),
  };
}

function odooReferenceOf(value: JsonObject | null): OdooReference | null {
  return value && typeof value.model === 'string' && typeof value.id === 'number' ? { model: value.model, id: value.id } : null;
}
