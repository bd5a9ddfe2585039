/** The agent's facts: guidance on SII codes and the knowledge base of invoicing rules. */
export { createKnowledgeBase, CONFIDENT_SCORE, type KnowledgeBase, type KnowledgeHit, type KnowledgeSearchOptions } from './knowledge-base.ts';
export { loadCodeGuidance, loadKnowledgeEntries, guidanceKey, CODE_GUIDANCE_PATH, KNOWLEDGE_DIRECTORY, isKnowledgeResourceError, knowledgeResourceError } from './load-knowledge.ts';
export type { CodeGuidance, GuidanceFamily, KnowledgeEntry, Source } from './knowledge-schema.ts';
export { GUIDANCE_FAMILIES } from './knowledge-schema.ts';
export { SII_DOCUMENT_FILES } from './source-documents.ts';
