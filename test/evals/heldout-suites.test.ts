import { describe, expect, it } from 'vitest';
import { HELDOUT_DIRECTORY, loadSuites, SEALED_DIRECTORY } from '../../evals/runner/load-suites.ts';

/** A question as written, folded so that a copy with other accents, case or spacing is still the same question. */
const normalised = (question: string | string[]) =>
  [question].flat().join(' / ').normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

describe('held-out suites', () => {
  const heldOut = loadSuites(HELDOUT_DIRECTORY.pathname);

  it('load through the runner\'s loader: one suite per kind of question, every case id prefixed ho- and unique', () => {
    expect(heldOut.map((suite) => suite.name)).toEqual([
      'heldout-accounting', 'heldout-calculations', 'heldout-corrections', 'heldout-greetings',
      'heldout-injection', 'heldout-out-of-scope', 'heldout-rejections', 'heldout-status',
    ]);
    const ids = heldOut.flatMap((suite) => suite.tests.map((test) => test.id));
    expect(ids.every((id) => id.startsWith('ho-'))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(180);
  });

  it('ask no question that a tuning suite asks (a copied question would not be held out)', () => {
    const tuning = new Set(loadSuites().flatMap((suite) => suite.tests.map((test) => normalised(test.vars.question))));
    const copied = heldOut.flatMap((suite) => suite.tests.filter((test) => tuning.has(normalised(test.vars.question))).map((test) => `${suite.name}/${test.id}`));
    expect(copied).toEqual([]);
  });

  it('hold only regexes that compile as the runner compiles them', () => {
    const broken: string[] = [];
    for (const suite of heldOut) {
      for (const test of suite.tests) {
        for (const assertion of test.assert) {
          if (assertion.type !== 'regex' && assertion.type !== 'not-regex') continue;
          try { new RegExp(assertion.value, 'iu'); } catch { broken.push(`${suite.name}/${test.id}`); }
        }
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('sealed held-out suites', () => {
  const sealed = loadSuites(SEALED_DIRECTORY.pathname);

  it('hold at least 150 cases, ids se- and unique, thresholds 0 (nothing is fitted to them)', () => {
    const ids = sealed.flatMap((suite) => suite.tests.map((test) => test.id));
    expect(ids.length).toBeGreaterThanOrEqual(150);
    expect(ids.every((id) => id.startsWith('se-'))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sealed.every((suite) => suite.threshold === 0)).toBe(true);
  });

  it('ask no question that a tuning or a held-out suite asks', () => {
    const other = new Set([...loadSuites(), ...loadSuites(HELDOUT_DIRECTORY.pathname)].flatMap((suite) => suite.tests.map((test) => normalised(test.vars.question))));
    const copied = sealed.flatMap((suite) => suite.tests.filter((test) => other.has(normalised(test.vars.question))).map((test) => `${suite.name}/${test.id}`));
    expect(copied).toEqual([]);
  });

  it('hold only regexes that compile', () => {
    const broken = sealed.flatMap((suite) => suite.tests.flatMap((test) => test.assert.flatMap((assertion) => {
      if (assertion.type !== 'regex' && assertion.type !== 'not-regex') return [];
      try { new RegExp(assertion.value, 'iu'); return []; } catch { return [`${suite.name}/${test.id}`]; }
    })));
    expect(broken).toEqual([]);
  });
});
