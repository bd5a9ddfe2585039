import type { Migration } from './migration.ts';

/**
 * What the Slack bot keeps: the ids of events it has taken (Slack retries an event it thinks was not
 * answered, and every instance must answer it once), and its answers with their rating (👍/👎), so
 * maintainers can turn bad answers into eval cases.
 */
export const slackEvents: Migration = {
  id: 7,
  name: 'slack-events',
  statements: [
    `CREATE TABLE slack_events (
      event_id text PRIMARY KEY,
      received_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE slack_answers (
      id uuid PRIMARY KEY,
      conversation_id text NOT NULL,
      asked_by text NOT NULL,
      question text NOT NULL,
      answer text NOT NULL,
      prompt_version text,
      citations jsonb,
      actions jsonb,
      rating text CHECK (rating IN ('up', 'down')),
      rated_by text,
      rated_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
};
