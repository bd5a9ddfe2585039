import type { Migration } from './migration.ts';

/**
 * Envelopes whose upload may have reached the SII without a usable answer (`unconfirmed`): their
 * documents are not failed, and the SII is asked (or the same file sent again within its repeat
 * window) before anything else is sent.
 */
export const unconfirmedEnvelopes: Migration = {
  id: 3,
  name: 'unconfirmed-envelopes',
  statements: [
    'ALTER TABLE envelopes DROP CONSTRAINT envelopes_state_check',
    `ALTER TABLE envelopes ADD CONSTRAINT envelopes_state_check
       CHECK (state IN ('built', 'uploading', 'unconfirmed', 'uploaded', 'processed', 'failed'))`,
  ],
};
