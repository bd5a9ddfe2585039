import { beforeAll, describe, expect, it } from 'vitest';
import { createAlertChannelService } from '../../src/app/alert-channel-service.ts';
import type { Actor, AlertChannelService, Store } from '../../src/app/ports/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import { sampleCompany } from '../store/store-fixtures.ts';

const FIRST = '76192083-9';
const SECOND = '96670340-7';
const admin: Actor = { subject: 'admin-of-both', role: 'admin', companies: [FIRST, SECOND] };
const firstAdmin: Actor = { subject: 'admin-of-first', role: 'admin', companies: [FIRST] };
let store: Store;
let channels: AlertChannelService;

beforeAll(async () => {
  ({ store } = await openStore({ masterKey: Buffer.alloc(32, 5) }));
  for (const rut of [FIRST, SECOND]) await store.companies.save(sampleCompany(rut));
  channels = createAlertChannelService(store, { defaultChannel: 'C0DEFAULT' });
});

describe('the alert channel service', () => {
  it("sends each company's alerts to its own channel, else to the default, never to another company's", async () => {
    expect(await channels.destination(FIRST)).toBe('C0DEFAULT');
    expect(await channels.set(firstAdmin, '76.192.083-9', ' C0FIRST ')).toMatchObject({ companyRut: FIRST, channel: 'C0FIRST', setBy: 'admin-of-first' });
    expect(await channels.destination(FIRST)).toBe('C0FIRST');
    expect(await channels.destination(SECOND)).toBe('C0DEFAULT');
    expect(await channels.get(admin, SECOND)).toEqual({ companyRut: SECOND, channel: null });
    expect(await createAlertChannelService(store, { defaultChannel: null }).destination(SECOND)).toBeNull();
    const audit = await store.audit.list(FIRST);
    expect(audit[0]).toMatchObject({ actor: 'admin-of-first', action: 'slack_alert_channel.set', companyRut: FIRST, detail: { channel: 'C0FIRST' } });
    expect(await channels.remove(firstAdmin, FIRST)).toBe(true);
    expect(await channels.remove(firstAdmin, FIRST)).toBe(false);
    expect(await channels.destination(FIRST)).toBe('C0DEFAULT');
    expect((await store.audit.list(FIRST))[0]).toMatchObject({ action: 'slack_alert_channel.removed', target: 'slack:C0FIRST' });
  });

  it('lets only an admin of the company read or change it, and names the field of bad input', async () => {
    const issuer: Actor = { subject: 'issuer', role: 'issuer', companies: [FIRST] };
    await expect(channels.set(issuer, FIRST, 'C0NOPE')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(channels.get(issuer, FIRST)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(channels.set(firstAdmin, SECOND, 'C0NOPE')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(channels.remove(firstAdmin, SECOND)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(channels.set(firstAdmin, '76192083-0', 'C0NOPE')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ pointer: 'rut' }] });
    for (const bad of ['#alertas', 'alertas', 'D0DIRECT', 'c0lower', '']) {
      await expect(channels.set(firstAdmin, FIRST, bad)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ pointer: '/channel' }] });
    }
    const unregistered: Actor = { subject: 'admin-x', role: 'admin', companies: ['11111111-1'] };
    await expect(channels.set(unregistered, '11111111-1', 'C0NOPE')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await channels.destination(SECOND)).toBe('C0DEFAULT');
  });
});
