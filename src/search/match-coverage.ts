import { SOUND_KEY_MARK, termsOf, tokenize } from './spanish-terms.ts';

/**
 * How much of a question an entry covers: each content word of the question weighs by how rare it is
 * in the knowledge base (a word no entry has weighs most, "factura" little), and counts fully when the
 * entry has it (whole, stemmed, by sound or as a prefix), three quarters when only a close spelling
 * (one edit, a swap of two letters counted as one; two edits from eight letters). A question about something the base
 * does not hold ("la multa por no dar boleta") leaves its rare word uncovered, however well "boleta"
 * matches: that is what keeps a loose match from being answered as if it were the rule.
 */

/** One content word of a question and the terms it contributes. */
interface QueryWord {
  readonly word: string;
  readonly terms: readonly string[];
}

/** An entry's terms, as the index sees them. */
export interface CoverageDocument {
  readonly id: string;
  /** The words that name the entry's topic: its title and tags. */
  readonly topic: string;
  /** The rest of its text. */
  readonly text: string;
}

export interface Coverage {
  /** The covered share of the question's weight, 0 to 1. */
  readonly share: number;
  /** Whether at least one word was covered exactly (not only through a close spelling). */
  readonly exact: boolean;
}

/** How much of its weight a word only close to the entry's (a typo allowance) covers. */
const CLOSE_SHARE = 0.75;

/** The weight of a word that is in the entries' rules but in no title or tag. */
const OFF_TOPIC_WEIGHT = 0.5;

/** Optimal string alignment distance: edits, with a swap of two neighbouring letters counted as one. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Close spellings allowed: none under five letters, one edit to seven, two from eight. */
function allowedEdits(word: string): number {
  if (word.length >= 8) return 2;
  return word.length >= 5 ? 1 : 0;
}

/** The content words of a question, each with the terms of its alternatives (numbers aside: a folio says nothing of a rule). */
function queryWords(words: readonly (readonly string[])[]): QueryWord[] {
  const seen = new Set<string>();
  return words.flatMap(([word, ...alternatives]) => {
    const terms = [word!, ...alternatives].flatMap(termsOf);
    if (terms.length === 0 || /^\d+$/.test(word!) || termsOf(word!).length === 0 || seen.has(terms[0]!)) return [];
    seen.add(terms[0]!);
    return [{ word: terms[0]!, terms }];
  });
}

/** Measures the coverage of questions over a fixed set of entries. */
export class CoverageIndex {
  private readonly postings = new Map<string, Set<string>>();
  private readonly topical = new Set<string>();
  private readonly sorted: string[];
  private readonly plainWords: string[];
  private readonly size: number;

  constructor(documents: readonly CoverageDocument[]) {
    for (const document of documents) {
      for (const term of tokenize(document.topic).flatMap(termsOf)) this.topical.add(term);
      for (const term of tokenize(`${document.topic} ${document.text}`).flatMap(termsOf)) {
        const ids = this.postings.get(term) ?? new Set<string>();
        ids.add(document.id);
        this.postings.set(term, ids);
      }
    }
    this.sorted = [...this.postings.keys()].sort();
    this.plainWords = this.sorted.filter((term) => !term.startsWith(SOUND_KEY_MARK) && term.length >= 4);
    this.size = documents.length;
  }

  /**
   * The entries that hold the word whole, stemmed, by sound, or the word as a prefix (from four
   * letters); a word of six letters or more also by its first letters but two, at least five ("valido"
   * meets "validar", which the stemmer cuts differently).
   */
  private exactly(word: QueryWord): Set<string> {
    const ids = new Set<string>();
    const truncated = word.word.length >= 6 ? [word.word.slice(0, Math.max(5, word.word.length - 2))] : [];
    for (const term of word.terms) for (const id of this.postings.get(term) ?? []) ids.add(id);
    // Prefixes: of the whole word from four letters, of a stem from five ("venci" meets "vencido"; "mult",
    // the stem of "multa", would meet "multiplican").
    for (const term of new Set([word.word, ...truncated, ...word.terms.filter((term) => term.length >= 5 && !term.startsWith(SOUND_KEY_MARK))])) {
      if (term.length < 4) continue;
      for (let index = lowerBound(this.sorted, term); index < this.sorted.length && this.sorted[index]!.startsWith(term); index += 1) {
        for (const id of this.postings.get(this.sorted[index]!)!) ids.add(id);
      }
    }
    return ids;
  }

  /** The entries that hold a close spelling of the word. */
  private closely(word: QueryWord): Set<string> {
    const ids = new Set<string>();
    const limit = allowedEdits(word.word);
    if (limit === 0) return ids;
    for (const term of this.plainWords) {
      if (editDistance(word.word, term, limit) <= limit) for (const id of this.postings.get(term)!) ids.add(id);
    }
    return ids;
  }

  /**
   * The coverage of each of `ids` (the search's candidates) by the question's words, each with its
   * alternatives (informal-spanish.ts).
   */
  measure(question: readonly (readonly string[])[], ids: readonly string[]): Map<string, Coverage> {
    const words = queryWords(question).map((word) => {
      const exact = this.exactly(word);
      const close = exact.size > 0 ? new Set<string>() : this.closely(word);
      const found = exact.size > 0 ? exact.size : close.size;
      // A word of no entry, or only close to one (a typo), weighs by its rarity; one that is in some
      // entry's rule but names no entry's topic (in no title or tag) weighs half.
      const topical = exact.size === 0 || word.terms.some((term) => this.topical.has(term));
      return { exact, close, weight: Math.log(1 + this.size / (1 + found)) * (topical ? 1 : OFF_TOPIC_WEIGHT) };
    });
    const total = words.reduce((sum, word) => sum + word.weight, 0);
    return new Map(ids.map((id) => {
      let covered = 0;
      let exact = false;
      for (const word of words) {
        if (word.exact.has(id)) {
          covered += word.weight;
          exact = true;
        } else if (word.close.has(id)) {
          covered += word.weight * CLOSE_SHARE;
        }
      }
      return [id, { share: total === 0 ? 0 : covered / total, exact }];
    }));
  }
}

function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1; else high = middle;
  }
  return low;
}
