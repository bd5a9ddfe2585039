import type { Migration } from './migration.ts';

/**
 * The companies an answer of the Slack bot was given for (the asker's), so that rated answers are
 * shown, for turning into eval cases, only to an admin of every one of them.
 */
export const answerCompanies: Migration = {
  id: 8,
  name: 'answer-companies',
  statements: [
    `ALTER TABLE slack_answers ADD COLUMN companies text[] NOT NULL DEFAULT '{}'`,
    'CREATE INDEX slack_answers_by_rating ON slack_answers (rating, rated_at) WHERE rating IS NOT NULL',
  ],
};
