import MiniSearch, { type SearchResult } from 'minisearch';
import type { KnowledgeEntry } from './knowledge-schema.ts';
import { loadKnowledgeEntries } from './load-knowledge.ts';
import { expandAbbreviations, termsOf, tokenize } from './spanish-terms.ts';

/**
 * The knowledge base of invoicing rules with a lexical search over it (MiniSearch): Spanish accent
 * folding and stemming (spanish-terms.ts), prefix matching, fuzzy matching for typos ("anualr",
 * "credito"), and more weight on the title and the tags than on the rule's text.
 */

/** One hit: the entry, its score, and whether the match is strong enough to answer from. */
export interface KnowledgeHit {
  readonly entry: Readonly<KnowledgeEntry>;
  readonly score: number;
  /**
   * True when at least one word of the question matched the entry exactly or as a prefix (not only
   * through a typo allowance) and the score reaches CONFIDENT_SCORE. An answer should rest only on
   * confident hits; the others are "maybe you meant".
   */
  readonly confident: boolean;
}

export interface KnowledgeSearchOptions {
  /** At most this many hits (5 by default). */
  readonly limit?: number;
}

export interface KnowledgeBase {
  search(query: string, options?: KnowledgeSearchOptions): KnowledgeHit[];
  get(id: string): Readonly<KnowledgeEntry> | undefined;
  all(): readonly Readonly<KnowledgeEntry>[];
}

/**
 * The lowest score of a confident hit. Scores add up over the words of the question: a one-word question
 * on a topic ("iva") scores about 30, off-topic questions that only brush a term through a typo allowance
 * stay below or fail the exact-match test. Measured on the question table of the tests.
 */
export const CONFIDENT_SCORE = 20;

/** Boosts: a word in the title or the tags says more about the topic than one in the rule's text. */
const BOOST = { title: 3, tags: 3, rule: 1, ruleEn: 0.5, related: 1 } as const;

interface IndexedEntry {
  id: string;
  title: string;
  tags: string;
  rule: string;
  ruleEn: string;
  related: string;
}

function processTerm(term: string): string[] | null {
  const terms = termsOf(term);
  return terms.length === 0 ? null : terms;
}

/** Typos allowed: none in short words, one from four letters, two from six. */
function fuzziness(term: string): number {
  if (term.length >= 6) return 2;
  if (term.length >= 4) return 1;
  return 0;
}

/** Whether a word of the question matched the entry exactly or as a prefix, not only through a typo allowance. */
function isStrong(result: SearchResult, queryTerms: string[]): boolean {
  return result.terms.some((matched) =>
    queryTerms.some((query) => matched === query || (query.length >= 3 && matched.startsWith(query))),
  );
}

/**
 * Builds the knowledge base over `entries` (by default the validated files of resources/knowledge).
 * Pure: no I/O after the entries are loaded, and nothing here knows the store or the SII.
 */
export function createKnowledgeBase(entries: readonly Readonly<KnowledgeEntry>[] = loadKnowledgeEntries()): KnowledgeBase {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const index = new MiniSearch<IndexedEntry>({
    fields: ['title', 'tags', 'rule', 'ruleEn', 'related'],
    idField: 'id',
    tokenize,
    processTerm,
    searchOptions: {
      boost: BOOST,
      prefix: (term) => term.length >= 4,
      fuzzy: (term) => fuzziness(term),
      maxFuzzy: 2,
      combineWith: 'OR',
    },
  });
  index.addAll(
    entries.map((entry) => ({
      id: entry.id,
      title: entry.title,
      tags: entry.tags.join(' '),
      rule: entry.rule,
      ruleEn: entry.ruleEn ?? '',
      related: (entry.related ?? []).join(' '),
    })),
  );

  return {
    search(query, options = {}) {
      const limit = options.limit ?? 5;
      const expanded = expandAbbreviations(query);
      const queryTerms = tokenize(expanded).flatMap(termsOf);
      if (queryTerms.length === 0) return [];
      return index
        .search(expanded)
        .slice(0, limit)
        .flatMap((result) => {
          const entry = byId.get(String(result.id));
          if (entry === undefined) return [];
          const confident = result.score >= CONFIDENT_SCORE && isStrong(result, queryTerms);
          return [{ entry, score: result.score, confident }];
        });
    },
    get: (id) => byId.get(id),
    all: () => entries,
  };
}
