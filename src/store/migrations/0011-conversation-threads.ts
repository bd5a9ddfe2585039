import type { Migration } from './migration.ts';

/**
 * A conversation may belong to a thread of a front end (a Slack thread, `slack:<channel>:<ts>`): the
 * thread key is the conversation's own, so that a follow-up in the thread continues it, as the
 * conversation service decides. The mappings the Slack bot kept in `settings`
 * (`slack.conversation:<thread>:<subject>` → conversation id) move onto their conversations.
 */
export const conversationThreads: Migration = {
  id: 11,
  name: 'conversation-threads',
  statements: [
    'ALTER TABLE conversations ADD COLUMN thread_key text',
    'CREATE INDEX conversations_by_thread ON conversations (subject, thread_key, updated_at) WHERE thread_key IS NOT NULL',
    `UPDATE conversations SET thread_key = substr(settings.key, 20, length(settings.key) - 20 - length(conversations.subject))
      FROM settings
      WHERE starts_with(settings.key, 'slack.conversation:') AND settings.value = conversations.id::text
        AND settings.key = 'slack.conversation:' || substr(settings.key, 20, length(settings.key) - 20 - length(conversations.subject)) || ':' || conversations.subject`,
    `DELETE FROM settings WHERE starts_with(key, 'slack.conversation:')`,
  ],
};
