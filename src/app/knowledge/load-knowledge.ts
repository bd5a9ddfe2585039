import { DteError } from '../../core/errors.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import {
  codeGuidanceFileSchema,
  knowledgeTopicFileSchema,
  type CodeGuidance,
  type GuidanceFamily,
  type KnowledgeEntry,
} from './knowledge-schema.ts';

/** Where the facts live: the project's resources, so that the service works without ../shared. */
export const CODE_GUIDANCE_PATH = fileURLToPath(new URL('../../../resources/sii-code-guidance.json', import.meta.url));
export const KNOWLEDGE_DIRECTORY = fileURLToPath(new URL('../../../resources/knowledge/', import.meta.url));

/**
 * The error of a resource file that breaks its schema, at startup: a bug in the resources, not a user
 * error (INTERNAL), naming the file and every problem.
 */
export function knowledgeResourceError(file: string, problems: string[]): DteError {
  return new DteError('INTERNAL', `${file}: ${problems.join('; ')}`, { details: { file, problems } });
}

/** Whether an error is that of a broken resource file. */
export function isKnowledgeResourceError(error: unknown): boolean {
  return error instanceof DteError && error.code === 'INTERNAL' && typeof (error.details as { file?: unknown } | undefined)?.file === 'string';
}

function parseFile<T>(file: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw knowledgeResourceError(file, [error instanceof Error ? error.message : String(error)]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw knowledgeResourceError(
      file,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}

/** The key of a code in the guidance map: the catalog family and the code, e.g. `upload_status:7`. */
export function guidanceKey(family: GuidanceFamily, code: string): string {
  return `${family}:${code}`;
}

/**
 * Reads and validates resources/sii-code-guidance.json: a frozen map from `family:code` (guidanceKey)
 * to its guidance. A code written twice for one family is an error.
 */
export function loadCodeGuidance(file: string = CODE_GUIDANCE_PATH): ReadonlyMap<string, Readonly<CodeGuidance>> {
  const { guidance } = parseFile(file, codeGuidanceFileSchema);
  const map = new Map<string, Readonly<CodeGuidance>>();
  for (const item of guidance) {
    const key = guidanceKey(item.family, item.code);
    if (map.has(key)) throw knowledgeResourceError(file, [`${key} is written twice`]);
    map.set(key, Object.freeze(item));
  }
  return map;
}

/**
 * Reads and validates every topic file of resources/knowledge (one JSON file per topic, sorted by
 * name), returning the entries in file order. An id used twice is an error.
 */
export function loadKnowledgeEntries(directory: string = KNOWLEDGE_DIRECTORY): readonly Readonly<KnowledgeEntry>[] {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const seen = new Map<string, string>();
  const entries: Readonly<KnowledgeEntry>[] = [];
  for (const name of files) {
    const file = join(directory, name);
    for (const entry of parseFile(file, knowledgeTopicFileSchema).entries) {
      const other = seen.get(entry.id);
      if (other !== undefined) throw knowledgeResourceError(file, [`id ${entry.id} is also in ${other}`]);
      seen.set(entry.id, name);
      entries.push(Object.freeze(entry));
    }
  }
  return Object.freeze(entries);
}
