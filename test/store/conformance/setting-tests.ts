import { describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/create-store.ts';
import type { SuiteContext } from './harness.ts';

/** Shared settings, and the lock that makes first-start setup happen once across instances. */
export function settingTests(context: SuiteContext): void {
  describe('settings and exclusive work', () => {
    it('keeps a setting, replaces it, and says when there is none', async () => {
      const { store } = context;
      const key = `test.${Math.random()}`;
      expect(await store.settings.get(key)).toBeUndefined();
      await store.settings.put(key, 'first');
      await store.settings.put(key, 'second');
      expect(await store.settings.get(key)).toBe('second');
    });

    it('prunes only the keys under a prefix written before a moment, counting a rewrite as written now', async () => {
      const { store, harness } = context;
      const prefix = `prune.${Math.random()}:`;
      for (const name of ['idle', 'rewritten', 'fresh']) await store.settings.put(`${prefix}${name}`, name);
      await store.settings.put(`${prefix.replace(':', '-')}outside`, 'outside');
      await harness.database.query(`UPDATE settings SET updated_at = now() - interval '40 days' WHERE starts_with(key, $1) AND key <> $2`, [prefix, `${prefix}fresh`]);
      await store.settings.put(`${prefix}rewritten`, 'again');
      expect(await store.settings.prune(prefix, new Date(Date.now() - 30 * 86_400_000))).toBe(1);
      expect(await store.settings.get(`${prefix}idle`)).toBeUndefined();
      expect(await store.settings.get(`${prefix}rewritten`)).toBe('again');
      expect(await store.settings.get(`${prefix}fresh`)).toBe('fresh');
      expect(await store.settings.get(`${prefix.replace(':', '-')}outside`)).toBe('outside');
      expect(await store.settings.prune('no.such.prefix:', new Date(Date.now() + 60_000))).toBe(0);
    });

    it('runs work under one key one at a time, across connections, and lets other keys run meanwhile', async () => {
      const other = createStore(context.harness.connect(), { masterKey: context.masterKey });
      const events: string[] = [];
      const work = (name: string, milliseconds: number) => async () => {
        events.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, milliseconds));
        events.push(`${name} out`);
        return name;
      };
      const key = `lock-${Math.random()}`;
      const results = await Promise.all([
        context.store.exclusively(key, work('a', 80)),
        other.exclusively(key, work('b', 10)),
        context.store.exclusively(`${key}-other`, work('c', 10)),
      ]);
      expect(results).toEqual(['a', 'b', 'c']);
      const a = [events.indexOf('a in'), events.indexOf('a out')];
      const b = [events.indexOf('b in'), events.indexOf('b out')];
      expect(a[1]! < b[0]! || b[1]! < a[0]!).toBe(true);
      expect(events.indexOf('c out')).toBeLessThan(Math.max(a[1]!, b[1]!));
      await expect(context.store.exclusively(key, async () => Promise.reject(new Error('inner')))).rejects.toThrow('inner');
      expect(await context.store.exclusively(key, async () => 'free again')).toBe('free again');
    });
  });
}
