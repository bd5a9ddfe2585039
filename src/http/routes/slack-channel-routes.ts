/**
 * Where a company's Slack alerts go: an admin of the company sets its own channel, reads it, and
 * removes it (its alerts then go to SLACK_ALERT_CHANNEL). Every change is audited by the service.
 */
import type { FastifyInstance } from 'fastify';
import type { AlertChannelService } from '../../app/ports/index.ts';
import { DteError } from '../../core/errors.ts';
import { actorOf } from '../auth/access-guard.ts';
import { answer, PROBLEM_RESPONSES } from '../openapi/schemas.ts';

const companyParameters = {
  type: 'object',
  required: ['rut'],
  properties: { rut: { type: 'string', maxLength: 20, description: "The company's RUT.", examples: ['76192083-9'] } },
} as const;

const channelBody = {
  type: 'object',
  required: ['channel'],
  additionalProperties: false,
  properties: { channel: { type: 'string', maxLength: 40, description: 'A Slack channel id (C… or G…); invite the bot there.', examples: ['C0123ABCD'] } },
} as const;

/** Adds `GET`, `PUT` and `DELETE /v1/slack/channels/:rut` (an admin of the company). */
export function registerAlertChannelRoutes(app: FastifyInstance, channels: AlertChannelService): void {
  const access = { permission: 'manage' } as const;
  app.get('/v1/slack/channels/:rut', {
    config: { access },
    schema: { tags: ['slack'], summary: "The company's own Slack alert channel (null: its alerts go to SLACK_ALERT_CHANNEL)", params: companyParameters, response: { 200: answer('AlertChannel'), ...PROBLEM_RESPONSES } },
  }, async (request) => channels.get(actorOf(request), (request.params as { rut: string }).rut));

  app.put('/v1/slack/channels/:rut', {
    config: { access },
    schema: { tags: ['slack'], summary: "Send the company's rejection and repair alerts to a Slack channel of its own", params: companyParameters, body: channelBody, response: { 200: answer('AlertChannel'), ...PROBLEM_RESPONSES } },
  }, async (request) => channels.set(actorOf(request), (request.params as { rut: string }).rut, (request.body as { channel: string }).channel));

  app.delete('/v1/slack/channels/:rut', {
    config: { access },
    schema: { tags: ['slack'], summary: "Remove the company's own alert channel (back to SLACK_ALERT_CHANNEL)", params: companyParameters, response: { 204: { description: 'Removed.', type: 'null' }, ...PROBLEM_RESPONSES } },
  }, async (request, reply) => {
    const { rut } = request.params as { rut: string };
    if (!(await channels.remove(actorOf(request), rut))) throw new DteError('NOT_FOUND', `The company ${rut} has no alert channel of its own.`);
    return reply.code(204).send();
  });
}
