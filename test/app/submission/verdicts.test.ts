import { describe, expect, it } from 'vitest';
import { documentStateVerdict, documentVerdict, envelopeVerdict, isFinalEnvelopeState, type JudgedEnvelopeStatus } from '../../../src/app/submission/verdicts.ts';
import type { EnvelopeCount } from '../../../src/app/ports/sii-gateway.ts';

function count(type: number, informed: number, accepted: number, rejected: number, repairs: number): EnvelopeCount {
  return { type, informed, accepted, rejected, repairs };
}

function status(state: string, counts: EnvelopeCount[], documents: JudgedEnvelopeStatus['documents'] = []): JudgedEnvelopeStatus {
  return { trackId: '1', state, stateMeaning: '', final: isFinalEnvelopeState(state), counts, codes: [], documents };
}

describe('envelope verdicts', () => {
  it('reads EPR from the counts: EPR alone is not an acceptance', () => {
    expect(envelopeVerdict('EPR', [count(33, 2, 2, 0, 0)])).toBe('accepted');
    expect(envelopeVerdict('EPR', [count(33, 2, 0, 2, 0)])).toBe('rejected');
    expect(envelopeVerdict('EPR', [count(33, 2, 1, 0, 1)])).toBe('accepted_with_repairs');
    expect(envelopeVerdict('EPR', [count(33, 2, 1, 1, 0), count(61, 1, 1, 0, 0)])).toBe('mixed');
  });

  it('treats RPR and RLV as accepted with repairs, schema, signature and carátula rejections as rejected', () => {
    expect(envelopeVerdict('RPR', [])).toBe('accepted_with_repairs');
    expect(envelopeVerdict('RLV', [])).toBe('accepted_with_repairs');
    for (const state of ['RSC', 'RFR', 'RCT', 'RCH']) expect(envelopeVerdict(state, [])).toBe('rejected');
    for (const state of ['REC', 'PRD', 'PDR', 'SOK', 'FOK', 'CRT', '-11', 'XYZ']) {
      expect(isFinalEnvelopeState(state)).toBe(false);
      expect(envelopeVerdict(state, [])).toBeUndefined();
    }
  });

  it('maps per-document states', () => {
    expect(documentStateVerdict('RCH')).toBe('rejected');
    expect(documentStateVerdict('RPR')).toBe('accepted_with_repairs');
    expect(documentStateVerdict('DOK')).toBe('accepted');
    expect(documentStateVerdict('???')).toBeUndefined();
  });
});

describe('the verdict on one document', () => {
  it('uses the document\'s own line, then unanimous counts', () => {
    const answer = status('EPR', [count(33, 3, 1, 1, 1), count(61, 2, 2, 0, 0)], [
      { type: 33, folio: 12, state: 'RCH', codes: [] },
      { type: 33, folio: 13, state: 'RPR', codes: [] },
    ]);
    expect(documentVerdict(answer, 33, 12)).toBe('rejected');
    expect(documentVerdict(answer, 33, 13)).toBe('accepted_with_repairs');
    // Every rejected and repaired document of type 33 is listed, so folio 14 was accepted.
    expect(documentVerdict(answer, 33, 14)).toBe('accepted');
    expect(documentVerdict(answer, 61, 1)).toBe('accepted');
    expect(documentVerdict(answer, 34, 1)).toBeUndefined();
  });

  it('cannot tell a document of a mixed type when the answer lists no documents (the real getEstUp)', () => {
    expect(documentVerdict(status('EPR', [count(61, 6, 3, 0, 3)]), 61, 5)).toBeUndefined();
    expect(documentVerdict(status('RCT', []), 33, 1)).toBe('rejected');
    expect(documentVerdict(status('SOK', []), 33, 1)).toBeUndefined();
  });
});
