import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KnowledgeBase } from '../app/knowledge/index.ts';
import type { AgentTool } from '../../tools/index.ts';
import { inputSchemaOf } from '../../tools/run-tool.ts';
import type { ModelTool } from './model-port.ts';

/** The system prompt file. */
export const SYSTEM_PROMPT_PATH = fileURLToPath(new URL('../../prompts/system-prompt.md', import.meta.url));

/** A system prompt and its version (from the file's front matter). */
export interface SystemPrompt {
  version: string;
  text: string;
}

/** Reads a prompt file: `---\nversion: …\n---\n` then the prompt. A file without a version is refused. */
export function loadSystemPrompt(path = SYSTEM_PROMPT_PATH): SystemPrompt {
  const content = readFileSync(path, 'utf8');
  const match = /^---\r?\nversion:\s*(\S+)\r?\n---\r?\n([\s\S]+)$/.exec(content);
  if (!match?.[1] || !match[2]) throw new Error(`${path} has no "version:" front matter.`);
  return { version: match[1], text: match[2].trim() };
}

/** The tools as the model is shown them, in their fixed order. */
export function modelToolsOf(tools: readonly AgentTool<never>[]): ModelTool[] {
  return tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: inputSchemaOf(tool) }));
}

/** A short hash of the tool set (names, descriptions, schemas), recorded with every answer. */
export function toolSetHash(tools: readonly ModelTool[]): string {
  return createHash('sha256').update(JSON.stringify(tools)).digest('hex').slice(0, 16);
}

/**
 * The stable system text: the prompt, then the index of the knowledge base (ids and titles), which
 * changes only with a release. Nothing per question goes here, so the prefix stays cacheable.
 */
export function systemText(prompt: SystemPrompt, knowledge: KnowledgeBase): string {
  const index = knowledge.all().map((entry) => `- ${entry.id}: ${entry.title}`).join('\n');
  return `${prompt.text}\n\nKnowledge base entries (search them with search_knowledge):\n${index}`;
}
