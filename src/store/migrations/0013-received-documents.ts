import type { Migration } from './migration.ts';

/**
 * Documents we receive (DESIGN.md, "Documents we receive"): each file a supplier sent, kept whole as
 * evidence whatever it held (refused files too), with what the receiver checks found; each DTE it
 * carried, with its own checks, decision and deadline; and every answer we signed (RecepcionEnvio,
 * ResultadoDTE, EnvioRecibos), an outbox the mail sender empties. A file is taken once per company
 * (its SHA-256 is unique), so reading the same mail twice repeats nothing. The sequences give CodEnvio
 * and IdRespuesta, our numbers for envelopes and answers (1 to 10 digits, RespuestaEnvioDTE_v10.xsd).
 * Numbered 13 to leave 12 to the registry's migration written at the same time.
 */
export const receivedDocuments: Migration = {
  id: 13,
  name: 'received-documents',
  statements: [
    `CREATE TABLE received_envelopes (
      id uuid PRIMARY KEY,
      cod_envio bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      company_rut text NOT NULL REFERENCES companies (rut),
      file_sha256 text NOT NULL,
      file_name text NOT NULL,
      file_size bigint NOT NULL,
      original bytea,
      source text NOT NULL CHECK (source IN ('mail', 'http')),
      mail jsonb,
      digest text,
      set_id text,
      issuer_rut text,
      status_code smallint NOT NULL,
      status_glosa text NOT NULL,
      status_detail text NOT NULL,
      checks jsonb NOT NULL,
      received_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (company_rut, file_sha256)
    )`,
    'CREATE INDEX received_envelopes_by_digest ON received_envelopes (company_rut, digest) WHERE digest IS NOT NULL',
    `CREATE TABLE received_documents (
      id uuid PRIMARY KEY,
      sequence bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      envelope_id uuid NOT NULL REFERENCES received_envelopes (id),
      company_rut text NOT NULL REFERENCES companies (rut),
      position integer NOT NULL,
      document_key text,
      document_type smallint,
      folio bigint,
      issue_date text,
      issuer_rut text,
      issuer_name text,
      receiver_rut text,
      total_amount text,
      status_code smallint NOT NULL,
      status_glosa text NOT NULL,
      status_detail text NOT NULL,
      checks jsonb NOT NULL,
      xml bytea NOT NULL,
      state text NOT NULL CHECK (state IN ('received', 'refused', 'accepted', 'accepted_with_discrepancies', 'rejected')),
      decision jsonb,
      decided_at timestamptz,
      deadline timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (envelope_id, position)
    )`,
    'CREATE INDEX received_documents_by_company ON received_documents (company_rut, sequence)',
    'CREATE INDEX received_documents_by_key ON received_documents (company_rut, document_key) WHERE document_key IS NOT NULL',
    'CREATE SEQUENCE received_answer_numbers MINVALUE 1 MAXVALUE 9999999999',
    `CREATE TABLE received_answers (
      id uuid PRIMARY KEY,
      sequence bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      company_rut text NOT NULL REFERENCES companies (rut),
      envelope_id uuid NOT NULL REFERENCES received_envelopes (id),
      document_id uuid REFERENCES received_documents (id),
      kind text NOT NULL CHECK (kind IN ('RecepcionEnvio', 'ResultadoDTE', 'EnvioRecibos')),
      id_respuesta bigint,
      xml bytea NOT NULL,
      file_name text NOT NULL,
      recipient text,
      in_reply_to text,
      state text NOT NULL CHECK (state IN ('queued', 'sent', 'failed', 'unaddressed')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      message_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`,
    `CREATE UNIQUE INDEX received_answers_one_reception ON received_answers (envelope_id) WHERE kind = 'RecepcionEnvio'`,
    'CREATE UNIQUE INDEX received_answers_one_per_document ON received_answers (document_id, kind) WHERE document_id IS NOT NULL',
    `CREATE INDEX received_answers_queued ON received_answers (sequence) WHERE state = 'queued'`,
  ],
};
