import { describe, expect, it } from 'vitest';
import { untilStopped, type StopSources } from '../../src/cli/stop-signals.ts';
import { launchedByNpm } from '../../src/config/launched-by-npm.ts';

/** Sources whose signals and parent the test controls. */
function fakeSources(byNpm: boolean): { sources: StopSources; send(signal: string): void; reparent(): void; listeners(): number } {
  const listeners = new Map<string, () => void>();
  let parent = 4242;
  return {
    sources: {
      launchedByNpm: byNpm,
      parentId: () => parent,
      onSignal(signal, listener) {
        listeners.set(signal, listener);
        return () => void listeners.delete(signal);
      },
      intervalMs: 5,
    },
    send: (signal) => listeners.get(signal)?.(),
    reparent: () => void (parent = 1),
    listeners: () => listeners.size,
  };
}

describe('untilStopped', () => {
  it('resolves with the signal that came, and removes its listeners', async () => {
    for (const signal of ['SIGINT', 'SIGTERM']) {
      const fake = fakeSources(false);
      const stopped = untilStopped(fake.sources);
      fake.send(signal);
      await expect(stopped).resolves.toBe(signal);
      expect(fake.listeners()).toBe(0);
    }
  });

  it('resolves when npm launched the process and its parent changed', async () => {
    const fake = fakeSources(true);
    const stopped = untilStopped(fake.sources);
    fake.reparent();
    await expect(stopped).resolves.toBe('launcher exited');
    expect(fake.listeners()).toBe(0);
  });

  it('ignores a new parent when npm did not launch the process', async () => {
    const fake = fakeSources(false);
    const stopped = untilStopped(fake.sources);
    fake.reparent();
    const outcome = await Promise.race([stopped, new Promise((resolve) => setTimeout(() => resolve('still running'), 50))]);
    expect(outcome).toBe('still running');
    fake.send('SIGTERM');
    await expect(stopped).resolves.toBe('SIGTERM');
  });

  it('knows npm run and npx by their variables', () => {
    expect(launchedByNpm({ npm_lifecycle_event: 'start' })).toBe(true);
    expect(launchedByNpm({ npm_command: 'exec' })).toBe(true);
    expect(launchedByNpm({ PATH: '/usr/bin' })).toBe(false);
  });
});
