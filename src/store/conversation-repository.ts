import type { ConversationRepository } from '../app/ports/store.ts';
import type { ConversationRecord, ConversationTurn } from '../app/ports/records.ts';
import { isUuid, jsonParameter, type RepositoryContext } from './repository-context.ts';

interface ConversationRow {
  id: string;
  subject: string;
  company_ruts: string[];
  turns: ConversationTurn[];
  thread_key: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, subject, company_ruts, turns, thread_key, created_at, updated_at';

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
      const threadKey = conversation.threadKey ?? null;
      if (threadKey !== null) {
        // The thread is this conversation's from now on: another of the subject lets it go.
        await database.query('UPDATE conversations SET thread_key = NULL WHERE subject = $1 AND thread_key = $2 AND id <> $3', [conversation.subject, threadKey, conversation.id]);
      }
      const { rows } = await database.query<ConversationRow>(
        `INSERT INTO conversations (id, subject, company_ruts, turns, thread_key) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5)
         ON CONFLICT (id) DO UPDATE SET turns = excluded.turns, thread_key = COALESCE(excluded.thread_key, conversations.thread_key), updated_at = now()
         RETURNING ${COLUMNS}`,
        [conversation.id, conversation.subject, jsonParameter([...conversation.companyRuts]), jsonParameter([...conversation.turns]), threadKey],
      );
      const row = rows[0];
      if (row === undefined) throw new Error(`Conversation ${conversation.id} was not stored.`);
      return conversationOf(row);
    },
    async findByThread(subject, threadKey) {
      const { rows } = await database.query<ConversationRow>(
        `SELECT ${COLUMNS} FROM conversations WHERE subject = $1 AND thread_key = $2 ORDER BY updated_at DESC LIMIT 1`, [subject, threadKey],
      );
      return rows[0] === undefined ? undefined : conversationOf(rows[0]);
    },
    async forgetThreads(idleSince) {
      const { rows } = await database.query<{ id: string }>(
        'UPDATE conversations SET thread_key = NULL WHERE thread_key IS NOT NULL AND updated_at < $1 RETURNING id', [idleSince],
      );
      return rows.length;
    },
  };
}

function conversationOf(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    subject: row.subject,
    companyRuts: [...row.company_ruts],
    turns: [...row.turns],
    threadKey: row.thread_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
