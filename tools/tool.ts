/**
 * What an agent tool is: a name, a description written for the model, a strict zod input, and a
 * handler that calls src/app services for the caller's Actor. The model never names the tenant: the
 * actor comes from the token, and every service call is scoped by it.
 */
import type { z } from 'zod';
import type { KnowledgeBase } from '../src/app/knowledge/index.ts';
import type {
  Actor, AgentAction, AgentCitation, CompanyService, DocumentInsightService, DocumentService, ExplanationService, ReceivedService, RegistryService,
} from '../src/app/ports/index.ts';

/** The application services the tools may call. */
export interface ToolServices {
  documents: DocumentService;
  companies: CompanyService;
  explanations: ExplanationService;
  knowledge: KnowledgeBase;
  insight: DocumentInsightService;
  /** The registry of acceptances and claims (Ley 19.983); its tools say so when it is absent. */
  registry?: RegistryService;
  /** Documents suppliers sent the caller's companies (issue 18); its tools say so when it is absent. */
  received?: ReceivedService;
}

/** Who asks, and through what. */
export interface ToolContext {
  actor: Actor;
  services: ToolServices;
}

/** What a tool hands back: data for the model (JSON), and the citations and actions it rests on. */
export interface ToolResult {
  data: unknown;
  citations?: AgentCitation[];
  actions?: AgentAction[];
}

/** One tool. `input` is strict: unknown keys are refused. */
export interface AgentTool<Input = unknown> {
  name: string;
  description: string;
  input: z.ZodType<Input>;
  run(input: Input, context: ToolContext): Promise<ToolResult>;
}

/** The longest text taken from a stored document or an SII message into a tool's output. */
export const MAXIMUM_FIELD_LENGTH = 200;

/** Untrusted text (invoice fields, SII messages) cut to a length, so a field cannot flood the model. */
export function capText(text: string | undefined, length = MAXIMUM_FIELD_LENGTH): string | undefined {
  if (text === undefined) return undefined;
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}

/** Defines a tool with its input type inferred from its schema. */
export function defineTool<Schema extends z.ZodType>(tool: {
  name: string; description: string; input: Schema; run(input: z.output<Schema>, context: ToolContext): Promise<ToolResult>;
}): AgentTool<z.output<Schema>> {
  return tool as unknown as AgentTool<z.output<Schema>>;
}
