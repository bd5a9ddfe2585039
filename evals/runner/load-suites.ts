import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { suiteSchema, type Suite } from './suite-schema.ts';

/** Where the suites are. */
export const SUITES_DIRECTORY = new URL('../suites/', import.meta.url);

/**
 * The held-out suites: written from the topics list alone and never tuned on, so that their pass rate is the
 * honest one. A subfolder, so that `loadSuites()` (the tuning suites, with their thresholds) does not read them.
 */
export const HELDOUT_DIRECTORY = new URL('../suites/heldout/', import.meta.url);

/**
 * The sealed held-out suites: written for issue 19 before the engine was changed for them, and never read to
 * fix a failure (the failures of `heldout/` were read, so that split is no longer blind). Ids `se-`.
 */
export const SEALED_DIRECTORY = new URL('../suites/sealed/', import.meta.url);

/** The splits a run reports apart: `tuning` (thresholds fitted), `heldout` (its failures read), `sealed` (never read to tune). */
export const SPLITS = { tuning: SUITES_DIRECTORY, heldout: HELDOUT_DIRECTORY, sealed: SEALED_DIRECTORY } as const;
export type Split = keyof typeof SPLITS;
export const SPLIT_NAMES = Object.keys(SPLITS) as Split[];

/** The suites of the splits named (every split by default), each suite tagged with its split. */
export function loadSplits(splits: readonly Split[] = SPLIT_NAMES, only?: string): Suite[] {
  const suites = splits.flatMap((split) => loadSuites(SPLITS[split].pathname).map((suite) => ({ ...suite, split })));
  if (only === undefined) return suites;
  const chosen = suites.filter((suite) => suite.name === only);
  if (chosen.length === 0) throw new Error(`There is no suite ${only}; the suites are ${suites.map((suite) => suite.name).join(', ')}.`);
  return chosen;
}

/** Loads every suite (or the one named), each checked against the schema; a bad suite throws naming its file and field. */
export function loadSuites(directory: string = SUITES_DIRECTORY.pathname, only?: string): Suite[] {
  const files = readdirSync(directory).filter((file) => file.endsWith('.yaml')).sort();
  const suites = files.map((file) => loadSuite(join(directory, file)));
  const ids = new Set<string>();
  for (const suite of suites) {
    for (const test of suite.tests) {
      const key = `${suite.name}/${test.id}`;
      if (ids.has(key)) throw new Error(`${key} is defined twice.`);
      ids.add(key);
    }
  }
  if (only === undefined) return suites;
  const chosen = suites.filter((suite) => suite.name === only);
  if (chosen.length === 0) throw new Error(`There is no suite ${only}; the suites are ${suites.map((suite) => suite.name).join(', ')}.`);
  return chosen;
}

export function loadSuite(file: string): Suite {
  return loadSuiteText(readFileSync(file, 'utf8'), file);
}

/** A suite from its YAML text; `file` names it in errors and gives its name. */
export function loadSuiteText(text: string, file: string): Suite {
  const parsed = suiteSchema.safeParse(parse(text));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`${file}: ${problems.join('; ')}`);
  }
  return { ...parsed.data, name: basename(file, '.yaml') };
}
