import type { CliContext } from '../../src/cli/cli-context.ts';

/** A CLI context that records what commands print, with a fixed clock, for in-process CLI tests. */
export interface CapturedContext {
  context: CliContext;
  stdout(): string;
  stderr(): string;
  /** Lines written to stderr, without the final empty one. */
  errorLines(): string[];
}

/** Makes a context whose output is kept in memory and whose clock says `now`. */
export function captureContext(now = new Date('2026-01-15T15:00:00Z')): CapturedContext {
  const out: string[] = [];
  const err: string[] = [];
  return {
    context: { io: { out: (text) => void out.push(text), err: (text) => void err.push(text) }, now: () => now },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    errorLines: () => err.join('').split('\n').filter((line) => line !== ''),
  };
}
