/**
 * The provider-neutral model port: messages and tool schemas in; text, tool calls, usage and the
 * stop reason out. The Anthropic and OpenAI adapters implement it; tests script it.
 */

/** A tool as the model is shown it. */
export interface ModelTool {
  name: string;
  description: string;
  /** JSON schema of the input. */
  inputSchema: Record<string, unknown>;
}

/** A call of a tool the model asked for. */
export interface ModelToolCall {
  id: string;
  name: string;
  input: unknown;
}

/** One message of the conversation handed to the model. */
export type ModelMessage =
  | { role: 'user'; text: string }
  | { role: 'assistant'; text: string; toolCalls?: ModelToolCall[] }
  | { role: 'tool'; results: Array<{ callId: string; content: string; isError: boolean }> };

/** What the loop asks of the model at each step. */
export interface ModelRequest {
  /** The stable system prompt (with the knowledge preamble): the cacheable prefix after the tools. */
  system: string;
  tools: readonly ModelTool[];
  /** The conversation so far: history, then the question, then this answer's tool turns. */
  messages: readonly ModelMessage[];
  /** How many of `messages` are the stored conversation (history): the prefix ends after them. */
  historyLength: number;
  maxOutputTokens: number;
  signal: AbortSignal;
}

/** Why the model stopped. */
export type StopReason = 'end' | 'tool_use' | 'max_tokens' | 'other';

/** Tokens of one model call. */
export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** One model call's answer. */
export interface ModelResponse {
  text: string;
  toolCalls: ModelToolCall[];
  stopReason: StopReason;
  usage: ModelUsage;
  /** The provider's request id, for support. */
  requestId?: string;
  /** The model that answered. */
  model: string;
}

/** A model behind a provider. A failure throws an AGENT_UNAVAILABLE DteError with the provider's reason. */
export interface ModelPort {
  /** `anthropic`, `openai`, or `scripted` in tests. */
  readonly provider: string;
  complete(request: ModelRequest): Promise<ModelResponse>;
}
