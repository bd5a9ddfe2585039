import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResourceFile, ResourceFiles } from '../app/ports/knowledge.ts';

/** Where the project keeps what it needs at run time, so that the service works without ../shared. */
export const RESOURCES_DIRECTORY = fileURLToPath(new URL('../../resources/', import.meta.url));
/** The topic files of the knowledge base. */
export const KNOWLEDGE_DIRECTORY = join(RESOURCES_DIRECTORY, 'knowledge');
/** The project's guidance on SII codes. */
export const CODE_GUIDANCE_PATH = join(RESOURCES_DIRECTORY, 'sii-code-guidance.json');
/** The SII's code catalog. */
export const CODE_CATALOG_PATH = join(RESOURCES_DIRECTORY, 'sii-codes.json');

/**
 * The ResourceFiles port over the file system: the code catalog, the code guidance and the knowledge
 * topic files of `knowledgeDirectory` (resources/knowledge by default; the eval tier points it at a
 * copy with a broken entry). Each is read when asked for.
 */
export function readResourceFiles(knowledgeDirectory: string = KNOWLEDGE_DIRECTORY): ResourceFiles {
  const file = (path: string): ResourceFile => ({ name: path, text: readFileSync(path, 'utf8') });
  return {
    codeCatalog: () => file(CODE_CATALOG_PATH),
    codeGuidance: () => file(CODE_GUIDANCE_PATH),
    knowledgeTopics: () => readdirSync(knowledgeDirectory).filter((name) => name.endsWith('.json')).sort().map((name) => file(join(knowledgeDirectory, name))),
  };
}
