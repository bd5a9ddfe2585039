import type { AgentAction, AgentCitation } from '../app/ports/index.ts';
import type { AgentTool, ToolContext } from '../../tools/index.ts';
import { runTool } from '../../tools/run-tool.ts';

/** Runs tools by name for the offline mode, recording each call, its citations and its actions as the loop does. */
export class ToolRecorder {
  readonly toolCalls: Array<{ name: string; ok: boolean; arguments?: unknown }> = [];
  readonly citations: AgentCitation[] = [];
  readonly actions: AgentAction[] = [];
  private readonly byName: Map<string, AgentTool<never>>;

  constructor(tools: readonly AgentTool<never>[], readonly context: ToolContext) {
    this.byName = new Map(tools.map((tool) => [tool.name, tool]));
  }

  /** The tool's data, or undefined when it failed (the failure is recorded). */
  async call<Data>(name: string, input: unknown): Promise<Data | undefined> {
    const tool = this.byName.get(name);
    if (tool === undefined) throw new Error(`There is no tool ${name}.`);
    const outcome = await runTool(tool, input, this.context);
    this.toolCalls.push({ name, ok: outcome.ok, arguments: input });
    if (!outcome.ok) return undefined;
    this.citations.push(...(outcome.result.citations ?? []).filter((citation) => !this.citations.some((known) => known.kind === citation.kind && known.id === citation.id)));
    this.actions.push(...(outcome.result.actions ?? []));
    return outcome.result.data as Data;
  }
}
