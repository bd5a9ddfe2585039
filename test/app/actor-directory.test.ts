import { beforeAll, describe, expect, it } from 'vitest';
import { createActorDirectory } from '../../src/app/actor-directory.ts';
import type { Actor, ActorDirectory, Store } from '../../src/app/ports/index.ts';
import { openStore } from '../../src/store/open-store.ts';

const admin: Actor = { subject: 'admin', role: 'admin', companies: ['76192083-9', '96670340-7'] };
let store: Store;
let directory: ActorDirectory;

beforeAll(async () => {
  ({ store } = await openStore({ masterKey: Buffer.alloc(32, 4) }));
  directory = createActorDirectory(store);
});

describe('the actor directory', () => {
  it('turns a mapped Slack user into their actor, and an unmapped one into none', async () => {
    await directory.map(admin, { frontEnd: 'slack', workspace: 'T1', userId: 'U1', role: 'viewer', companies: ['76.192.083-9'] });
    expect(await directory.actorOf('slack', 'T1', 'U1')).toEqual({ subject: 'slack:T1:U1', role: 'viewer', companies: ['76192083-9'] });
    expect(await directory.actorOf('slack', 'T1', 'U2')).toBeUndefined();
    expect(await directory.actorOf('slack', 'T2', 'U1')).toBeUndefined();
    const audit = await store.audit.list('76192083-9');
    expect(audit[0]).toMatchObject({ actor: 'admin', action: 'front_end_user.mapped', target: 'slack:T1:U1' });
  });

  it('lets only an admin of every company named map, list and unmap', async () => {
    const issuer: Actor = { subject: 'issuer', role: 'issuer', companies: ['76192083-9'] };
    const narrow: Actor = { subject: 'narrow', role: 'admin', companies: ['76192083-9'] };
    const user = { frontEnd: 'slack' as const, workspace: 'T1', userId: 'U3', role: 'issuer' as const, companies: ['76192083-9', '96670340-7'] };
    await expect(directory.map(issuer, user)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(directory.map(narrow, user)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(directory.map(admin, { ...user, companies: ['76192083-0'] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await directory.map(admin, user);
    expect((await directory.list(narrow, 'slack')).map((entry) => entry.userId)).toEqual(['U1']);
    expect((await directory.list(admin, 'slack')).map((entry) => entry.userId)).toEqual(['U1', 'U3']);
    await expect(directory.unmap(narrow, 'slack', 'T1', 'U3')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await directory.unmap(admin, 'slack', 'T1', 'U3')).toBe(true);
    expect(await directory.unmap(admin, 'slack', 'T1', 'U3')).toBe(false);
    expect(await directory.actorOf('slack', 'T1', 'U3')).toBeUndefined();
  });

  it("refuses another company's admin taking over a user mapped to a company not theirs, and keeps the mapping", async () => {
    await directory.map(admin, { frontEnd: 'slack', workspace: 'T1', userId: 'U9', role: 'viewer', companies: ['76192083-9'] });
    const other: Actor = { subject: 'other-admin', role: 'admin', companies: ['11111111-1'] };
    await expect(directory.map(other, { frontEnd: 'slack', workspace: 'T1', userId: 'U9', role: 'admin', companies: ['11111111-1'] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await directory.actorOf('slack', 'T1', 'U9')).toMatchObject({ role: 'viewer', companies: ['76192083-9'] });
  });

  it('stores each company once, however it is written', async () => {
    await directory.map(admin, { frontEnd: 'slack', workspace: 'T1', userId: 'U8', role: 'viewer', companies: ['76192083-9', '76.192.083-9'] });
    expect((await directory.actorOf('slack', 'T1', 'U8'))?.companies).toEqual(['76192083-9']);
  });
});
