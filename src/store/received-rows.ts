/** Rows of the received_* tables and the records they become. */
import type {
  ReceivedAnswerRecord, ReceivedDecision, ReceivedDocumentRecord, ReceivedEnvelopeRecord, ReceivedState,
} from '../app/ports/received.ts';
import type { JsonObject } from '../app/ports/records.ts';
import { numberOf } from './repository-context.ts';

export const ENVELOPE_COLUMNS = `id::text AS id, cod_envio, company_rut, file_sha256, file_name, file_size, original IS NOT NULL AS kept,
  source, mail, digest, set_id, issuer_rut, status_code, status_glosa, status_detail, checks, received_at`;

export interface EnvelopeRow {
  id: string;
  cod_envio: unknown;
  company_rut: string;
  file_sha256: string;
  file_name: string;
  file_size: unknown;
  kept: boolean;
  source: 'mail' | 'http';
  mail: JsonObject | null;
  digest: string | null;
  set_id: string | null;
  issuer_rut: string | null;
  status_code: number;
  status_glosa: string;
  status_detail: string;
  checks: unknown[];
  received_at: Date;
}

/** Absent columns stay absent keys, so records compare equal to what was stored. */
function present<Key extends string, Value>(key: Key, value: Value | null | undefined): Partial<Record<Key, Value>> {
  return value === null || value === undefined ? {} : ({ [key]: value } as Record<Key, Value>);
}

export function envelopeOf(row: EnvelopeRow): ReceivedEnvelopeRecord {
  return {
    id: row.id,
    companyRut: row.company_rut,
    codEnvio: numberOf(row.cod_envio),
    fileSha256: row.file_sha256,
    fileName: row.file_name,
    fileSize: numberOf(row.file_size),
    kept: row.kept,
    source: row.source,
    ...present('mail', row.mail),
    ...present('digest', row.digest),
    ...present('SetDTEID', row.set_id),
    ...present('RutEmisor', row.issuer_rut),
    status: { code: row.status_code, glosa: row.status_glosa, detail: row.status_detail },
    checks: row.checks,
    receivedAt: new Date(row.received_at),
  };
}

export const DOCUMENT_COLUMNS = `id::text AS id, sequence, envelope_id::text AS envelope_id, company_rut, position, document_key, document_type, folio,
  issue_date, issuer_rut, issuer_name, receiver_rut, total_amount, status_code, status_glosa, status_detail, checks, state, decision,
  decided_at, deadline, created_at`;

export interface DocumentRow {
  id: string;
  sequence: unknown;
  envelope_id: string;
  company_rut: string;
  position: number;
  document_key: string | null;
  document_type: number | null;
  folio: unknown;
  issue_date: string | null;
  issuer_rut: string | null;
  issuer_name: string | null;
  receiver_rut: string | null;
  total_amount: string | null;
  status_code: number;
  status_glosa: string;
  status_detail: string;
  checks: unknown[];
  state: ReceivedState;
  decision: ReceivedDecision | null;
  decided_at: Date | null;
  deadline: Date | null;
  created_at: Date;
}

export function documentOf(row: DocumentRow): ReceivedDocumentRecord {
  return {
    id: row.id,
    companyRut: row.company_rut,
    envelopeId: row.envelope_id,
    position: row.position,
    ...present('key', row.document_key),
    ...present('TipoDTE', row.document_type),
    ...present('Folio', row.folio === null ? null : numberOf(row.folio)),
    ...present('FchEmis', row.issue_date),
    ...present('RUTEmisor', row.issuer_rut),
    ...present('RznSoc', row.issuer_name),
    ...present('RUTRecep', row.receiver_rut),
    ...present('MntTotal', row.total_amount),
    status: { code: row.status_code, glosa: row.status_glosa, detail: row.status_detail },
    checks: row.checks,
    state: row.state,
    deadline: row.deadline === null ? undefined : new Date(row.deadline),
    decision: row.decision ?? undefined,
    decidedAt: row.decided_at === null ? undefined : new Date(row.decided_at),
    createdAt: new Date(row.created_at),
  };
}

export const ANSWER_COLUMNS = `id::text AS id, company_rut, envelope_id::text AS envelope_id, document_id::text AS document_id, kind, id_respuesta,
  file_name, recipient, in_reply_to, state, attempts, last_error, message_id, created_at, sent_at`;

export interface AnswerRow {
  id: string;
  company_rut: string;
  envelope_id: string;
  document_id: string | null;
  kind: ReceivedAnswerRecord['kind'];
  id_respuesta: unknown;
  file_name: string;
  recipient: string | null;
  in_reply_to: string | null;
  state: ReceivedAnswerRecord['state'];
  attempts: number;
  last_error: string | null;
  message_id: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export function answerOf(row: AnswerRow): ReceivedAnswerRecord {
  return {
    id: row.id,
    companyRut: row.company_rut,
    envelopeId: row.envelope_id,
    ...present('documentId', row.document_id),
    kind: row.kind,
    ...present('idRespuesta', row.id_respuesta === null ? null : numberOf(row.id_respuesta)),
    fileName: row.file_name,
    ...present('recipient', row.recipient),
    ...present('inReplyTo', row.in_reply_to),
    state: row.state,
    attempts: row.attempts,
    ...present('lastError', row.last_error),
    ...present('messageId', row.message_id),
    createdAt: new Date(row.created_at),
    ...present('sentAt', row.sent_at === null ? null : new Date(row.sent_at)),
  };
}
