import type { Migration } from './migration.ts';

/**
 * The first schema: companies and their secrets, folio counters, documents with their history,
 * envelopes, idempotency keys and the audit log. Columns holding secrets are `bytea` values sealed by
 * the secret box (AES-256-GCM); everything else is in clear so it can be searched.
 */
export const initialSchema: Migration = {
  id: 1,
  name: 'initial-schema',
  statements: [
    `CREATE TABLE companies (
      rut text PRIMARY KEY,
      name text NOT NULL,
      giro text NOT NULL,
      acteco integer[] NOT NULL,
      address text NOT NULL,
      commune text NOT NULL,
      resolution_number integer NOT NULL,
      resolution_date date NOT NULL,
      sii_environment text NOT NULL CHECK (sii_environment IN ('local', 'certificacion', 'produccion')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE certificates (
      id uuid PRIMARY KEY,
      company_rut text NOT NULL REFERENCES companies (rut),
      pkcs12 bytea NOT NULL,
      password bytea NOT NULL,
      subject text NOT NULL,
      signer_rut text,
      valid_from timestamptz NOT NULL,
      valid_to timestamptz NOT NULL,
      active boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE UNIQUE INDEX certificates_one_active ON certificates (company_rut) WHERE active',
    `CREATE TABLE cafs (
      id uuid PRIMARY KEY,
      company_rut text NOT NULL REFERENCES companies (rut),
      document_type smallint NOT NULL,
      first_folio bigint NOT NULL,
      last_folio bigint NOT NULL CHECK (last_folio >= first_folio),
      authorised_on date NOT NULL,
      key_id integer NOT NULL,
      xml bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (company_rut, document_type, first_folio)
    )`,
    `CREATE TABLE folio_counters (
      company_rut text NOT NULL REFERENCES companies (rut),
      document_type smallint NOT NULL,
      next_folio bigint NOT NULL,
      allocated bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (company_rut, document_type)
    )`,
    `CREATE TABLE documents (
      id uuid PRIMARY KEY,
      sequence bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      company_rut text NOT NULL REFERENCES companies (rut),
      document_type smallint NOT NULL,
      folio bigint NOT NULL,
      caf_id uuid REFERENCES cafs (id),
      issue_date date NOT NULL,
      receiver_rut text NOT NULL,
      total_amount bigint NOT NULL,
      request jsonb NOT NULL,
      signed_xml bytea NOT NULL,
      state text NOT NULL CHECK (state IN ('signed', 'queued', 'submitted', 'accepted', 'accepted_with_repairs', 'rejected', 'failed')),
      sii_track_id text,
      sii_codes jsonb,
      callback_url text,
      odoo_reference jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (company_rut, document_type, folio)
    )`,
    'CREATE INDEX documents_by_state ON documents (state, sequence)',
    'CREATE INDEX documents_by_company ON documents (company_rut, sequence)',
    `CREATE TABLE document_history (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      document_id uuid NOT NULL REFERENCES documents (id),
      from_state text,
      to_state text NOT NULL,
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      detail jsonb
    )`,
    'CREATE INDEX document_history_by_document ON document_history (document_id, id)',
    `CREATE TABLE envelopes (
      id uuid PRIMARY KEY,
      company_rut text NOT NULL REFERENCES companies (rut),
      state text NOT NULL CHECK (state IN ('built', 'uploading', 'uploaded', 'processed', 'failed')),
      track_id text,
      xml bytea NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      detail jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE UNIQUE INDEX envelopes_by_track_id ON envelopes (company_rut, track_id) WHERE track_id IS NOT NULL',
    'CREATE INDEX envelopes_by_state ON envelopes (state, created_at)',
    `CREATE TABLE envelope_documents (
      envelope_id uuid NOT NULL REFERENCES envelopes (id),
      document_id uuid NOT NULL REFERENCES documents (id),
      PRIMARY KEY (envelope_id, document_id)
    )`,
    'CREATE INDEX envelope_documents_by_document ON envelope_documents (document_id)',
    `CREATE TABLE idempotency_keys (
      company_rut text NOT NULL REFERENCES companies (rut),
      key text NOT NULL,
      request_hash text NOT NULL,
      document_id uuid REFERENCES documents (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (company_rut, key)
    )`,
    `CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      company_rut text,
      actor text NOT NULL,
      action text NOT NULL,
      target text,
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      ip text,
      user_agent text,
      detail jsonb
    )`,
    'CREATE INDEX audit_log_by_company ON audit_log (company_rut, id)',
  ],
};
