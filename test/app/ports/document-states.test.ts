import { describe, expect, it } from 'vitest';
import { checkTransition, DOCUMENT_STATES, DOCUMENT_TRANSITIONS } from '../../../src/app/ports/document-states.ts';

describe('document states', () => {
  it('follow DESIGN.md: signed → queued → submitted → a verdict, failed retried, accepted final', () => {
    expect(() => checkTransition('d', 'signed', 'queued')).not.toThrow();
    expect(() => checkTransition('d', 'queued', 'submitted')).not.toThrow();
    expect(() => checkTransition('d', 'submitted', 'accepted_with_repairs')).not.toThrow();
    expect(() => checkTransition('d', 'failed', 'queued')).not.toThrow();
    expect(() => checkTransition('d', 'signed', 'accepted')).toThrow(/from signed it can only become queued, failed/);
    expect(() => checkTransition('d', 'queued', 'accepted')).toThrow(/cannot go from queued to accepted/);
    for (const final of ['accepted', 'accepted_with_repairs'] as const) {
      expect(DOCUMENT_TRANSITIONS[final]).toEqual([]);
      expect(() => checkTransition('d', final, 'queued')).toThrow(/is final/);
    }
  });

  it('never allow a state to become itself, nor anything to become signed again', () => {
    for (const state of DOCUMENT_STATES) {
      expect(DOCUMENT_TRANSITIONS[state]).not.toContain(state);
      expect(DOCUMENT_TRANSITIONS[state]).not.toContain('signed');
    }
  });
});
