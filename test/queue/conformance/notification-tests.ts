import { expect, it } from 'vitest';
import { DELIVERY_HEADER, verifyWebhookSignature } from '../../../src/notify/index.ts';
import { perDocument } from '../support/fake-sii.ts';
import { waitFor, WEBHOOK_SECRET, type QueueWorld, type RunnerFactory } from '../support/queue-world.ts';

/** Telling others: webhooks and Odoo, as jobs of the same runner. */
export function notificationTests(world: () => QueueWorld, createRunner: RunnerFactory): void {
  it('delivers a signed webhook on the verdict, retrying after a 500', async () => {
    const { rut } = await world().company();
    const { receiver, receiverUrl, store } = world();
    const path = `/hooks/${rut}`;
    receiver.answers = [500];
    const { queue } = await world().startQueue(createRunner);
    const document = await world().document(rut, 1, { callbackUrl: `${receiverUrl}${path}?token=abc` });
    queue.documentsReady(rut);
    const accepted = await world().until(rut, document.id, 'accepted');
    const received = await waitFor(async () => {
      const mine = receiver.received.filter((request) => request.path.startsWith(path));
      return mine.length >= 2 ? mine : undefined;
    }, 'two webhook requests');
    expect(received).toHaveLength(2);
    const last = received[1];
    if (last === undefined) throw new Error('no request');
    expect(verifyWebhookSignature({
      secret: WEBHOOK_SECRET, body: last.body,
      timestamp: last.headers['x-dte-timestamp'] as string, signature: last.headers['x-dte-signature'] as string,
    })).toBe(true);
    expect(verifyWebhookSignature({
      secret: 'another secret', body: last.body,
      timestamp: last.headers['x-dte-timestamp'] as string, signature: last.headers['x-dte-signature'] as string,
    })).toBe(false);
    expect(received[0]?.headers[DELIVERY_HEADER.toLowerCase()]).toBe(last.headers[DELIVERY_HEADER.toLowerCase()]);
    expect(JSON.parse(last.body)).toEqual({
      event: 'document.accepted',
      document: { id: document.id, companyRut: rut, type: 33, folio: 1, state: 'accepted', trackId: accepted.trackId, codes: [] },
    });
    const actions = await waitFor(async () => {
      const entries = (await store.audit.list(rut)).filter((entry) => entry.action.startsWith('webhook.')).map((entry) => entry.action).reverse();
      return entries.includes('webhook.delivered') ? entries : undefined;
    }, 'the delivery to be audited');
    expect(actions).toEqual(['webhook.retrying', 'webhook.delivered']);
    const delivered = (await store.audit.list(rut)).find((entry) => entry.action === 'webhook.delivered');
    expect(delivered?.detail).toMatchObject({ url: `${receiverUrl}${path}`, status: 200, attempt: 2 });
    expect(JSON.stringify(delivered)).not.toContain('token=abc');
  });

  it('writes the verdict and the SII\'s codes on the Odoo invoice through JSON-2', async () => {
    const { rut, sii } = await world().company();
    const { odoo } = world();
    const code = { code: 'REF-3-750', message: 'Referencia a documento inexistente' };
    sii.statuses = [perDocument({ 7: { state: 'RCH', codes: [code] } })];
    odoo.failures = [503];
    const { queue } = await world().startQueue(createRunner);
    const recordId = Number.parseInt(rut, 10);
    const document = await world().document(rut, 7, { odooReference: { model: 'account.move', id: recordId } });
    queue.documentsReady(rut);
    const rejected = await world().until(rut, document.id, 'rejected');
    const calls = await waitFor(async () => {
      const mine = odoo.calls.filter((call) => call.protocol === 'json-2' && (call.body.ids as number[])[0] === recordId);
      return mine.length >= 2 ? mine : undefined;
    }, 'the Odoo calls');
    expect(calls.map((call) => `${call.model}/${call.method}`)).toEqual(['account.move/write', 'account.move/message_post']);
    const [write, note] = calls;
    if (write?.protocol !== 'json-2' || note?.protocol !== 'json-2') throw new Error('not JSON-2');
    expect(write.headers.authorization).toBe(`bearer ${odoo.credentials.apiKey}`);
    expect(write.headers['x-odoo-database']).toBe('dte-test');
    expect(write.body).toEqual({ ids: [recordId], vals: { l10n_cl_dte_status: 'rejected', l10n_cl_sii_send_ident: rejected.trackId } });
    expect(note.body).toMatchObject({ ids: [recordId], message_type: 'comment' });
    expect(note.body.body).toContain('REF-3-750: Referencia a documento inexistente');
    expect(odoo.refusals).toEqual([]);
    const actions = await waitFor(async () => {
      const entries = (await world().store.audit.list(rut)).map((entry) => entry.action).filter((action) => action.startsWith('odoo.'));
      return entries.includes('odoo.updated') ? entries.reverse() : undefined;
    }, 'the Odoo update to be audited');
    expect(actions).toEqual(['odoo.retrying', 'odoo.updated']);
  });
}
