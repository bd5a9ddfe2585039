import type { X509Certificate } from 'node:crypto';
import { createConversationService } from '../app/conversation-service.ts';
import { createDocumentInsightService } from '../app/insight/document-insight-service.ts';
import type { ConversationService, Store } from '../app/ports/index.ts';
import type { GatewayFactory } from '../app/submission/index.ts';
import type { ExplanationService, RegistryService } from '../app/ports/index.ts';
import { createAnswerEngine, unpricedModel, type ModelPort } from '../agent/index.ts';
import type { Config } from '../config/config.ts';
import { verifyXml } from '../core/verify/index.ts';
import { sharedSchemaValidator } from '../schema/xsd-validator.ts';
import { createAgentMetrics } from '../observability/agent-metrics.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ServicesPart } from './build-services.ts';
import { knowledgeBase, siiCodeCatalog } from './resources.ts';

/** The agent as the front ends see it. */
export interface AgentPart {
  conversations: ConversationService;
  /** Lets go the threads (Slack's) nobody asked in for the conversation service's thread memory. */
  forgetIdleThreads(now: Date): Promise<number>;
  promptVersion: string;
  toolSetHash: string;
}

/**
 * Builds the agent: its tools' services (documents, companies, the SII code catalog with guidance,
 * the knowledge base, diagnosis), the answer engine LLM_PROVIDER names, and the conversation service
 * over the store, counted in the metrics.
 */
export function buildAgent(options: { config: Config; store: Store; services: ServicesPart; metrics: Metrics; clock: () => Date;
  /** Whom to trust for CAFs (the verifier). */
  trustedCafSigners: readonly X509Certificate[];
  /** The process's one SII gateway per certificate, shared with the submission (get_document_status with refresh). */
  gateways: GatewayFactory;
  /** The SII codes explained, as the Slack alerts explain them. */
  explanations: ExplanationService;
  /** The registry of acceptances and claims (get_document_events). */
  registry?: RegistryService;
  model?: ModelPort;
  /** Where the knowledge entries are read from (resources/knowledge by default). */
  knowledgeDirectory?: string;
  /** Told at start when the model has no price. */
  logger?: Pick<Logger, 'warn'>;
}): AgentPart {
  const { store, services } = options;
  const agentMetrics = createAgentMetrics(options.metrics.registry);
  const tools = {
    documents: services.documents, companies: services.companies,
    explanations: options.explanations,
    ...(options.registry ? { registry: options.registry } : {}),
    ...(services.received ? { received: services.received } : {}),
    knowledge: knowledgeBase(options.knowledgeDirectory),
    insight: createDocumentInsightService({
      store, documents: services.documents,
      verify: (xml: Uint8Array) => verifyXml(xml, { schemaValidator: sharedSchemaValidator(), trustedCafCertificates: options.trustedCafSigners }),
      gateways: options.gateways, catalog: siiCodeCatalog(),
      clock: options.clock,
    }),
  };
  const unpriced = options.model === undefined ? unpricedModel(options.config.agent) : undefined;
  if (unpriced !== undefined) {
    options.logger?.warn({ model: unpriced }, 'LLM_MODEL has no price: its answers cost 0 in the ledger and AGENT_MAX_COST_USD cannot stop them; set LLM_PRICES');
  }
  const built = createAnswerEngine(options.config.agent, tools, options.model ? { model: options.model } : {});
  const inner = createConversationService({ store, engine: built.engine, clock: options.clock });
  const mode = options.config.agent.provider;
  const conversations: ConversationService = {
    async ask(actor, question) {
      const started = performance.now();
      try {
        const answer = await inner.ask(actor, question);
        agentMetrics.countAnswer(answer.mode, answer.outcome, (performance.now() - started) / 1000);
        const { usage } = answer;
        agentMetrics.countUsage(answer.mode, { input: usage.inputTokens, output: usage.outputTokens, cacheRead: usage.cacheReadTokens, cacheWrite: usage.cacheWriteTokens }, usage.costUsd);
        for (const call of answer.toolCalls) agentMetrics.countToolCall(call.name, call.ok);
        return answer;
      } catch (error) {
        agentMetrics.countAnswer(mode, 'error', (performance.now() - started) / 1000);
        throw error;
      }
    },
  };
  return { conversations, forgetIdleThreads: inner.forgetIdleThreads, promptVersion: built.promptVersion, toolSetHash: built.toolSetHash };
}
