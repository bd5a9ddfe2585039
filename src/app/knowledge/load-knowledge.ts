import { DteError } from '../../core/errors.ts';
import type { z } from 'zod';
import {
  codeGuidanceFileSchema,
  knowledgeTopicFileSchema,
  type CodeGuidance,
  type GuidanceFamily,
  type KnowledgeEntry,
  type ResourceFile,
} from '../ports/knowledge.ts';

/**
 * The agent's facts read from their files' text (ResourceFiles gives it; this module reads no file),
 * each checked against its schema, so that the agent never states a fact without a source.
 */

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

function parseFile<T>(file: ResourceFile, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch (error) {
    throw knowledgeResourceError(file.name, [error instanceof Error ? error.message : String(error)]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw knowledgeResourceError(
      file.name,
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
 * Validates the text of resources/sii-code-guidance.json: a frozen map from `family:code`
 * (guidanceKey) to its guidance. A code written twice for one family is an error.
 */
export function parseCodeGuidance(file: ResourceFile): ReadonlyMap<string, Readonly<CodeGuidance>> {
  const { guidance } = parseFile(file, codeGuidanceFileSchema);
  const map = new Map<string, Readonly<CodeGuidance>>();
  for (const item of guidance) {
    const key = guidanceKey(item.family, item.code);
    if (map.has(key)) throw knowledgeResourceError(file.name, [`${key} is written twice`]);
    map.set(key, Object.freeze(item));
  }
  return map;
}

/**
 * Validates the topic files of the knowledge base (one JSON file per topic, in the order given),
 * returning the entries in file order. An id used twice is an error.
 */
export function parseKnowledgeEntries(files: readonly ResourceFile[]): readonly Readonly<KnowledgeEntry>[] {
  const seen = new Map<string, string>();
  const entries: Readonly<KnowledgeEntry>[] = [];
  for (const file of files) {
    for (const entry of parseFile(file, knowledgeTopicFileSchema).entries) {
      const other = seen.get(entry.id);
      if (other !== undefined) throw knowledgeResourceError(file.name, [`id ${entry.id} is also in ${other}`]);
      seen.set(entry.id, file.name);
      entries.push(Object.freeze(entry));
    }
  }
  return Object.freeze(entries);
}
