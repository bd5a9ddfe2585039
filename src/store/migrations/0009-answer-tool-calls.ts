import type { Migration } from './migration.ts';

/**
 * The tool calls behind each answer of the Slack bot, kept with its rating so a maintainer turning a
 * 👎 into an eval case sees what the agent looked up; and a rating sequence, so "newest rating first"
 * is exact even for two ratings within one clock tick.
 */
export const answerToolCalls: Migration = {
  id: 9,
  name: 'answer-tool-calls',
  statements: [
    'ALTER TABLE slack_answers ADD COLUMN tool_calls jsonb',
    'CREATE SEQUENCE slack_rating_seq',
    'ALTER TABLE slack_answers ADD COLUMN rated_seq bigint',
    `UPDATE slack_answers SET rated_seq = nextval('slack_rating_seq') WHERE rating IS NOT NULL`,
    'DROP INDEX slack_answers_by_rating',
    'CREATE INDEX slack_answers_by_rating ON slack_answers (rating, rated_seq) WHERE rating IS NOT NULL',
  ],
};
