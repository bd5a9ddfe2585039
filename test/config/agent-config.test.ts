import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';

const KEY = 'sk-ant-api03-secret-value-0123456789';

describe('the agent\'s configuration', () => {
  it('is offline by default, with the per-answer budgets', () => {
    expect(loadConfig({}).agent).toEqual({
      provider: 'offline', model: null, anthropic: { apiKey: null, baseUrl: null }, openai: { apiKey: null, baseUrl: null },
      budgets: { maxSteps: 8, timeoutMs: 60_000, maxOutputTokens: 1024, maxTotalTokens: 200_000, maxCostUsd: 0.5 }, prices: {},
    });
  });

  it('reads the provider, model, keys, base URLs and budgets, and never shows a key', () => {
    const config = loadConfig({ LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-haiku-4-5', ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9000', AGENT_MAX_STEPS: '3', AGENT_MAX_COST_USD: '0.05' });
    expect(config.agent).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5', anthropic: { apiKey: KEY, baseUrl: 'http://127.0.0.1:9000' }, budgets: { maxSteps: 3, maxCostUsd: 0.05 } });
    expect(JSON.stringify(config)).not.toContain(KEY);
    expect(inspect(config, { depth: 10 })).not.toContain(KEY);
  });

  it('refuses a provider without its key, and a wrong budget, naming the variable', () => {
    expect(() => loadConfig({ LLM_PROVIDER: 'anthropic' })).toThrow(/ANTHROPIC_API_KEY/);
    expect(() => loadConfig({ LLM_PROVIDER: 'openai' })).toThrow(/OPENAI_API_KEY/);
    expect(loadConfig({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).agent.openai).toEqual({ apiKey: null, baseUrl: 'http://127.0.0.1:11434/v1' });
    expect(() => loadConfig({ LLM_PROVIDER: 'gemini' })).toThrow(/LLM_PROVIDER/);
    expect(() => loadConfig({ AGENT_MAX_STEPS: '0' })).toThrow(/AGENT_MAX_STEPS/);
  });
});
