import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerEngine, type AgentSettings } from '../../src/agent/create-answer-engine.ts';
import type { ConversationTurn } from '../../src/app/ports/index.ts';
import { createAgentFixture, type AgentFixture } from './agent-fixture.ts';
import { startFakeProvider } from './fake-provider.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire bodies are checked field by field.
type Json = any;

const KEY = 'sk-test-key-0123456789abcdef';
let fixture: AgentFixture;
let provider: Awaited<ReturnType<typeof startFakeProvider>>;

function settings(kind: 'anthropic' | 'openai'): AgentSettings {
  return {
    provider: kind, model: kind === 'anthropic' ? 'claude-sonnet-4-5' : 'gpt-4.1-mini',
    anthropic: { apiKey: KEY, baseUrl: provider.url }, openai: { apiKey: KEY, baseUrl: `${provider.url}/v1` },
    budgets: { maxSteps: 4, timeoutMs: 10_000, maxOutputTokens: 512, maxTotalTokens: 100_000, maxCostUsd: 1 },
  };
}

const HISTORY: ConversationTurn[] = [{ role: 'user', text: '¿Qué es una NC?', at: '' }, { role: 'assistant', text: 'Una nota de crédito…', at: '' }];

beforeAll(async () => {
  fixture = await createAgentFixture();
  provider = await startFakeProvider();
});
afterEach(() => {
  expect(provider.unexpected).toEqual([]);
  provider.seen.length = 0;
});
afterAll(() => provider.close());

/** Anthropic's Messages API answers (non-streaming). */
function anthropicMessage(content: Json[], stop: string, usage: Json = {}) {
  return {
    headers: { 'request-id': `req_${provider.seen.length}` },
    body: { id: `msg_${provider.seen.length}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content, stop_reason: stop, stop_sequence: null, usage: { input_tokens: 40, output_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...usage } },
  };
}

describe('the Anthropic adapter through the real SDK', () => {
  it('runs a tool turn then a final answer, with cache_control after the stable prefix', async () => {
    provider.expect(
      { method: 'POST', path: '/v1/messages', answer: () => anthropicMessage([{ type: 'tool_use', id: 'toolu_1', name: 'search_knowledge', input: { query: 'nota de débito IVA' } }], 'tool_use', { cache_creation_input_tokens: 3000 }) },
      { method: 'POST', path: '/v1/messages', answer: () => anthropicMessage([{ type: 'text', text: 'Sí: la nota de débito lleva IVA (nota-de-debito-lleva-iva).' }], 'end_turn', { cache_read_input_tokens: 3000 }) },
    );
    const { engine, toolSetHash } = createAnswerEngine(settings('anthropic'), fixture.services);
    const answer = await engine.answer(fixture.actor, { question: '¿Una nota de débito lleva IVA?', history: HISTORY });
    expect(answer).toMatchObject({ mode: 'anthropic', outcome: 'answered', answer: 'Sí: la nota de débito lleva IVA (nota-de-debito-lleva-iva).', toolCalls: [{ name: 'search_knowledge', ok: true }], toolSetHash });
    expect(answer.usage).toMatchObject({ inputTokens: 80, outputTokens: 24, cacheWriteTokens: 3000, cacheReadTokens: 3000, steps: 2 });
    expect(answer.usage.costUsd).toBeGreaterThan(0);
    expect(answer.citations.some((citation) => citation.kind === 'knowledge')).toBe(true);
    const [first, second] = provider.seen as [Json, Json];
    // This SDK (1.x) sends the API key as a bearer token.
    expect(first.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(first.headers['anthropic-version']).toEqual(expect.any(String));
    expect(first.body.tools.map((tool: Json) => tool.name)).toEqual(['find_document', 'get_document_status', 'explain_sii_codes', 'diagnose_document', 'suggest_correction', 'search_knowledge', 'folios_left', 'retry_submission', 'get_document_events', 'registry_action', 'list_received_documents', 'decide_received_document', 'compute']);
    expect(first.body.tools[0].input_schema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(first.body.system).toEqual([{ type: 'text', text: expect.stringContaining('Knowledge base entries'), cache_control: { type: 'ephemeral' } }]);
    // The conversation's breakpoint is on the last stored turn; the question after it carries none.
    expect(first.body.messages[1].content.at(-1).cache_control).toEqual({ type: 'ephemeral' });
    expect(first.body.messages[2]).toEqual({ role: 'user', content: [{ type: 'text', text: '<question>\n¿Una nota de débito lleva IVA?\n</question>' }] });
    expect(JSON.stringify(first.body.tools)).not.toContain('cache_control');
    expect(second.body.messages.at(-2)).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'search_knowledge', input: { query: 'nota de débito IVA' } }] });
    expect(second.body.messages.at(-1)).toMatchObject({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', is_error: false, content: expect.stringMatching(/^<tool_output name="search_knowledge">/) }] });
  });

  it('sends a byte-identical prefix (tools and system) for two different questions', async () => {
    const final = { method: 'POST', path: '/v1/messages', answer: () => anthropicMessage([{ type: 'text', text: 'ok' }], 'end_turn') };
    provider.expect(final, final);
    const { engine } = createAnswerEngine(settings('anthropic'), fixture.services);
    await engine.answer(fixture.actor, { question: '¿Qué es el CAF?', history: [] });
    await engine.answer(fixture.actor, { question: 'What is REF-3-750?', history: [] });
    const prefix = (raw: string) => raw.slice(0, raw.indexOf('"messages"'));
    const [first, second] = provider.seen as [Json, Json];
    expect(first.raw.indexOf('"tools"')).toBeLessThan(first.raw.indexOf('"messages"'));
    expect(prefix(first.raw)).toBe(prefix(second.raw));
    expect(JSON.stringify([first.body.tools, first.body.system])).toBe(JSON.stringify([second.body.tools, second.body.system]));
    expect(first.raw).not.toBe(second.raw);
  });

  it('answers a provider failure with AGENT_UNAVAILABLE and its reason, never the key', async () => {
    provider.expect({ method: 'POST', path: '/v1/messages', answer: () => ({ status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }) });
    const { engine } = createAnswerEngine(settings('anthropic'), fixture.services);
    const error = await engine.answer(fixture.actor, { question: '¿Qué es el CAF?', history: [] }).catch((caught: unknown) => caught) as Json;
    expect(error).toMatchObject({ code: 'AGENT_UNAVAILABLE', message: expect.stringContaining('Overloaded') });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(KEY);
  });
});

/** Chat Completions answers (non-streaming). */
function completion(message: Json, finish: string, usage: Json = {}) {
  return {
    headers: { 'x-request-id': `req_openai_${provider.seen.length}` },
    body: { id: 'chatcmpl-1', object: 'chat.completion', created: 1_764_600_000, model: 'gpt-4.1-mini', choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }], usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110, ...usage } },
  };
}

describe('the OpenAI adapter through the real SDK (any compatible server at OPENAI_BASE_URL)', () => {
  it('runs a tool call then a final answer, reporting cached prompt tokens apart', async () => {
    provider.expect(
      { method: 'POST', path: '/v1/chat/completions', answer: () => completion({ content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'explain_sii_codes', arguments: '{"codes":["REF-3-750"]}' } }] }, 'tool_calls') },
      { method: 'POST', path: '/v1/chat/completions', answer: () => completion({ content: 'REF-3-750: DTE referenciado no recibido en el SII.' }, 'stop', { prompt_tokens_details: { cached_tokens: 64 } }) },
    );
    const { engine } = createAnswerEngine(settings('openai'), fixture.services);
    const answer = await engine.answer(fixture.actor, { question: 'What does REF-3-750 mean?', history: [] });
    expect(answer).toMatchObject({ mode: 'openai', outcome: 'answered', answer: 'REF-3-750: DTE referenciado no recibido en el SII.', toolCalls: [{ name: 'explain_sii_codes', ok: true }] });
    expect(answer.citations).toEqual([expect.objectContaining({ kind: 'sii_code', id: 'REF-3-750' })]);
    expect(answer.usage).toMatchObject({ inputTokens: 136, cacheReadTokens: 64, outputTokens: 20, steps: 2 });
    const [first, second] = provider.seen as [Json, Json];
    expect(first.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(first.body.messages[0]).toEqual({ role: 'system', content: expect.stringContaining('Knowledge base entries') });
    expect(first.body.tools[2]).toMatchObject({ type: 'function', function: { name: 'explain_sii_codes', parameters: { type: 'object' } } });
    expect(second.body.messages.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'explain_sii_codes' } }] });
    expect(second.body.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_1', content: expect.stringContaining('"known":true') });
  });

  it('keeps the prefix (tools, system message) byte-identical across questions', async () => {
    const final = { method: 'POST', path: '/v1/chat/completions', answer: () => completion({ content: 'ok' }, 'stop') };
    provider.expect(final, final);
    const { engine } = createAnswerEngine(settings('openai'), fixture.services);
    await engine.answer(fixture.actor, { question: 'uno', history: [] });
    await engine.answer(fixture.actor, { question: 'dos', history: [] });
    const [first, second] = provider.seen as [Json, Json];
    expect(JSON.stringify([first.body.tools, first.body.messages[0]])).toBe(JSON.stringify([second.body.tools, second.body.messages[0]]));
  });
});
