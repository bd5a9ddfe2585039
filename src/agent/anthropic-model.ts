import Anthropic from '@anthropic-ai/sdk';
import { DteError } from '../core/errors.ts';
import { reasonOf } from './agent-loop.ts';
import type { ModelMessage, ModelPort, ModelRequest, ModelResponse, StopReason } from './model-port.ts';

/** The model used when LLM_MODEL is unset. */
export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-5';

type MessageParam = Anthropic.Messages.MessageParam;
type ContentBlockParam = Anthropic.Messages.ContentBlockParam;
const EPHEMERAL = { type: 'ephemeral' } as const;

/**
 * The Anthropic adapter: the Messages API with tool use (non-streaming). Prompt caching puts
 * `cache_control` after the stable prefix, in the API's order tools → system → messages: on the system
 * text (prompt and knowledge index, so tools and system are cached) and on the last message of the
 * stored conversation. The question and this answer's tool turns come after the breakpoints.
 */
export function createAnthropicModel(options: { apiKey: string; baseUrl?: string | null; model?: string | null }): ModelPort {
  const client = new Anthropic({ apiKey: options.apiKey, maxRetries: 0, ...(options.baseUrl ? { baseURL: options.baseUrl } : {}) });
  const model = options.model ?? DEFAULT_ANTHROPIC_MODEL;
  return {
    provider: 'anthropic',
    async complete(request: ModelRequest): Promise<ModelResponse> {
      try {
        const { data, request_id: requestId } = await client.messages.create({
          model,
          max_tokens: request.maxOutputTokens,
          system: [{ type: 'text', text: request.system, cache_control: EPHEMERAL }],
          tools: request.tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.inputSchema as Anthropic.Messages.Tool.InputSchema })),
          messages: anthropicMessages(request.messages, request.historyLength),
        }, { signal: request.signal }).withResponse();
        const text = data.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n').trim();
        const toolCalls = data.content.flatMap((block) => (block.type === 'tool_use' ? [{ id: block.id, name: block.name, input: block.input }] : []));
        return {
          text, toolCalls, stopReason: stopReasonOf(data.stop_reason), model: data.model,
          ...(requestId ? { requestId } : {}),
          usage: {
            inputTokens: data.usage.input_tokens, outputTokens: data.usage.output_tokens,
            cacheReadTokens: data.usage.cache_read_input_tokens ?? 0, cacheWriteTokens: data.usage.cache_creation_input_tokens ?? 0,
          },
        };
      } catch (error) {
        if (request.signal.aborted) throw error;
        throw new DteError('AGENT_UNAVAILABLE', `Anthropic did not answer: ${reasonOf(error)}`, { retryable: true });
      }
    },
  };
}

/** Our messages in Anthropic's shape; the last history message carries the conversation's cache breakpoint. */
export function anthropicMessages(messages: readonly ModelMessage[], historyLength: number): MessageParam[] {
  return messages.map((message, index): MessageParam => {
    const cache = index === historyLength - 1 ? { cache_control: EPHEMERAL } : {};
    if (message.role === 'user') return { role: 'user', content: [{ type: 'text', text: message.text, ...cache }] };
    if (message.role === 'assistant') {
      const content: ContentBlockParam[] = [];
      if (message.text !== '') content.push({ type: 'text', text: message.text, ...cache });
      for (const call of message.toolCalls ?? []) content.push({ type: 'tool_use', id: call.id, name: call.name, input: call.input as Record<string, unknown> });
      if (content.length === 0) content.push({ type: 'text', text: '…', ...cache });
      return { role: 'assistant', content };
    }
    return { role: 'user', content: message.results.map((result) => ({ type: 'tool_result', tool_use_id: result.callId, content: result.content, is_error: result.isError })) };
  });
}

function stopReasonOf(reason: string | null): StopReason {
  if (reason === 'end_turn' || reason === 'stop_sequence') return 'end';
  if (reason === 'tool_use') return 'tool_use';
  if (reason === 'max_tokens') return 'max_tokens';
  return 'other';
}
