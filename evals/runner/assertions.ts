import type { AgentAnswer } from './answer.ts';
import type { Assertion } from './suite-schema.ts';

/** How one assertion went: `skipped` only for model-graded rubrics without a judge (never counted as passed). */
export interface AssertionResult {
  type: Assertion['type'];
  outcome: 'passed' | 'failed' | 'skipped';
  /** What was expected and what was found, when it failed or was skipped. */
  reason?: string;
}

/** Folds accents and case, so that `icontains: credito` finds "crédito". */
export function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

const result = (type: Assertion['type'], passed: boolean, reason: string): AssertionResult =>
  (passed ? { type, outcome: 'passed' } : { type, outcome: 'failed', reason });

/** Whether `actual` holds every key of `expected` with an equal value (recursively, arrays by position). */
function matches(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') {
    if (actual === expected) return true;
    // A rendered template (`"{{nota.folio}}"`) is text; a number given as text matches the number.
    if (typeof actual === 'number' && typeof expected === 'string') return String(actual) === expected.trim();
    return typeof actual === 'string' && typeof expected === 'string' && folded(actual) === folded(expected);
  }
  if (actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([key, value]) => matches((actual as Record<string, unknown>)[key], value));
}

/**
 * Checks one assertion against an answer. Texts are read with `vars` substituted (`{{factura.folio}}`).
 * A model-graded rubric is skipped, with the reason, when no judge is configured.
 */
export function evaluate(assertion: Assertion, answer: AgentAnswer, render: (text: string) => string, judgeAvailable = false): AssertionResult {
  const { type } = assertion;
  switch (assertion.type) {
    case 'contains': case 'icontains': case 'not-contains': case 'not-icontains': {
      const values = (Array.isArray(assertion.value) ? assertion.value : [assertion.value]).map(render);
      const fold = assertion.type.includes('icontains') ? folded : (text: string) => text;
      const text = fold(answer.answer);
      const negated = assertion.type.startsWith('not-');
      const found = values.filter((value) => text.includes(fold(value)));
      // A list means "any of these" for contains, "none of these" for not-contains.
      return negated
        ? result(type, found.length === 0, `the answer says ${found.map((value) => JSON.stringify(value)).join(', ')}`)
        : result(type, found.length > 0, `the answer says none of ${values.map((value) => JSON.stringify(value)).join(', ')}`);
    }
    case 'regex': case 'not-regex': {
      const pattern = new RegExp(render(assertion.value), 'iu');
      const hit = pattern.test(answer.answer);
      return result(type, assertion.type === 'regex' ? hit : !hit, `the answer ${hit ? 'matches' : 'does not match'} /${pattern.source}/`);
    }
    case 'tool-called': case 'not-tool-called': {
      const calls = answer.toolCalls.filter((call) => call.name === assertion.value
        && (assertion.args === undefined || matches(call.arguments ?? {}, JSON.parse(render(JSON.stringify(assertion.args))))));
      const called = assertion.type === 'tool-called';
      const made = answer.toolCalls.map((call) => call.name).join(', ') || 'none';
      return result(type, called ? calls.length > 0 : calls.length === 0, `tools called: ${made}`);
    }
    case 'citation': case 'not-citation': {
      // `not-citation` without an id: nothing of that kind is cited (an answer that says it does not know).
      const id = assertion.value.id === undefined ? undefined : render(assertion.value.id);
      const found = answer.citations.some((citation) => citation.kind === assertion.value.kind && (id === undefined || folded(citation.id) === folded(id)));
      return result(type, assertion.type === 'citation' ? found : !found, `citations: ${answer.citations.map((citation) => `${citation.kind}:${citation.id}`).join(', ') || 'none'}`);
    }
    case 'action': case 'not-action': {
      const offered = answer.actions.some((action) => action.kind === assertion.value.kind);
      const listed = answer.actions.map((action) => action.kind).join(', ') || 'none';
      // Every action needs the person's approval: the answer's schema (agentAnswerSchema) refuses one that does not.
      return result(type, assertion.type === 'action' ? offered : !offered, `actions offered: ${listed}`);
    }
    case 'mode':
      return result(type, answer.mode === assertion.value, `mode ${answer.mode}`);
    case 'is-json':
      return result(type, matches(answer, assertion.value), `the answer's JSON differs from ${JSON.stringify(assertion.value)}`);
    case 'cost':
      return result(type, answer.usage.costUsd <= assertion.threshold, `cost ${answer.usage.costUsd} USD > ${assertion.threshold}`);
    case 'latency':
      return result(type, answer.usage.latencyMs <= assertion.threshold, `latency ${answer.usage.latencyMs} ms > ${assertion.threshold}`);
    case 'tokens': {
      const tokens = answer.usage.inputTokens + answer.usage.outputTokens;
      return result(type, tokens <= assertion.threshold, `${tokens} tokens > ${assertion.threshold}`);
    }
    case 'llm-rubric':
      return judgeAvailable
        ? { type, outcome: 'skipped', reason: 'model-graded rubrics are not run by this runner yet' }
        : { type, outcome: 'skipped', reason: `no judge model is configured (${assertion.provider ?? 'the run\'s provider'}): the rubric was not graded` };
  }
}
