/** The agent's facts: guidance on SII codes and the knowledge base of invoicing rules (its search is src/search's). */
export { parseCodeGuidance, parseKnowledgeEntries, guidanceKey, isKnowledgeResourceError, knowledgeResourceError } from './load-knowledge.ts';
export type {
  CodeGuidance, GuidanceFamily, KnowledgeBase, KnowledgeEntry, KnowledgeHit, KnowledgeSearchOptions, ResourceFile, ResourceFiles, Source,
} from '../ports/knowledge.ts';
export { GUIDANCE_FAMILIES, SII_DOCUMENT_FILES } from '../ports/knowledge.ts';
