import { z } from 'zod';
import { DteError } from '../src/core/errors.ts';
import type { AgentTool, ToolContext, ToolResult } from './tool.ts';

/** A tool's outcome: its result, or the error as text for the model. */
export type ToolOutcome = { ok: true; result: ToolResult } | { ok: false; error: string };

/** The JSON schema of a tool's input, as the providers take it. */
export function inputSchemaOf(tool: AgentTool<never>): Record<string, unknown> {
  const { $schema: _schema, ...schema } = z.toJSONSchema(tool.input as z.ZodType) as Record<string, unknown>;
  return schema;
}

/**
 * Runs a tool on raw input from a model: the input is parsed strictly (a bad one is an error the
 * model reads and may fix), and a DteError is handed back as its code and message, never thrown.
 */
export async function runTool(tool: AgentTool<never>, raw: unknown, context: ToolContext): Promise<ToolOutcome> {
  const parsed = (tool.input as z.ZodType).safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`).join('; ');
    return { ok: false, error: `Invalid input for ${tool.name}: ${problems}` };
  }
  try {
    return { ok: true, result: await (tool as AgentTool<unknown>).run(parsed.data, context) };
  } catch (error) {
    if (error instanceof DteError) return { ok: false, error: `${error.code}: ${error.message}` };
    return { ok: false, error: `INTERNAL: ${tool.name} failed.` };
  }
}
