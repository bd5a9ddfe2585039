import { Counter, Histogram, type Registry } from 'prom-client';

/** What the agent's answers are counted by. */
export interface AgentMetrics {
  /** One answer, by mode (offline, anthropic, openai) and outcome (answered, declined, unknown, step_limit, …, error). */
  countAnswer(mode: string, outcome: string, seconds: number): void;
  /** Tokens of one answer by kind (input, output, cache_read, cache_write), and its cost. */
  countUsage(mode: string, tokens: { input: number; output: number; cacheRead: number; cacheWrite: number }, costUsd: number): void;
  /** One tool call by tool and whether it succeeded. */
  countToolCall(tool: string, ok: boolean): void;
}

/** Seconds, from 1 ms to 2 min: offline answers take milliseconds, a model's seconds. */
const ANSWER_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** The agent's metrics, in the service's registry. */
export function createAgentMetrics(registry: Registry): AgentMetrics {
  const registers = [registry];
  const answers = new Counter({ name: 'dte_agent_answers_total', help: 'Agent answers by mode and outcome.', labelNames: ['mode', 'outcome'] as const, registers });
  const latency = new Histogram({ name: 'dte_agent_answer_duration_seconds', help: 'Time to answer a question, by mode.', labelNames: ['mode'] as const, buckets: ANSWER_BUCKETS, registers });
  const tokens = new Counter({ name: 'dte_agent_tokens_total', help: 'Model tokens by mode and kind (input, output, cache_read, cache_write).', labelNames: ['mode', 'kind'] as const, registers });
  const cost = new Counter({ name: 'dte_agent_cost_usd_total', help: 'Model cost in USD from the price table, by mode.', labelNames: ['mode'] as const, registers });
  const toolCalls = new Counter({ name: 'dte_agent_tool_calls_total', help: 'Agent tool calls by tool and outcome.', labelNames: ['tool', 'outcome'] as const, registers });
  return {
    countAnswer(mode, outcome, seconds) {
      answers.inc({ mode, outcome });
      latency.observe({ mode }, seconds);
    },
    countUsage(mode, usage, costUsd) {
      tokens.inc({ mode, kind: 'input' }, usage.input);
      tokens.inc({ mode, kind: 'output' }, usage.output);
      tokens.inc({ mode, kind: 'cache_read' }, usage.cacheRead);
      tokens.inc({ mode, kind: 'cache_write' }, usage.cacheWrite);
      cost.inc({ mode }, costUsd);
    },
    countToolCall(tool, ok) {
      toolCalls.inc({ tool, outcome: ok ? 'ok' : 'error' });
    },
  };
}
