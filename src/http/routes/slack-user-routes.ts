/**
 * Who the Slack bot acts for: an admin maps a Slack user (of a workspace) to a role and companies,
 * each of them the admin's own, lists the mappings of their companies, and removes one. Every change
 * is audited by the actor directory.
 */
import type { FastifyInstance } from 'fastify';
import { ROLES, type ActorDirectory, type FeedbackService, type Role } from '../../app/ports/index.ts';
import { DteError } from '../../core/errors.ts';
import { actorOf } from '../auth/access-guard.ts';
import { answer, PROBLEM_RESPONSES } from '../openapi/schemas.ts';

const userParameters = {
  type: 'object',
  required: ['workspace', 'userId'],
  properties: {
    workspace: { type: 'string', pattern: '^[A-Z0-9]{1,32}$', description: 'The Slack team id (T…).', examples: ['T0123ABCD'] },
    userId: { type: 'string', pattern: '^[A-Z0-9]{1,32}$', description: 'The Slack user id (U… or W…).', examples: ['U0456EFGH'] },
  },
} as const;

const mappingBody = {
  type: 'object',
  required: ['role', 'companies'],
  additionalProperties: false,
  properties: {
    role: { type: 'string', enum: [...ROLES] },
    companies: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', maxLength: 20 }, examples: [['76192083-9']] },
  },
} as const;

/** Adds `GET /v1/slack/users`, `PUT` and `DELETE /v1/slack/users/:workspace/:userId` (admins). */
export function registerSlackUserRoutes(app: FastifyInstance, actors: ActorDirectory): void {
  const access = { permission: 'manage' } as const;
  app.get('/v1/slack/users', {
    config: { access },
    schema: { tags: ['slack'], summary: "Slack users mapped to the caller's companies", response: { 200: answer('SlackUserList'), ...PROBLEM_RESPONSES } },
  }, async (request) => {
    const users = await actors.list(actorOf(request), 'slack');
    return { items: users.map((user) => ({ workspace: user.workspace, userId: user.userId, role: user.role, companies: user.companies, createdBy: user.createdBy, updatedAt: user.updatedAt.toISOString() })) };
  });

  app.put('/v1/slack/users/:workspace/:userId', {
    config: { access },
    schema: { tags: ['slack'], summary: 'Map a Slack user to a role and companies', params: userParameters, body: mappingBody, response: { 200: answer('SlackUser', 'Mapped; it replaces an earlier mapping.'), ...PROBLEM_RESPONSES } },
  }, async (request) => {
    const { workspace, userId } = request.params as { workspace: string; userId: string };
    const body = request.body as { role: Role; companies: string[] };
    const saved = await actors.map(actorOf(request), { frontEnd: 'slack', workspace, userId, role: body.role, companies: body.companies });
    return { workspace: saved.workspace, userId: saved.userId, role: saved.role, companies: saved.companies, createdBy: saved.createdBy };
  });

  app.delete('/v1/slack/users/:workspace/:userId', {
    config: { access },
    schema: { tags: ['slack'], summary: 'Remove a Slack user\'s mapping', params: userParameters, response: { 204: { description: 'Removed.', type: 'null' }, ...PROBLEM_RESPONSES } },
  }, async (request, reply) => {
    const { workspace, userId } = request.params as { workspace: string; userId: string };
    const removed = await actors.unmap(actorOf(request), 'slack', workspace, userId);
    if (!removed) throw new DteError('NOT_FOUND', `The Slack user ${userId} of ${workspace} is not mapped.`);
    return reply.code(204).send();
  });
}

/** Adds `GET /v1/slack/feedback?rating=down|up&limit=` (admins): rated answers of the caller's companies. */
export function registerFeedbackRoutes(app: FastifyInstance, feedback: FeedbackService): void {
  app.get('/v1/slack/feedback', {
    config: { access: { permission: 'manage' } },
    schema: {
      tags: ['slack'], summary: 'Answers rated in Slack, for turning into eval cases',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { rating: { type: 'string', enum: ['up', 'down'], default: 'down' }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
      },
      response: { 200: answer('RatedAnswerList'), ...PROBLEM_RESPONSES },
    },
  }, async (request) => {
    const query = request.query as { rating: 'up' | 'down'; limit: number };
    return { items: await feedback.rated(actorOf(request), query.rating, query.limit) };
  });
}
