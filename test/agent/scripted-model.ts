import type { ModelPort, ModelRequest, ModelResponse, ModelToolCall } from '../../src/agent/model-port.ts';

/** One scripted step: tool calls (the model asks for tools) or a final text. */
export type ScriptedStep = { tools: Array<Omit<ModelToolCall, 'id'>>; usage?: Partial<ModelResponse['usage']> } | { text: string; usage?: Partial<ModelResponse['usage']> } | { fail: Error } | { hang: true };

/**
 * A model that plays a script, step by step, and keeps every request it was sent. It is a test
 * double of the loop's contract, not a model: nothing it says measures a model's quality.
 */
export function scriptedModel(steps: readonly ScriptedStep[], model = 'claude-sonnet-4-5'): ModelPort & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  let index = 0;
  return {
    provider: 'scripted',
    requests,
    async complete(request) {
      requests.push({ ...request, messages: structuredClone([...request.messages]) });
      const step = steps[Math.min(index, steps.length - 1)];
      index += 1;
      if (step === undefined) throw new Error('empty script');
      if ('fail' in step) throw step.fail;
      if ('hang' in step) {
        return new Promise<ModelResponse>((_resolve, reject) => request.signal.addEventListener('abort', () => reject(new Error('aborted'))));
      }
      const usage = { inputTokens: 100, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0, ...step.usage };
      if ('text' in step) return { text: step.text, toolCalls: [], stopReason: 'end', usage, model, requestId: `req-${index}` };
      return { text: '', toolCalls: step.tools.map((call, position) => ({ ...call, id: `call-${index}-${position}` })), stopReason: 'tool_use', usage, model, requestId: `req-${index}` };
    },
  };
}
