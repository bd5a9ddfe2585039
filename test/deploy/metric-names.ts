import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The folder of the Prometheus rules and the Grafana dashboard. */
export const DEPLOY_DIRECTORY = fileURLToPath(new URL('../../deploy/', import.meta.url));

/** Series Prometheus itself makes (not the service): `up` and friends. */
const PROMETHEUS_OWN = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

/** The suffixes Prometheus adds to a histogram's or summary's name. */
const SERIES_SUFFIXES = ['_bucket', '_count', '_sum'];

/** The expressions of every rule of a Prometheus rules file. */
export function ruleExpressions(path: string): string[] {
  const document = parse(readFileSync(path, 'utf8')) as { groups: { rules: { expr: string }[] }[] };
  return document.groups.flatMap((group) => group.rules.map((rule) => rule.expr));
}

/** The expressions of every panel target of a Grafana dashboard (JSON). */
export function dashboardExpressions(path: string): string[] {
  const dashboard = JSON.parse(readFileSync(path, 'utf8')) as { panels: { targets?: { expr?: string }[] }[] };
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr ?? '')).filter((expr) => expr !== '');
}

/**
 * The metric names a PromQL expression reads: identifiers that are followed by a selector, a range or
 * an operator and are neither functions, keywords nor label names. Good enough for our own rules, which
 * name every metric with a `dte_`, `process_` or `nodejs_` prefix, or `up`.
 */
export function metricNames(expression: string): string[] {
  const withoutStrings = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const withoutSelectors = withoutStrings.replace(/\{[^}]*\}/g, '{}');
  const names = withoutSelectors.match(/\b(?:dte|process|nodejs)_[a-zA-Z0-9_]+\b|\bup\b/g) ?? [];
  return [...new Set(names)];
}

/** The names a `/metrics` exposition declares (its `# TYPE` lines), with each histogram's series names. */
export function exportedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const match of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, kind] = match as unknown as [string, string, string];
    names.add(name);
    if (kind === 'histogram' || kind === 'summary') for (const suffix of SERIES_SUFFIXES) names.add(`${name}${suffix}`);
  }
  return names;
}

/** The metric names of `expressions` that `exposition` does not export (Prometheus's own series aside). */
export function missingMetrics(expressions: string[], exposition: string): string[] {
  const exported = exportedNames(exposition);
  const wanted = new Set(expressions.flatMap(metricNames));
  return [...wanted].filter((name) => !PROMETHEUS_OWN.has(name) && !exported.has(name)).sort();
}
