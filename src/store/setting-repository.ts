import type { SettingRepository } from '../app/ports/store.ts';
import type { RepositoryContext } from './repository-context.ts';

/** Settings shared by every instance on the database; values are public text, never secrets. */
export function createSettingRepository(context: RepositoryContext): SettingRepository {
  return {
    async get(key) {
      const { rows } = await context.database.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
      return rows[0]?.value;
    },
    async put(key, value) {
      await context.database.query(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()',
        [key, value],
      );
    },
    async prune(prefix, before) {
      const { rows } = await context.database.query<{ key: string }>(
        'DELETE FROM settings WHERE starts_with(key, $1) AND updated_at < $2 RETURNING key', [prefix, before],
      );
      return rows.length;
    },
  };
}
