import type { ConversationRepository } from '../app/ports/store.ts';
import type { ConversationRecord, ConversationTurn } from '../app/ports/records.ts';
import { isUuid, jsonParameter, type RepositoryContext } from './repository-context.ts';

interface ConversationRow {
  id: string;
  subject: string;
  company_ruts: string[];
  turns: ConversationTurn[];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, subject, company_ruts, turns, created_at, updated_at';

/** Conversations with the agent: one row each, its turns as JSON, replaced whole on every answer. */
export function createConversationRepository(context: RepositoryContext): ConversationRepository {
  const { database } = context;
  return {
    async get(id) {
      if (!isUuid(id)) return undefined;
      const { rows } = await database.query<ConversationRow>(`SELECT ${COLUMNS} FROM conversations WHERE id = $1`, [id]);
      return rows[0] === undefined ? undefined : conversationOf(rows[0]);
    },
    async save(conversation) {
      const { rows } = await database.query<ConversationRow>(
        `INSERT INTO conversations (id, subject, company_ruts, turns) VALUES ($1, $2, $3::jsonb, $4::jsonb)
         ON CONFLICT (id) DO UPDATE SET turns = excluded.turns, updated_at = now()
         RETURNING ${COLUMNS}`,
        [conversation.id, conversation.subject, jsonParameter([...conversation.companyRuts]), jsonParameter([...conversation.turns])],
      );
      const row = rows[0];
      if (row === undefined) throw new Error(`Conversation ${conversation.id} was not stored.`);
      return conversationOf(row);
    },
  };
}

function conversationOf(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    subject: row.subject,
    companyRuts: [...row.company_ruts],
    turns: [...row.turns],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
