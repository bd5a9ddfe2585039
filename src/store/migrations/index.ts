import { initialSchema } from './0001-initial-schema.ts';
import { pendingByCompany } from './0002-pending-by-company.ts';
import { unconfirmedEnvelopes } from './0003-unconfirmed-envelopes.ts';
import { conversations } from './0004-conversations.ts';
import { settings } from './0005-settings.ts';
import { frontEndUsers } from './0006-front-end-users.ts';
import { slackEvents } from './0007-slack-events.ts';
import { answerCompanies } from './0008-answer-companies.ts';
import { answerToolCalls } from './0009-answer-tool-calls.ts';
import { slackAlertChannels } from './0010-slack-alert-channels.ts';
import { conversationThreads } from './0011-conversation-threads.ts';
import { registry } from './0012-registry.ts';
import { receivedDocuments } from './0013-received-documents.ts';
import type { Migration } from './migration.ts';

export type { Migration } from './migration.ts';

/** Every migration, in order. Add new ones at the end with the next number. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema, pendingByCompany, unconfirmedEnvelopes, conversations, settings, frontEndUsers, slackEvents, answerCompanies, answerToolCalls,
  slackAlertChannels, conversationThreads, registry, receivedDocuments,
];
