import type { Migration } from './migration.ts';

/**
 * Settings every instance shares, such as the local test authority's certificate: kept in the
 * database so that instances started together on one database agree on it, whatever their DATA_DIR.
 */
export const settings: Migration = {
  id: 5,
  name: 'settings',
  statements: [
    `CREATE TABLE settings (
      key text PRIMARY KEY,
      value text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
};
