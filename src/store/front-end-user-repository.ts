import type { FrontEndUserRepository } from '../app/ports/store.ts';
import type { FrontEndUserRecord } from '../app/ports/records.ts';
import type { Role } from '../app/ports/roles.ts';
import type { RepositoryContext } from './repository-context.ts';

interface FrontEndUserRow {
  front_end: 'slack';
  workspace: string;
  user_id: string;
  role: Role;
  companies: string[];
  created_by: string;
  updated_at: Date;
}

const COLUMNS = 'front_end, workspace, user_id, role, companies, created_by, updated_at';

/** Front-end users and what they act as (system-wide: a Slack workspace spans companies). */
export function createFrontEndUserRepository(context: RepositoryContext): FrontEndUserRepository {
  return {
    async save(user) {
      const { rows } = await context.database.query<FrontEndUserRow>(
        `INSERT INTO front_end_users (front_end, workspace, user_id, role, companies, created_by) VALUES ($1, $2, $3, $4, $5::text[], $6)
         ON CONFLICT (front_end, workspace, user_id) DO UPDATE SET role = excluded.role, companies = excluded.companies,
           created_by = excluded.created_by, updated_at = now()
         RETURNING ${COLUMNS}`,
        [user.frontEnd, user.workspace, user.userId, user.role, [...user.companies], user.createdBy],
      );
      return recordOf(rows[0]!);
    },
    async get(frontEnd, workspace, userId) {
      const { rows } = await context.database.query<FrontEndUserRow>(
        `SELECT ${COLUMNS} FROM front_end_users WHERE front_end = $1 AND workspace = $2 AND user_id = $3`, [frontEnd, workspace, userId],
      );
      return rows[0] === undefined ? undefined : recordOf(rows[0]);
    },
    async remove(frontEnd, workspace, userId) {
      const { rows } = await context.database.query<{ user_id: string }>(
        'DELETE FROM front_end_users WHERE front_end = $1 AND workspace = $2 AND user_id = $3 RETURNING user_id', [frontEnd, workspace, userId],
      );
      return rows.length > 0;
    },
    async list(frontEnd) {
      const { rows } = await context.database.query<FrontEndUserRow>(`SELECT ${COLUMNS} FROM front_end_users WHERE front_end = $1 ORDER BY workspace, user_id`, [frontEnd]);
      return rows.map(recordOf);
    },
  };
}

function recordOf(row: FrontEndUserRow): FrontEndUserRecord {
  return {
    frontEnd: row.front_end, workspace: row.workspace, userId: row.user_id, role: row.role, companies: row.companies,
    createdBy: row.created_by, updatedAt: row.updated_at,
  };
}
