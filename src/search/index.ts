/** The KnowledgeBase port over a lexical search (MiniSearch, Spanish stemming and sound keys). */
export { createKnowledgeBase, CONFIDENT_SCORE, MIN_COVERAGE } from './knowledge-search.ts';
