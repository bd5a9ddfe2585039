import type { Migration } from './migration.ts';

/**
 * People as front ends other than the API know them (a Slack user of a workspace), mapped to the role
 * and companies they act with: the actor directory reads them, an administrator writes them.
 */
export const frontEndUsers: Migration = {
  id: 6,
  name: 'front-end-users',
  statements: [
    `CREATE TABLE front_end_users (
      front_end text NOT NULL CHECK (front_end IN ('slack')),
      workspace text NOT NULL,
      user_id text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'issuer', 'viewer', 'agent')),
      companies text[] NOT NULL,
      created_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (front_end, workspace, user_id)
    )`,
  ],
};
