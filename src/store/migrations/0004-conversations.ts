import type { Migration } from './migration.ts';

/**
 * Conversations with the agent: whose they are (the token's subject and companies) and their turns,
 * so that a follow-up continues after a restart and on another instance. Documents are found by the
 * track id of their upload and by receiver, for the agent's find_document.
 */
export const conversations: Migration = {
  id: 4,
  name: 'conversations',
  statements: [
    `CREATE TABLE conversations (
      id uuid PRIMARY KEY,
      subject text NOT NULL,
      company_ruts jsonb NOT NULL,
      turns jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE INDEX documents_by_track_id ON documents (company_rut, sii_track_id) WHERE sii_track_id IS NOT NULL',
    'CREATE INDEX documents_by_receiver ON documents (company_rut, receiver_rut)',
  ],
};
