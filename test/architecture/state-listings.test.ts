import { describe, expect, it } from 'vitest';
import { stateListings, stateListingsIn } from './state-listings.ts';

/**
 * The document states have one source, the state machine of src/core/document-states.ts. The local
 * SII keeps its own copies on purpose (it is the independent oracle), and the store's migrations are
 * history: SQL that ran once, never edited.
 */
const root = new URL('../../', import.meta.url).pathname;
const EXEMPT = /^(src\/core\/document-states\.ts|src\/sii-sim\/|src\/store\/migrations\/)/;

describe('the document states', () => {
  it('are listed nowhere in the sources but in the state machine', () => {
    const found = stateListings(root, ['src', 'tools', 'evals'], EXEMPT);
    expect(found.map((listing) => `${listing.file}:${listing.line}: ${listing.text}`)).toEqual([]);
  });

  it('are found when a file lists them: in an array, a union, an object keyed by state, a chain of comparisons', () => {
    const text = [
      "const settled = ['accepted', 'rejected', 'failed'];",
      "type Verdict = 'accepted' | 'accepted_with_repairs' | 'rejected';",
      "const names = { signed: 'firmado', queued: 'en cola' };",
      "if (document.state !== 'failed' && document.state !== 'rejected') refuse();",
      "const alerted = new Set(['rejected', 'accepted_with_repairs']);",
    ].join('\n');
    const found = stateListingsIn('src/bad.ts', text);
    expect(found.map((listing) => [listing.line, listing.states])).toEqual([
      [1, ['accepted', 'rejected', 'failed']],
      [2, ['accepted', 'accepted_with_repairs', 'rejected']],
      [3, ['signed', 'queued']],
      [4, ['failed', 'rejected']],
      [5, ['rejected', 'accepted_with_repairs']],
    ]);
  });

  it('are not found where a file names one state or another vocabulary shares a word', () => {
    const text = [
      "if (document.state === 'failed') retry();",
      "await transition(id, 'queued');",
      "type QueueOutcome = 'ok' | 'rejected' | 'error' | 'timeout';",
      "const RESULTS = ['accepted', 'accepted_with_discrepancies', 'rejected'];",
      "const counts = { informed: 0, accepted: 0, rejected: 0, repairs: 0 };",
      "const verdict = repairs ? 'accepted_with_repairs' : 'accepted';",
    ].join('\n');
    expect(stateListingsIn('src/fine.ts', text)).toEqual([]);
  });

  it('are found in the project when a file lists them, so the first check can fail', () => {
    // The machine itself is the one file that lists them: scanned without its exemption, it is found.
    const found = stateListings(root, ['src/core'], /^$/);
    expect(found.some((listing) => listing.file === 'src/core/document-states.ts')).toBe(true);
  });
});
