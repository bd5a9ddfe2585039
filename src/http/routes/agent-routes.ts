/**
 * The agent: `POST /v1/agent/ask`, for any role. The answer covers only the token's companies: the
 * conversation service and every tool are scoped by the caller. A provider that fails is a 503
 * problem (AGENT_UNAVAILABLE) with its reason, never a made-up answer.
 */
import type { FastifyInstance } from 'fastify';
import type { AgentQuestion, ConversationService } from '../../app/ports/index.ts';
import { actorOf } from '../auth/access-guard.ts';
import { JSON_TYPE } from '../content-types.ts';
import { PROBLEM_RESPONSES } from '../openapi/schemas.ts';
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

const count = { type: 'number', minimum: 0 } as const;

const answerSchema = {
  type: 'object',
  required: ['answer', 'mode', 'conversationId', 'citations', 'actions', 'toolCalls', 'usage', 'promptVersion'],
  properties: {
    answer: { type: 'string' },
    mode: { type: 'string', enum: ['offline', 'anthropic', 'openai'] },
    outcome: { type: 'string', enum: ['answered', 'declined', 'unknown', 'step_limit', 'time_limit', 'budget'] },
    conversationId: { type: 'string' },
    citations: {
      type: 'array',
      items: {
        type: 'object', required: ['kind', 'id', 'title'],
        properties: { kind: { type: 'string', enum: ['sii_code', 'knowledge', 'document'] }, id: { type: 'string' }, title: { type: 'string' }, source: { type: 'string' } },
      },
    },
    actions: {
      type: 'array',
      items: {
        type: 'object', required: ['kind', 'label', 'approvalRequired'],
        properties: {
          kind: { type: 'string' }, label: { type: 'string' }, documentId: { type: 'string' },
          request: { description: 'A document request (as POST /v1/documents takes it), validated by the core.' },
          approvalRequired: { type: 'boolean', const: true },
        },
      },
    },
    toolCalls: { type: 'array', items: { type: 'object', required: ['name', 'ok'], properties: { name: { type: 'string' }, ok: { type: 'boolean' }, arguments: { type: 'object', additionalProperties: true } } } },
    usage: {
      type: 'object',
      properties: { inputTokens: count, outputTokens: count, cacheReadTokens: count, cacheWriteTokens: count, costUsd: count, steps: count, latencyMs: count },
    },
    promptVersion: { type: 'string' },
    toolSetHash: { type: 'string' },
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
      response: { 200: answerSchema, ...PROBLEM_RESPONSES },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const question = request.body as AgentQuestion;
    bindRequestLog(request, { ...(question.documentId === undefined ? {} : { documentId: question.documentId }) });
    return conversations.ask(actor, question);
  });
}
