/** The agent: the model loop, its adapters (Anthropic, OpenAI-compatible, offline) and the prompt. */
export { createAnswerEngine, unpricedModel, type AgentSettings, type BuiltEngine } from './create-answer-engine.ts';
export { runAgentLoop, type LoopLimits, type LoopResult } from './agent-loop.ts';
export type { ModelMessage, ModelPort, ModelRequest, ModelResponse, ModelTool, ModelToolCall } from './model-port.ts';
export { loadSystemPrompt, SYSTEM_PROMPT_PATH } from './system-prompt.ts';
