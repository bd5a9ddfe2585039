import { stringify } from 'yaml';
import { loadSuiteText } from './load-suites.ts';

/** A rated answer as `GET /v1/slack/feedback` lists it. */
export interface FeedbackItem {
  id: string;
  question: string;
  answer: string;
  promptVersion?: string;
  ratedAt: string;
  toolCalls?: Array<{ name?: unknown; arguments?: unknown }>;
}

/**
 * Draft cases from answers rated 👎: the question as asked, the rated answer, its prompt version and
 * the tools it called (with their arguments) in the description, and one assertion for a maintainer to replace with what a correct answer says
 * (a rubric, which is reported skipped, never passed, until a judge or real assertions exist).
 */
export function draftSuite(items: readonly FeedbackItem[], today: string): string {
  const tests = items.map((item) => ({
    id: `feedback-${item.id.slice(0, 8)}`,
    description: `Rated 👎 on ${item.ratedAt.slice(0, 10)} (prompt ${item.promptVersion ?? 'unknown'}). `
      + `Tools called: ${toolsOf(item)}. The answer was: ${item.answer.slice(0, 500)}`,
    vars: { question: item.question },
    assert: [{ type: 'llm-rubric', value: 'TODO: say what a correct answer contains, then replace this with icontains, citation, tool-called… assertions' }],
  }));
  const text = `# Draft cases from Slack answers rated 👎 (${today}). Complete each case (fixtures, assertions)\n`
    + '# and move it into a suite under evals/suites/.\n'
    + stringify({ description: `Drafts from feedback, ${today}`, threshold: 1, tests }, { lineWidth: 0 });
  // A draft must load like a suite, so that completing it is editing, not fixing its shape.
  loadSuiteText(text, 'feedback draft');
  return text;
}

/** The tool calls as `name {arguments}`, or "none" / "not recorded" (answers kept before tool calls were stored). */
function toolsOf(item: FeedbackItem): string {
  if (item.toolCalls === undefined) return 'not recorded';
  if (item.toolCalls.length === 0) return 'none';
  return item.toolCalls.map((call) => `${String(call.name)} ${JSON.stringify(call.arguments ?? {})}`).join('; ');
}
