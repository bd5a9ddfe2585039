/** An answer of `POST /v1/agent/ask`, as the eval runner reads it: the agent's HTTP contract, from its one schema. */
export { agentAnswerSchema, type AgentAnswer } from '../../src/app/ports/index.ts';
