import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, REPEAT_CODES, SII_REPEAT_MEMORY_MS, type DocumentDecision, type DocumentFacts, type EnvelopeEvidence, type UploadFailureDecision } from '../../../src/app/submission/decide.ts';
import type { DocumentState } from '../../../src/core/document-states.ts';
import type { EnvelopeState } from '../../../src/app/ports/index.ts';
import type { DocumentResult, DocumentStatus, EnvelopeCount, EnvelopeStatus } from '../../../src/app/ports/sii-gateway.ts';

/**
 * Properties of `decide` over generated SII answers, and over the lost-answer sequences the fault
 * suite found (faults/, git log): answers lost after the file was sent, 5xx, refused connections and
 * deadlines in any order; the repeat window counted from the first upload; DTE-3-100/101 for a
 * document the SII holds (QueryEstDte DOK) being a repeat, not a rejection; RPR and REPAROS
 * accepted with repairs; EPR read from its counts.
 */

const TYPES = [33, 34, 52, 56, 61];
const INTERMEDIATE = ['REC', 'PRD', 'PDR', 'SOK', 'FOK', 'CRT', '-11', 'XYZ'];
const WHOLE_REJECTIONS = ['RSC', 'RFR', 'RFS', 'RCT', 'RCH', 'RCO', 'RPT', 'VOF'];
const RECORDED = ['DOK', 'FAN', 'TMD', 'TMC', 'MMD', 'MMC', 'AND', 'ANC'];
const NOT_RECORDED = ['FAU', 'FNA', 'EMP'];
const STATES: DocumentState[] = ['signed', 'queued', 'submitted', 'accepted', 'accepted_with_repairs', 'rejected', 'failed'];

const code = (value: string) => ({ code: value, message: `meaning of ${value}` });
const answer = (state: string): DocumentStatus => ({ state, meaning: `meaning of ${state}` });

const documentFacts: fc.Arbitrary<DocumentFacts> = fc.record({
  id: fc.uuid(), type: fc.constantFrom(...TYPES), folio: fc.integer({ min: 1, max: 40 }), state: fc.constantFrom(...STATES),
});
const waiting = documentFacts.map((facts): DocumentFacts => ({ ...facts, state: facts.state === 'failed' ? 'failed' : 'submitted' }));

const countOf = (type: number) => fc.record({ accepted: fc.nat(4), rejected: fc.nat(4), repairs: fc.nat(4) })
  .map(({ accepted, rejected, repairs }): EnvelopeCount => ({ type, informed: accepted + rejected + repairs, accepted, rejected, repairs }));
const counts = fc.uniqueArray(fc.constantFrom(...TYPES), { maxLength: 3 }).chain((types) => fc.tuple(...types.map(countOf)));

const revisionCodes = fc.array(fc.constantFrom('DTE-3-100', 'DTE-3-101', 'REF-3-750', 'CAF-3-517', 'HED-2-302', 'DTE-3-505'), { maxLength: 2 }).map((codes) => codes.map(code));
const lineFor = (document: DocumentFacts): fc.Arbitrary<DocumentResult> => fc.record({ state: fc.constantFrom('RCH', 'RPR', 'RLV', 'DOK', 'ACE', 'RFR', '???'), codes: revisionCodes })
  .map(({ state, codes }) => ({ type: document.type, folio: document.folio, state, codes }));

/** An envelope answer about some documents, with or without lines per document (the real getEstUp has none). */
const envelopeEvidence: fc.Arbitrary<EnvelopeEvidence> = fc.uniqueArray(documentFacts, { selector: (facts) => `${facts.type}/${facts.folio}`, minLength: 1, maxLength: 5 })
  .chain((documents) => fc.record({
    state: fc.constantFrom('EPR', 'EPR', 'EPR', 'RPR', 'RLV', ...WHOLE_REJECTIONS, ...INTERMEDIATE),
    counts,
    lines: fc.tuple(...documents.map((document) => fc.option(lineFor(document), { nil: undefined }))),
    envelopeCodes: revisionCodes,
    lookups: fc.tuple(...documents.map(() => fc.option(fc.constantFrom(...RECORDED, ...NOT_RECORDED, 'DNK', 'XYZ'), { nil: undefined }))),
  }).map(({ state, counts: typeCounts, lines, envelopeCodes, lookups }): EnvelopeEvidence => {
    const status: EnvelopeStatus = {
      trackId: '1', state, stateMeaning: `meaning of ${state}`, counts: typeCounts, codes: envelopeCodes,
      documents: lines.filter((line): line is DocumentResult => line !== undefined),
    };
    const answers = new Map<string, DocumentStatus>();
    documents.forEach((document, index) => {
      const looked = lookups[index];
      if (looked !== undefined) answers.set(document.id, answer(looked));
    });
    return { kind: 'envelope-status', status, documents, lookups: answers };
  }));

/** Every decision of an envelope's documents, looked up the way the status job does: ask, then decide again. */
function decisionsOf(evidence: EnvelopeEvidence): Map<string, DocumentDecision> | undefined {
  const first = decide({ ...evidence, lookups: new Map() });
  if (first.kind === 'ask-again') return undefined;
  const wanted = new Map([...(evidence.lookups ?? [])].filter(([id]) => first.documents.get(id)?.kind === 'look-up'));
  const second = decide({ ...evidence, lookups: wanted });
  return second.kind === 'processed' ? new Map(second.documents) : undefined;
}

/** Whether some answer of the SII says the document is in: its line, an RPR envelope, accepting counts of its type, or QueryEstDte. */
function siiSaysAccepted(evidence: EnvelopeEvidence, document: DocumentFacts): boolean {
  const { status } = evidence;
  const line = status.documents.find((candidate) => candidate.type === document.type && candidate.folio === document.folio);
  if (line !== undefined && ['RPR', 'RLV', 'DOK', 'EPR', 'ACE'].includes(line.state)) return true;
  if (status.state === 'RPR' || status.state === 'RLV') return true;
  const count = status.counts.find((candidate) => candidate.type === document.type);
  const lookup = evidence.lookups?.get(document.id);
  return (count !== undefined && count.accepted + count.repairs > 0) || (lookup !== undefined && RECORDED.includes(lookup.state));
}

describe('decide, on envelope answers', () => {
  it('is pure: the same evidence, the same decision', () => {
    fc.assert(fc.property(envelopeEvidence, (evidence) => {
      expect(decide(evidence)).toEqual(decide(evidence));
    }));
  });

  it('asks again while the envelope is not final, and decides nothing about its documents', () => {
    fc.assert(fc.property(envelopeEvidence.filter((evidence) => INTERMEDIATE.includes(evidence.status.state)), (evidence) => {
      expect(decide(evidence).kind).toBe('ask-again');
    }));
  });

  it('accepts a document only when an answer of the SII says so', () => {
    fc.assert(fc.property(envelopeEvidence, (evidence) => {
      const decisions = decisionsOf(evidence);
      for (const document of evidence.documents) {
        const decision = decisions?.get(document.id);
        if (decision?.kind === 'verdict' && decision.verdict !== 'rejected') expect(siiSaysAccepted(evidence, document)).toBe(true);
      }
    }));
  });

  it('never rejects a refusal as a repeat, or a rejection by the counts alone, without QueryEstDte; a repeat of a document the SII holds is accepted', () => {
    fc.assert(fc.property(envelopeEvidence, (evidence) => {
      const first = decide({ ...evidence, lookups: new Map() });
      if (first.kind !== 'processed') return;
      for (const document of evidence.documents) {
        const decision = first.documents.get(document.id);
        const repeat = decision?.kind === 'verdict' && decision.codes.some((revision) => REPEAT_CODES.has(revision.code));
        const unexplained = decision?.kind === 'verdict' && decision.source === 'counts' && decision.codes.length === 0;
        if (decision?.kind === 'verdict' && decision.verdict === 'rejected') expect(repeat || unexplained).toBe(false);
      }
      const after = decisionsOf(evidence);
      for (const document of evidence.documents) {
        const line = evidence.status.documents.find((candidate) => candidate.type === document.type && candidate.folio === document.folio);
        const lookup = evidence.lookups?.get(document.id);
        const refusedAsRepeat = line?.state === 'RCH' && line.codes.some((revision) => REPEAT_CODES.has(revision.code)) && !WHOLE_REJECTIONS.includes(evidence.status.state);
        const waitingHere = document.state === 'submitted' || document.state === 'failed';
        if (refusedAsRepeat && waitingHere && lookup !== undefined && RECORDED.includes(lookup.state)) {
          expect(after?.get(document.id)).toMatchObject({ kind: 'verdict', verdict: 'accepted', source: 'QueryEstDte', siiState: lookup.state });
        }
        if (refusedAsRepeat && waitingHere && lookup === undefined) expect(after?.get(document.id)).toEqual({ kind: 'look-up' });
      }
    }));
  });

  it('takes reparos as accepted with repairs: RPR and RLV envelopes, RPR lines, REPAROS counts', () => {
    fc.assert(fc.property(envelopeEvidence, fc.constantFrom('RPR', 'RLV'), (evidence, state) => {
      const decisions = decisionsOf({ ...evidence, status: { ...evidence.status, state, documents: [] } });
      for (const document of evidence.documents) {
        const decision = decisions?.get(document.id);
        if (document.state === 'submitted' || document.state === 'failed') expect(decision).toMatchObject({ kind: 'verdict', verdict: 'accepted_with_repairs' });
      }
    }));
    const epr = decide({
      kind: 'envelope-status', documents: [{ id: 'a', type: 33, folio: 1, state: 'submitted' }],
      status: { trackId: '1', state: 'EPR', stateMeaning: '', codes: [], documents: [], counts: [{ type: 33, informed: 2, accepted: 0, rejected: 0, repairs: 2 }] },
    });
    expect(epr.kind === 'processed' && epr.documents.get('a')).toMatchObject({ kind: 'verdict', verdict: 'accepted_with_repairs', source: 'counts' });
  });

  it('reads EPR from the counts of the document\'s type: unanimous counts decide, mixed ones without lines are looked up', () => {
    fc.assert(fc.property(waiting, countOf(33), (document, count) => {
      const facts = { ...document, type: 33 };
      const evidence: EnvelopeEvidence = { kind: 'envelope-status', documents: [facts], status: { trackId: '1', state: 'EPR', stateMeaning: '', codes: [], documents: [], counts: [count] } };
      const decision = decide(evidence);
      const mine = decision.kind === 'processed' ? decision.documents.get(facts.id) : undefined;
      if (count.informed === 0) expect(mine).toEqual({ kind: 'look-up' });
      else if (count.accepted === count.informed) expect(mine).toMatchObject({ verdict: 'accepted', source: 'counts' });
      else if (count.repairs === count.informed) expect(mine).toMatchObject({ verdict: 'accepted_with_repairs', source: 'counts' });
      else expect(mine).toEqual({ kind: 'look-up' });
    }));
  });

  it('rejects every waiting document of a wholly rejected envelope with its codes, tells decided ones again and leaves the others', () => {
    const envelopeCodes = fc.array(fc.constantFrom('CRT-3-19', 'CRT-3-18', 'ENV-3-0'), { maxLength: 2 }).map((codes) => codes.map(code));
    fc.assert(fc.property(envelopeEvidence, fc.constantFrom(...WHOLE_REJECTIONS), envelopeCodes, (generated, state, codes) => {
      const evidence = { ...generated, status: { ...generated.status, state, codes } };
      const decision = decide(evidence);
      expect(decision).toMatchObject({ kind: 'processed', wholeEnvelopeRejected: true });
      for (const document of evidence.documents) {
        const mine = decision.kind === 'processed' ? decision.documents.get(document.id) : undefined;
        if (['accepted', 'accepted_with_repairs', 'rejected'].includes(document.state)) expect(mine).toEqual({ kind: 'already-decided' });
        else if (document.state === 'signed' || document.state === 'queued') expect(mine).toEqual({ kind: 'not-waiting' });
        else if (evidence.status.codes.length > 0) expect(mine).toMatchObject({ kind: 'verdict', verdict: 'rejected', source: 'envelope', codes: evidence.status.codes });
        else expect(mine).toMatchObject({ kind: 'verdict', verdict: 'rejected', source: 'envelope', codes: [{ code: state }] });
      }
    }));
  });
});

/** One failed upload attempt, as the fault suite produced them. */
type AttemptFailure = 'lost-answer' | 'server-error-after-sending' | 'deadline' | 'refused-connection' | 'circuit-open' | 'local-failure' | 'refused-by-sii';

interface Attempt {
  failure: AttemptFailure;
  /** For the failures after which the file may be at the SII: whether it really got there. */
  arrived: boolean;
  /** Milliseconds after the envelope's first upload. */
  at: number;
}

const attempt: fc.Arbitrary<Attempt> = fc.record({
  failure: fc.constantFrom<AttemptFailure>('lost-answer', 'server-error-after-sending', 'deadline', 'refused-connection', 'circuit-open', 'local-failure', 'refused-by-sii'),
  arrived: fc.boolean(),
  at: fc.integer({ min: 0, max: 3 * SII_REPEAT_MEMORY_MS }),
});

/** What the gateway and the deadline report of an attempt, and whether the SII got the file from it. */
function reportOf(failure: AttemptFailure, arrived: boolean): { errorCode: string; retryable: boolean; mayHaveDelivered: boolean; timedOut: boolean; delivered: boolean } {
  switch (failure) {
    case 'lost-answer':
    case 'server-error-after-sending':
      return { errorCode: 'SII_UNAVAILABLE', retryable: true, mayHaveDelivered: true, timedOut: false, delivered: arrived };
    case 'deadline':
      return { errorCode: 'SII_UNAVAILABLE', retryable: true, mayHaveDelivered: false, timedOut: true, delivered: arrived };
    case 'refused-connection':
    case 'circuit-open':
      return { errorCode: 'SII_UNAVAILABLE', retryable: true, mayHaveDelivered: false, timedOut: false, delivered: false };
    case 'local-failure':
      return { errorCode: 'INTERNAL', retryable: true, mayHaveDelivered: false, timedOut: false, delivered: false };
    case 'refused-by-sii':
      return { errorCode: 'SII_REJECTED', retryable: false, mayHaveDelivered: true, timedOut: false, delivered: false };
  }
}

/**
 * Plays a sequence of failed attempts through decide as the upload step stores them: an envelope
 * failed with a retryable error is uploaded again byte for byte, one the SII may have stays
 * unconfirmed; the state before each attempt is what the step hands decide.
 */
function play(attempts: readonly Attempt[]): { state: EnvelopeState; delivered: boolean; refused: boolean } {
  let state: EnvelopeState = 'built';
  let delivered = false;
  for (const { failure, arrived } of attempts) {
    const report = reportOf(failure, arrived);
    delivered ||= report.delivered;
    const { delivered: _arrived, ...facts } = report;
    const decision: UploadFailureDecision = decide({ kind: 'upload-failed', ...facts, envelopeState: state });
    state = decision.kind === 'may-have-it' ? 'unconfirmed' : 'failed';
    if (decision.kind === 'failed' && !decision.retryable) return { state, delivered, refused: true };
  }
  return { state, delivered, refused: false };
}

describe('decide, on lost upload answers', () => {
  it('never fails an envelope the SII may have: after any attempt that may have delivered it, only the SII\'s refusal settles it', () => {
    fc.assert(fc.property(fc.array(attempt, { minLength: 1, maxLength: 8 }), (attempts) => {
      const { state, delivered, refused } = play(attempts);
      if (delivered && !refused) expect(state).toBe('unconfirmed');
      if (refused) expect(state).toBe('failed');
    }));
  });

  it('fails for good on the SII\'s refusal, and keeps a failure retryable when the SII cannot have the file', () => {
    expect(decide({ kind: 'upload-failed', errorCode: 'SII_REJECTED', retryable: false, mayHaveDelivered: true, timedOut: false, envelopeState: 'unconfirmed' })).toEqual({ kind: 'failed', retryable: false });
    expect(decide({ kind: 'upload-failed', errorCode: 'SII_UNAVAILABLE', retryable: true, mayHaveDelivered: false, timedOut: false, envelopeState: 'built' })).toEqual({ kind: 'failed', retryable: true });
    expect(decide({ kind: 'upload-failed', errorCode: 'SII_UNAVAILABLE', retryable: true, mayHaveDelivered: false, timedOut: false, envelopeState: 'unconfirmed' })).toEqual({ kind: 'may-have-it' });
  });

  it('sends the same file again only within the repeat window of its first upload, never past the SII\'s 900 s, whatever its last attempt', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 3 * SII_REPEAT_MEMORY_MS }), fc.integer({ min: 0, max: 2 * SII_REPEAT_MEMORY_MS }), fc.boolean(), fc.constantFrom<EnvelopeState>('uploading', 'unconfirmed'),
      fc.uniqueArray(waiting, { selector: (facts) => facts.id, minLength: 1, maxLength: 4 }),
      (age, window, complete, state, documents) => {
        const createdAt = new Date(Date.UTC(2026, 11, 7, 12));
        const decision = decide({ kind: 'interrupted-upload', envelope: { state, createdAt, complete }, now: new Date(createdAt.getTime() + age), repeatWindowMs: window, documents });
        const within = complete && age < Math.min(window, SII_REPEAT_MEMORY_MS);
        expect(decision.kind).toBe(within ? 'may-have-it' : 'looked-up');
        if (decision.kind === 'looked-up') for (const document of documents) expect(decision.documents.get(document.id)).toEqual({ kind: 'look-up' });
      },
    ));
  });

  it('after the window, accepts what the SII holds, sends anew only what it does not, and leaves the rest to a person', () => {
    fc.assert(fc.property(fc.array(attempt, { minLength: 1, maxLength: 8 }), fc.constantFrom(...RECORDED), fc.constantFrom(...NOT_RECORDED), fc.constantFrom('DNK', 'XYZ'), waiting, (attempts, recorded, absent, unclear, document) => {
      const { state, delivered, refused } = play(attempts);
      if (state !== 'unconfirmed' || refused) return;
      // The SII answers QueryEstDte from what it received.
      const seen = answer(delivered ? recorded : absent);
      const evidence = {
        kind: 'interrupted-upload' as const, envelope: { state, createdAt: new Date(0), complete: true }, now: new Date(SII_REPEAT_MEMORY_MS), repeatWindowMs: 600_000, documents: [document],
      };
      const decided = decide({ ...evidence, lookups: new Map([[document.id, seen]]) });
      const mine = decided.kind === 'looked-up' ? decided.documents.get(document.id) : undefined;
      if (delivered) expect(mine).toMatchObject({ kind: 'verdict', verdict: 'accepted', siiState: recorded });
      else expect(mine).toEqual({ kind: 'send-again', siiState: absent });
      const other = decide({ ...evidence, lookups: new Map([[document.id, answer(unclear)]]) });
      expect(other.kind === 'looked-up' && other.documents.get(document.id)).toMatchObject({ kind: 'for-a-person', siiState: unclear });
    }));
  });

  it('settles the second envelope of a document the SII already holds as accepted: DTE-3-100 after a lost answer is a repeat', () => {
    const document: DocumentFacts = { id: 'a', type: 33, folio: 7, state: 'submitted' };
    const status: EnvelopeStatus = {
      trackId: '2', state: 'EPR', stateMeaning: '', codes: [], counts: [{ type: 33, informed: 1, accepted: 0, rejected: 1, repairs: 0 }],
      documents: [{ type: 33, folio: 7, state: 'RCH', codes: [code('DTE-3-100')] }],
    };
    const first = decide({ kind: 'envelope-status', status, documents: [document] });
    expect(first.kind === 'processed' && first.documents.get('a')).toEqual({ kind: 'look-up' });
    const held = decide({ kind: 'envelope-status', status, documents: [document], lookups: new Map([['a', answer('DOK')]]) });
    expect(held.kind === 'processed' && held.documents.get('a')).toMatchObject({ kind: 'verdict', verdict: 'accepted', codes: [{ code: 'DOK' }], repeat: 'DTE-3-100' });
    const other = decide({ kind: 'envelope-status', status, documents: [document], lookups: new Map([['a', answer('DNK')]]) });
    expect(other.kind === 'processed' && other.documents.get('a')).toMatchObject({ kind: 'verdict', verdict: 'rejected', codes: [{ code: 'DTE-3-100' }] });
    // The real getEstUp gives counts only: the rejection it counts is checked the same way.
    const countsOnly = { ...status, documents: [] };
    const counted = decide({ kind: 'envelope-status', status: countsOnly, documents: [document], lookups: new Map([['a', answer('DOK')]]) });
    expect(counted.kind === 'processed' && counted.documents.get('a')).toMatchObject({ kind: 'verdict', verdict: 'accepted', repeat: 'rejection by the counts alone' });
  });
});
