import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerEngine, type AgentSettings } from '../../src/agent/create-answer-engine.ts';
import { costOf, priceOf } from '../../src/agent/price-table.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createAgentFixture, type AgentFixture } from './agent-fixture.ts';
import { scriptedModel } from './scripted-model.ts';

const USAGE = { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 };

describe('the price table', () => {
  it('prices a dated model id by its longest prefix: Opus 4.5 and later are not Opus 4', () => {
    expect(priceOf('claude-opus-4-5-20251101')).toEqual({ input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 });
    expect(priceOf('claude-opus-4-1-20250805')).toEqual({ input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 });
    expect(priceOf('claude-opus-4-20250514')?.input).toBe(15);
    expect(priceOf('claude-sonnet-4-5')?.input).toBe(3);
    expect(priceOf('gpt-4.1-mini-2025-04-14')?.input).toBe(0.4);
    expect(priceOf('gpt-4.1-2025-04-14')?.input).toBe(2);
    expect(priceOf('llama3.1:8b')).toBeUndefined();
  });

  it('adds the four kinds of token at their own rates; an unpriced model costs 0', () => {
    expect(costOf('claude-haiku-4-5', USAGE)).toBeCloseTo(1 + 5 + 0.1 + 1.25, 9);
    expect(costOf('llama3.1:8b', USAGE)).toBe(0);
  });
});

describe('LLM_PRICES', () => {
  it('reads prices by model prefix, cache rates defaulting to the input rate', () => {
    const { agent } = loadConfig({ LLM_PRICES: '{"llama3": {"input": 0.2, "output": 0.6}, "claude-sonnet-4": {"input": 2, "output": 10, "cacheRead": 0.2, "cacheWrite": 2.5}}' });
    expect(agent.prices).toEqual({
      llama3: { input: 0.2, output: 0.6, cacheRead: 0.2, cacheWrite: 0.2 },
      'claude-sonnet-4': { input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5 },
    });
    expect(loadConfig({}).agent.prices).toEqual({});
  });

  it.each([
    ['not json', /LLM_PRICES.*must be JSON/],
    ['["llama3"]', /LLM_PRICES/],
    ['{"llama3": {"input": -1, "output": 1}}', /LLM_PRICES.*llama3\.input: must not be negative/],
    ['{"llama3": {"input": "cheap", "output": 1}}', /LLM_PRICES.*llama3\.input: must be a number/],
    ['{"llama3": {"input": 1}}', /LLM_PRICES.*llama3\.output/],
    ['{"llama3": {"input": 1, "output": 1, "perRequest": 2}}', /LLM_PRICES.*llama3/],
  ])('refuses %s, naming the variable and the place', (text, message) => {
    expect(() => loadConfig({ LLM_PRICES: text })).toThrow(message);
  });

  describe('in an answer', () => {
    let fixture: AgentFixture;
    beforeAll(async () => {
      fixture = await createAgentFixture();
    });

    it("prices the model's usage by LLM_PRICES over the built-in table", async () => {
      const settings: AgentSettings = {
        provider: 'openai', model: 'llama3.1:8b', anthropic: { apiKey: null, baseUrl: null }, openai: { apiKey: null, baseUrl: 'http://127.0.0.1:1/v1' },
        budgets: { maxSteps: 2, timeoutMs: 5_000, maxOutputTokens: 256, maxTotalTokens: 100_000, maxCostUsd: 1 },
        prices: loadConfig({ LLM_PRICES: '{"llama3": {"input": 2, "output": 4}}' }).agent.prices,
      };
      const model = scriptedModel([{ text: 'Hola.', usage: { inputTokens: 1_000, outputTokens: 500 } }], 'llama3.1:8b');
      const { engine } = createAnswerEngine(settings, fixture.services, { model });
      const answer = await engine.answer(fixture.actor, { question: '¿qué es un CAF?', history: [] });
      expect(answer.usage.costUsd).toBeCloseTo((1_000 * 2 + 500 * 4) / 1e6, 12);
      const unpriced = createAnswerEngine({ ...settings, prices: {} }, fixture.services, { model: scriptedModel([{ text: 'Hola.' }], 'llama3.1:8b') });
      expect((await unpriced.engine.answer(fixture.actor, { question: '¿qué es un CAF?', history: [] })).usage.costUsd).toBe(0);
    });
  });
});

describe('an unpriced model', () => {
  const base = loadConfig({}).agent;
  it('is named when a provider would run it without a price, and not offline or when LLM_PRICES prices it', async () => {
    const { unpricedModel } = await import('../../src/agent/create-answer-engine.ts');
    expect(unpricedModel({ ...base, provider: 'openai', model: 'llama3.1:8b' })).toBe('llama3.1:8b');
    expect(unpricedModel({ ...base, provider: 'openai', model: 'llama3.1:8b', prices: { llama3: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } } })).toBeUndefined();
    expect(unpricedModel({ ...base, provider: 'anthropic', model: null })).toBeUndefined();
    expect(unpricedModel({ ...base, provider: 'offline', model: 'llama3.1:8b' })).toBeUndefined();
  });
});
