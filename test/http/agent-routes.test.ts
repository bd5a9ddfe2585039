import { afterEach, describe, expect, it } from 'vitest';
import type { AgentQuestion, ConversationService } from '../../src/app/ports/index.ts';
import { DteError } from '../../src/core/errors.ts';
import { COMPANY, createTestApp, jsonHeaders, tokenFor, type TestApp } from './support/test-app.ts';

let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

/** A conversation service that records what it was asked and answers or fails as told. */
function conversations(outcome: 'answer' | 'provider-down', asked: AgentQuestion[] = []): ConversationService {
  return {
    async ask(actor, question) {
      asked.push(question);
      if (outcome === 'provider-down') throw new DteError('AGENT_UNAVAILABLE', 'Anthropic did not answer: 529 Overloaded', { retryable: true });
      return {
        answer: `hola ${actor.subject}`, mode: 'offline', outcome: 'answered', conversationId: '5d2f7a8e-0000-4000-8000-000000000001', citations: [], actions: [], toolCalls: [],
        usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, steps: 0, latencyMs: 1 }, promptVersion: 'v', toolSetHash: 'h',
      };
    },
  };
}

describe('POST /v1/agent/ask', () => {
  it('answers any role, passing the caller as actor', async () => {
    const asked: AgentQuestion[] = [];
    test = await createTestApp({ conversations: conversations('answer', asked) });
    for (const role of ['viewer', 'agent', 'issuer', 'admin'] as const) {
      const response = await test.app.inject({ method: 'POST', url: '/v1/agent/ask', headers: jsonHeaders(await tokenFor(role, [COMPANY])), payload: { question: '¿qué es el IVA?' } });
      expect(response.statusCode, role).toBe(200);
      expect(response.json()).toMatchObject({ answer: `hola ${role}-user`, mode: 'offline', promptVersion: 'v' });
    }
    expect(asked).toHaveLength(4);
    expect((await test.app.inject({ method: 'POST', url: '/v1/agent/ask', payload: { question: 'x' } })).statusCode).toBe(401);
  });

  it('is a 503 problem with the provider\'s reason when the provider fails, never an answer', async () => {
    test = await createTestApp({ conversations: conversations('provider-down') });
    const response = await test.app.inject({ method: 'POST', url: '/v1/agent/ask', headers: jsonHeaders(await tokenFor('viewer')), payload: { question: '¿qué es el IVA?' } });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'AGENT_UNAVAILABLE', detail: expect.stringContaining('529 Overloaded') });
    expect(response.json()).not.toHaveProperty('answer');
  });

  it('refuses a bad body with 422', async () => {
    test = await createTestApp({ conversations: conversations('answer') });
    const headers = jsonHeaders(await tokenFor('viewer'));
    for (const payload of [{}, { question: '' }, { question: 'x'.repeat(2001) }, { question: 'a', companyRut: COMPANY }, { question: 'a', conversationId: 'nope' }]) {
      const response = await test.app.inject({ method: 'POST', url: '/v1/agent/ask', headers, payload });
      expect(response.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(422);
    }
  });

  it.each([5, true, ['¿por qué?'], { text: 'hola' }, null])('refuses a question that is not text (%j) with 422 naming it, and asks nothing', async (question) => {
    let asked = 0;
    test = await createTestApp({ conversations: { ask: async () => { asked += 1; throw new Error('not to be asked'); } } });
    const response = await test.app.inject({ method: 'POST', url: '/v1/agent/ask', headers: jsonHeaders(await tokenFor('viewer')), payload: { question } });
    expect(response.statusCode).toBe(422);
    expect(JSON.stringify(response.json().problems)).toMatch(/question/);
    expect(asked).toBe(0);
  });
});
