import { describe, expect, it } from 'vitest';
import {
  ALERTED_STATES, awaitsVerdict, checkRetryable, checkTransition, DOCUMENT_STATE_MACHINE, DOCUMENT_STATES, FINAL_STATES, NOTIFIED_STATES,
  RETRYABLE_STATES, UNSUBMITTED_STATES, VERDICT_STATES,
} from '../../src/core/document-states.ts';

describe('document states', () => {
  it('follow DESIGN.md: signed → queued → submitted → a verdict, failed retried, accepted final', () => {
    expect(() => checkTransition('d', 'signed', 'queued')).not.toThrow();
    expect(() => checkTransition('d', 'queued', 'submitted')).not.toThrow();
    expect(() => checkTransition('d', 'submitted', 'accepted_with_repairs')).not.toThrow();
    expect(() => checkTransition('d', 'failed', 'queued')).not.toThrow();
    expect(() => checkTransition('d', 'signed', 'accepted')).toThrow(/from signed it can only become queued, failed/);
    expect(() => checkTransition('d', 'queued', 'accepted')).toThrow(/cannot go from queued to accepted/);
    for (const final of ['accepted', 'accepted_with_repairs'] as const) {
      expect(DOCUMENT_STATE_MACHINE[final].moves).toEqual([]);
      expect(() => checkTransition('d', final, 'queued')).toThrow(/is final/);
    }
  });

  it('never allow a state to become itself, nor anything to become signed again', () => {
    for (const state of DOCUMENT_STATES) {
      expect(DOCUMENT_STATE_MACHINE[state].moves).not.toContain(state);
      expect(DOCUMENT_STATE_MACHINE[state].moves).not.toContain('signed');
    }
  });

  it('say which are verdicts, final, notified, alerted, unsubmitted and retryable', () => {
    expect(VERDICT_STATES).toEqual(['accepted', 'accepted_with_repairs', 'rejected']);
    expect(FINAL_STATES).toEqual(['accepted', 'accepted_with_repairs']);
    expect(NOTIFIED_STATES).toEqual(['accepted', 'accepted_with_repairs', 'rejected', 'failed']);
    expect(ALERTED_STATES).toEqual(['accepted_with_repairs', 'rejected']);
    expect(UNSUBMITTED_STATES).toEqual(['signed', 'queued', 'failed']);
    expect(RETRYABLE_STATES).toEqual(['rejected', 'failed']);
    expect(DOCUMENT_STATES.filter(awaitsVerdict)).toEqual(['submitted', 'failed']);
  });

  it('hold together: every final state is a verdict, every alert and notification a settled state, every retry may be queued', () => {
    for (const state of FINAL_STATES) expect(VERDICT_STATES).toContain(state);
    for (const state of VERDICT_STATES) expect(NOTIFIED_STATES).toContain(state);
    for (const state of ALERTED_STATES) expect(VERDICT_STATES).toContain(state);
    for (const state of RETRYABLE_STATES) expect(DOCUMENT_STATE_MACHINE[state].moves).toContain('queued');
  });

  it('refuse a person\'s retry of a state that is not retryable, naming the ones that are', () => {
    expect(() => checkRetryable('d', 'failed')).not.toThrow();
    expect(() => checkRetryable('d', 'rejected')).not.toThrow();
    expect(() => checkRetryable('d', 'accepted_with_repairs')).toThrow('Document d is accepted_with_repairs; only rejected or failed documents can be sent again.');
  });
});
