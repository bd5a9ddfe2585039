/**
 * The agent: `POST /v1/agent/ask`, for any role. The answer covers only the token's companies: the
 * conversation service and every tool are scoped by the caller. A provider that fails is a 503
 * problem (AGENT_UNAVAILABLE) with its reason, never a made-up answer.
 */
import type { FastifyInstance } from 'fastify';
import type { AgentQuestion, ConversationService } from '../../app/ports/index.ts';
import { actorOf } from '../auth/access-guard.ts';
import { JSON_TYPE } from '../content-types.ts';
import { answer, PROBLEM_RESPONSES } from '../openapi/schemas.ts';
import { bindRequestLog } from '../request-log.ts';

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const body = {
  type: 'object',
  required: ['question'],
  additionalProperties: false,
  properties: {
    question: { type: 'string', minLength: 1, maxLength: 2000, description: 'The question, in Spanish or English.' },
    documentId: { type: 'string', pattern: UUID_PATTERN, description: 'A document the question is about.' },
    conversationId: { type: 'string', pattern: UUID_PATTERN, description: 'Continues a conversation of the same caller.' },
  },
} as const;

/** Adds the agent's route. */
export function registerAgentRoutes(app: FastifyInstance, conversations: ConversationService): void {
  app.post('/v1/agent/ask', {
    config: { accepts: [JSON_TYPE] },
    schema: {
      tags: ['agent'],
      summary: 'Ask the agent about documents, SII codes or invoicing rules',
      description: 'Answers from the tools (documents of the token\'s companies, the SII code catalog, the knowledge base), with the '
        + 'citations it rests on and actions that need the person\'s approval; nothing is changed. mode says whether a model or the '
        + 'offline templates answered. A model provider that fails is a 503 problem.',
      body,
      response: { 200: answer('AgentAnswer'), ...PROBLEM_RESPONSES },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const question = request.body as AgentQuestion;
    bindRequestLog(request, { ...(question.documentId === undefined ? {} : { documentId: question.documentId }) });
    return conversations.ask(actor, question);
  });
}
