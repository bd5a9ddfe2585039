import MiniSearch from 'minisearch';
import type { KnowledgeBase, KnowledgeEntry, KnowledgeHit } from '../app/ports/knowledge.ts';
import { informalWords } from './informal-spanish.ts';
import { CoverageIndex, type Coverage } from './match-coverage.ts';
import { SOUND_KEY_MARK, termsOf, tokenize } from './spanish-terms.ts';

/**
 * The KnowledgeBase port over MiniSearch: a lexical search over the knowledge base of invoicing rules: the asker's
 * abbreviations and English domain words written out (informal-spanish.ts), Spanish accent folding,
 * stemming and sound keys (spanish-terms.ts), prefix matching, fuzzy matching for typos ("anualr",
 * "credito"), and more weight on the title and the tags than on the rule's text. Hits are re-ranked by
 * how much of the question each entry covers (match-coverage.ts), and only an entry that covers most
 * of it, clearly ahead of the others, is confident: a loose match is "maybe you meant", never the rule.
 */

/**
 * The lowest score of a confident hit. Scores add up over the words of the question: a one-word question
 * on a topic ("iva") scores about 30; a code alone ("k significa CAF-3-517", answered from the catalog)
 * about 10. Measured on the question table of the tests and the eval suites' questions.
 */
export const CONFIDENT_SCORE = 20;

/**
 * The least coverage of a confident hit: the entry holds the words that carry most of the question's
 * weight. On the eval suites' questions, right answers cover 0.53 or more and questions the base does
 * not answer ("la multa si no doy boleta", "el f29", "la clave de mi correo") 0.40 or less.
 */
export const MIN_COVERAGE = 0.5;

/**
 * A near tie: the second hit ranks at least TIE of the best. Then the best must cover at least
 * TIE_COVERAGE of the question, or no hit is confident: two entries that match the same part of the
 * question equally, with a part of it that neither holds ("la guía de despacho lleva IVA?" between the
 * guía entries), mean the question falls between entries. Calibrated on the eval suites' questions
 * and the test table; near ties with the question covered ("cuanto es el iba?") stay confident. 0.85:
 * "la guia lleva iva?" puts the guía entries at 0.897 of each other, all covering "guía" and none "IVA";
 * the closest confident answer with a part uncovered ("input VAT (credito fiscal) of an invoice I
 * haven't paid", 0.65 covered) has its runner-up at 0.76.
 */
const TIE = 0.85;
const TIE_COVERAGE = 0.8;

/** A runner-up is confident only when it ranks at least this share of the best hit. */
const RUNNER_UP_SHARE = 0.5;

/** How many of MiniSearch's results are measured and re-ranked. */
const CANDIDATES = 12;

/** The order of hits: the lexical score, weighed by how much of the question the entry covers. */
function rank(score: number, coverage: Coverage): number {
  return score * coverage.share * coverage.share;
}

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

/** Typos MiniSearch allows when ranking: none in short words, one from four letters, two from six; none in sound keys. */
function fuzziness(term: string): number {
  if (term.startsWith(SOUND_KEY_MARK)) return 0;
  if (term.length >= 6) return 2;
  if (term.length >= 4) return 1;
  return 0;
}

/**
 * Builds the knowledge base over `entries` (parseKnowledgeEntries of the knowledge files). No I/O,
 * and nothing here knows the store or the SII.
 */
export function createKnowledgeBase(entries: readonly Readonly<KnowledgeEntry>[]): KnowledgeBase {
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
  const indexed = entries.map((entry) => ({
    id: entry.id,
    title: entry.title,
    tags: entry.tags.join(' '),
    rule: entry.rule,
    ruleEn: entry.ruleEn ?? '',
    related: (entry.related ?? []).join(' '),
  }));
  index.addAll(indexed);

  const coverage = new CoverageIndex(indexed.map((entry) => ({ id: entry.id, topic: `${entry.title} ${entry.tags}`, text: [entry.rule, entry.ruleEn, entry.related].join(' ') })));

  return {
    search(query, options = {}) {
      const limit = options.limit ?? 5;
      const words = informalWords(query);
      const expanded = words.flat().join(' ');
      if (tokenize(expanded).flatMap(termsOf).length === 0) return [];
      const results = index.search(expanded).slice(0, CANDIDATES);
      const covered = coverage.measure(words, results.map((result) => String(result.id)));
      const ranked = results
        .map((result) => ({ id: String(result.id), coverage: covered.get(String(result.id))!, score: rank(result.score, covered.get(String(result.id))!) }))
        .sort((a, b) => b.score - a.score);
      const best = ranked[0]?.score ?? 0;
      const undecided = ranked.length > 1 && ranked[1]!.score >= TIE * best && ranked[0]!.coverage.share < TIE_COVERAGE;
      return ranked.slice(0, limit).flatMap((hit): KnowledgeHit[] => {
        const entry = byId.get(hit.id);
        if (entry === undefined) return [];
        const confident = !undecided && hit.score >= CONFIDENT_SCORE && hit.coverage.exact && hit.coverage.share >= MIN_COVERAGE
          && hit.score >= RUNNER_UP_SHARE * best;
        return [{ entry, score: hit.score, coverage: hit.coverage.share, confident }];
      });
    },
    get: (id) => byId.get(id),
    all: () => entries,
  };
}
