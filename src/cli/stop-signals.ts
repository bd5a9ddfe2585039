/**
 * When a long-running process (`npm start`, `dte sii-sim`) must stop: on Ctrl-C (SIGINT), on SIGTERM,
 * and, when npm or npx launched it, when the launcher is gone. npm does not pass SIGTERM on to the
 * script's process, so a user or a process manager that kills the PID of `npm start` would otherwise
 * leave the server holding its port with nobody left to stop it.
 */

import { launchedByNpm } from '../config/launched-by-npm.ts';

/** Where untilStopped looks; tests give their own. */
export interface StopSources {
  /** Whether npm or npx launched the process (see src/config/launched-by-npm.ts). */
  launchedByNpm: boolean;
  /** The parent's process id now. */
  parentId(): number;
  /** Registers a one-time signal listener and returns a function that removes it. */
  onSignal(signal: 'SIGINT' | 'SIGTERM', listener: () => void): () => void;
  /** How often the parent is checked, in milliseconds. */
  intervalMs: number;
}

/** The real process's signals and parent. */
export function processStopSources(): StopSources {
  return {
    launchedByNpm: launchedByNpm(),
    parentId: () => process.ppid,
    onSignal(signal, listener) {
      process.once(signal, listener);
      return () => void process.off(signal, listener);
    },
    intervalMs: 500,
  };
}

/**
 * Resolves with why the process should stop: `SIGINT`, `SIGTERM`, or `launcher exited` when npm
 * launched it and its parent changed (the parent died and the process was re-parented). A process not
 * launched by npm is not watched: a shell script that starts the server in the background and exits
 * must not stop it.
 */
export function untilStopped(sources: StopSources = processStopSources()): Promise<string> {
  return new Promise((resolve) => {
    const cleanups: Array<() => void> = [];
    const stop = (reason: string): void => {
      for (const cleanup of cleanups) cleanup();
      resolve(reason);
    };
    cleanups.push(sources.onSignal('SIGINT', () => stop('SIGINT')));
    cleanups.push(sources.onSignal('SIGTERM', () => stop('SIGTERM')));
    if (sources.launchedByNpm) {
      const parent = sources.parentId();
      const timer = setInterval(() => {
        if (sources.parentId() !== parent) stop('launcher exited');
      }, sources.intervalMs);
      timer.unref();
      cleanups.push(() => clearInterval(timer));
    }
  });
}
