/** An answer of `POST /v1/agent/ask`, as the eval runner reads it (the agent's HTTP contract). */
export interface AgentAnswer {
  answer: string;
  mode: string;
  conversationId: string;
  citations: Array<{ kind: 'sii_code' | 'knowledge' | 'document'; id: string; title?: string; source?: string }>;
  actions: Array<{ kind: string; label?: string; documentId?: string; request?: unknown; approvalRequired?: boolean }>;
  toolCalls: Array<{ name: string; ok: boolean; arguments?: Record<string, unknown> }>;
  usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; costUsd: number; steps: number; latencyMs: number };
  promptVersion: string;
}
