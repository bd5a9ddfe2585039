import { DteError } from '../core/errors.ts';
import { authorize } from './authorize.ts';
import type { FeedbackService, Store } from './ports/index.ts';

/**
 * The answers people rated in Slack, for maintainers turning bad answers into eval cases. Only an
 * admin sees them, and only answers given for companies that are all theirs: an answer may describe
 * a company's documents. Answers kept without companies (older rows) are shown to nobody.
 */
export function createFeedbackService(store: Store): FeedbackService {
  return {
    async rate(actor, answerId, rating) {
      const answer = await store.slack.getAnswer(answerId);
      if (answer === undefined) return false;
      const companies = answer.companies ?? [];
      const theirs = answer.askedBy === actor.subject || (companies.length > 0 && companies.every((rut) => actor.companies.includes(rut)));
      if (!theirs) throw new DteError('FORBIDDEN', 'Only the person who asked, or someone of the companies it was about, may rate this answer.');
      return store.slack.rateAnswer(answerId, rating, actor.subject);
    },
    async rated(admin, rating, limit = 100) {
      authorize(admin, 'manage', undefined, { action: 'read rated answers' });
      const answers = await store.slack.ratedAnswers(rating, admin.companies, Math.max(1, Math.min(1_000, limit)));
      return answers.map((answer) => ({
        id: answer.id, question: answer.question, answer: answer.answer, rating,
        companies: [...(answer.companies ?? [])], ratedAt: (answer.ratedAt ?? answer.createdAt).toISOString(),
        ...(answer.promptVersion === undefined ? {} : { promptVersion: answer.promptVersion }),
        ...(answer.toolCalls === undefined ? {} : { toolCalls: answer.toolCalls }),
      }));
    },
  };
}
