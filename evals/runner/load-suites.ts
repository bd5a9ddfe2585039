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
