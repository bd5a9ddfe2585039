import type { Migration } from './migration.ts';

/**
 * The Slack channel each company's rejection and repair alerts go to, set by an admin of the company
 * (a company without one falls back to SLACK_ALERT_CHANNEL). A table keyed by the company rather than
 * a shared setting: every read names the company's RUT, the row must belong to a registered company,
 * and it records who set it.
 */
export const slackAlertChannels: Migration = {
  id: 10,
  name: 'slack-alert-channels',
  statements: [
    `CREATE TABLE slack_alert_channels (
      company_rut text PRIMARY KEY REFERENCES companies (rut),
      channel text NOT NULL,
      set_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
};
