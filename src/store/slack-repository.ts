import type { SlackAlertChannelRecord, SlackAnswerRecord, SlackRepository } from '../app/ports/store.ts';
import { isUuid, type RepositoryContext } from './repository-context.ts';

interface AnswerRow {
  id: string;
  conversation_id: string;
  asked_by: string;
  question: string;
  answer: string;
  prompt_version: string | null;
  citations: unknown[] | null;
  actions: unknown[] | null;
  tool_calls: unknown[] | null;
  rating: 'up' | 'down' | null;
  rated_by: string | null;
  rated_at: Date | null;
  companies: string[];
  created_at: Date;
}

interface ChannelRow {
  company_rut: string;
  channel: string;
  set_by: string;
  updated_at: Date;
}

/** Slack event ids (claimed once across instances), the bot's answers with their ratings, and each company's alert channel. */
export function createSlackRepository(context: RepositoryContext): SlackRepository {
  const { database } = context;
  return {
    async claimEvent(eventId) {
      const { rows } = await database.query<{ event_id: string }>(
        'INSERT INTO slack_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING RETURNING event_id', [eventId],
      );
      return rows.length === 1;
    },
    async pruneEvents(before) {
      const { rows } = await database.query<{ event_id: string }>('DELETE FROM slack_events WHERE received_at < $1 RETURNING event_id', [before]);
      return rows.length;
    },
    async saveAnswer(answer) {
      await database.query(
        `INSERT INTO slack_answers (id, conversation_id, asked_by, question, answer, prompt_version, citations, actions, companies, tool_calls)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::text[], $10::jsonb)`,
        [answer.id, answer.conversationId, answer.askedBy, answer.question, answer.answer, answer.promptVersion ?? null,
          answer.citations === undefined ? null : JSON.stringify(answer.citations), answer.actions === undefined ? null : JSON.stringify(answer.actions),
          [...(answer.companies ?? [])], answer.toolCalls === undefined ? null : JSON.stringify(answer.toolCalls)],
      );
    },
    async rateAnswer(id, rating, ratedBy) {
      if (!isUuid(id)) return false;
      const { rows } = await database.query<{ id: string }>(
        `UPDATE slack_answers SET rating = $2, rated_by = $3, rated_at = now(), rated_seq = nextval('slack_rating_seq')
         WHERE id = $1 RETURNING id`, [id, rating, ratedBy],
      );
      return rows.length === 1;
    },
    async ratedAnswers(rating, within, limit) {
      const { rows } = await database.query<AnswerRow>(
        `SELECT * FROM slack_answers WHERE rating = $1 AND cardinality(companies) > 0 AND companies <@ $2::text[]
         ORDER BY rated_seq DESC LIMIT $3`,
        [rating, [...within], Math.max(1, Math.min(1_000, Math.floor(limit)))],
      );
      return rows.map(recordOf);
    },
    async getAnswer(id) {
      if (!isUuid(id)) return undefined;
      const { rows } = await database.query<AnswerRow>('SELECT * FROM slack_answers WHERE id = $1', [id]);
      return rows[0] === undefined ? undefined : recordOf(rows[0]);
    },
    async alertChannel(companyRut) {
      const { rows } = await database.query<ChannelRow>('SELECT * FROM slack_alert_channels WHERE company_rut = $1', [companyRut]);
      return rows[0] === undefined ? undefined : channelOf(rows[0]);
    },
    async saveAlertChannel(channel) {
      const { rows } = await database.query<ChannelRow>(
        `INSERT INTO slack_alert_channels (company_rut, channel, set_by) VALUES ($1, $2, $3)
         ON CONFLICT (company_rut) DO UPDATE SET channel = excluded.channel, set_by = excluded.set_by, updated_at = now()
         RETURNING *`,
        [channel.companyRut, channel.channel, channel.setBy],
      );
      return channelOf(rows[0]!);
    },
    async removeAlertChannel(companyRut) {
      const { rows } = await database.query<ChannelRow>('DELETE FROM slack_alert_channels WHERE company_rut = $1 RETURNING *', [companyRut]);
      return rows.length > 0;
    },
  };
}

function channelOf(row: ChannelRow): SlackAlertChannelRecord {
  return { companyRut: row.company_rut, channel: row.channel, setBy: row.set_by, updatedAt: row.updated_at };
}

function recordOf(row: AnswerRow): SlackAnswerRecord {
  return {
    id: row.id, conversationId: row.conversation_id, askedBy: row.asked_by, companies: row.companies, question: row.question, answer: row.answer,
    ...(row.prompt_version === null ? {} : { promptVersion: row.prompt_version }),
    ...(row.citations === null ? {} : { citations: row.citations }),
    ...(row.actions === null ? {} : { actions: row.actions }),
    ...(row.tool_calls === null ? {} : { toolCalls: row.tool_calls }),
    rating: row.rating, ratedBy: row.rated_by, ratedAt: row.rated_at, createdAt: row.created_at,
  };
}
