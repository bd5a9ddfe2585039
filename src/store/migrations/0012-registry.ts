import type { Migration } from './migration.ts';

/**
 * The receiver's answers to our documents (Ley 19.983): each event the SII's registry lists for a
 * document, stored once (one per document, code, responsible RUT and instant, so a poll that sees an
 * event again or a poll repeated after a crash adds nothing), with whether the news of it was passed
 * on; and each document's window of eight days from the SII's reception, followed while it is open.
 * The `receiver` role (accounts payable: records the company's answers to its suppliers) joins the
 * roles a front-end user may have.
 */
export const registry: Migration = {
  id: 12,
  name: 'registry',
  statements: [
    `CREATE TABLE registry_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      company_rut text NOT NULL REFERENCES companies (rut),
      document_id uuid NOT NULL REFERENCES documents (id),
      code text NOT NULL,
      description text NOT NULL,
      responsible_rut text NOT NULL,
      occurred_at timestamptz NOT NULL,
      sii_time text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      notified_at timestamptz,
      UNIQUE (document_id, code, responsible_rut, occurred_at)
    )`,
    'CREATE INDEX registry_events_unnotified ON registry_events (document_id) WHERE notified_at IS NULL',
    `CREATE TABLE registry_windows (
      document_id uuid PRIMARY KEY REFERENCES documents (id),
      company_rut text NOT NULL REFERENCES companies (rut),
      received_at timestamptz NOT NULL,
      deadline timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'accepted', 'goods_received', 'claimed', 'accepted_by_law')),
      polls integer NOT NULL DEFAULT 0,
      last_polled_at timestamptz,
      closed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE INDEX registry_windows_open ON registry_windows (deadline) WHERE closed_at IS NULL',
    'ALTER TABLE front_end_users DROP CONSTRAINT front_end_users_role_check',
    `ALTER TABLE front_end_users ADD CONSTRAINT front_end_users_role_check CHECK (role IN ('admin', 'issuer', 'receiver', 'viewer', 'agent'))`,
  ],
};
