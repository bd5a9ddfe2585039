import OpenAI from 'openai';
import { DteError } from '../core/errors.ts';
import { reasonOf } from './agent-loop.ts';
import type { ModelMessage, ModelPort, ModelRequest, ModelResponse, StopReason } from './model-port.ts';

/** The model used when LLM_MODEL is unset. */
export const DEFAULT_OPENAI_MODEL = 'gpt-4.1-mini';

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/**
 * The OpenAI adapter: Chat Completions with tool calls (non-streaming). With OPENAI_BASE_URL it talks
 * to any compatible server (a model on the company's own machine). OpenAI caches a repeated prefix on
 * its own; the prefix is kept stable the same way (tools, then the system message, then the history).
 * `prompt_tokens` includes cached tokens: they are reported apart, and input counts only the rest.
 */
export function createOpenAiModel(options: { apiKey?: string | null; baseUrl?: string | null; model?: string | null }): ModelPort {
  const client = new OpenAI({ apiKey: options.apiKey ?? 'not-needed', maxRetries: 0, ...(options.baseUrl ? { baseURL: options.baseUrl } : {}) });
  const model = options.model ?? DEFAULT_OPENAI_MODEL;
  return {
    provider: 'openai',
    async complete(request: ModelRequest): Promise<ModelResponse> {
      try {
        const { data, request_id: requestId } = await client.chat.completions.create({
          model,
          max_tokens: request.maxOutputTokens,
          tools: request.tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.inputSchema } })),
          messages: [{ role: 'system', content: request.system }, ...openAiMessages(request.messages)],
        }, { signal: request.signal }).withResponse();
        const choice = data.choices[0];
        if (choice === undefined) throw new Error('the answer has no choice');
        const toolCalls = (choice.message.tool_calls ?? []).flatMap((call) => (call.type === 'function'
          ? [{ id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) }]
          : []));
        const cached = data.usage?.prompt_tokens_details?.cached_tokens ?? 0;
        return {
          text: (choice.message.content ?? '').trim(), toolCalls, stopReason: stopReasonOf(choice.finish_reason), model: data.model,
          ...(requestId ? { requestId } : {}),
          usage: { inputTokens: Math.max(0, (data.usage?.prompt_tokens ?? 0) - cached), outputTokens: data.usage?.completion_tokens ?? 0, cacheReadTokens: cached, cacheWriteTokens: 0 },
        };
      } catch (error) {
        if (request.signal.aborted) throw error;
        throw new DteError('AGENT_UNAVAILABLE', `The OpenAI-compatible provider did not answer: ${reasonOf(error)}`, { retryable: true });
      }
    },
  };
}

/** Our messages in the Chat Completions shape. */
export function openAiMessages(messages: readonly ModelMessage[]): ChatMessage[] {
  return messages.flatMap((message): ChatMessage[] => {
    if (message.role === 'user') return [{ role: 'user', content: message.text }];
    if (message.role === 'assistant') {
      const calls = message.toolCalls ?? [];
      return [{
        role: 'assistant', content: message.text === '' ? null : message.text,
        ...(calls.length === 0 ? {} : { tool_calls: calls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: JSON.stringify(call.input) } })) }),
      }];
    }
    return message.results.map((result) => ({ role: 'tool' as const, tool_call_id: result.callId, content: result.content }));
  });
}

/** A tool call's arguments; unreadable JSON is handed to the tool as is, so its input check reports it. */
function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function stopReasonOf(reason: string | null | undefined): StopReason {
  if (reason === 'stop') return 'end';
  if (reason === 'tool_calls') return 'tool_use';
  if (reason === 'length') return 'max_tokens';
  return 'other';
}
