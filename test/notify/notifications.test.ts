import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifications, createNotifier, odooNote } from '../../src/notify/index.ts';
import type { DocumentListener, JobRunner } from '../../src/app/ports/index.ts';
import { createInProcessRunner } from '../../src/queue/index.ts';
import type { AuditEntry, DocumentRecord } from '../../src/app/ports/index.ts';
import type { DocumentState } from '../../src/core/document-states.ts';
import { FakeOdoo } from './support/fake-odoo.ts';
import { WebhookReceiver } from './support/webhook-receiver.ts';
import { waitFor } from '../queue/support/queue-world.ts';

const odoo = new FakeOdoo({ apiKey: 'unused-key-000000', database: 'acme', username: 'dte-bot', password: 'pa55w0rd-of-the-bot' });
const receiver = new WebhookReceiver();
const elsewhere = new WebhookReceiver();
const audit: AuditEntry[] = [];
const store = { audit: { record: async (entry: AuditEntry) => void audit.push(entry), list: async () => [] } };
const policies = { default: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 } };
let odooUrl = '';
let receiverUrl = '';
let otherUrl = '';
const runners: JobRunner[] = [];

/** A runner of its own for each test, running this listener's jobs. */
function runnerFor(listener: DocumentListener, runner: JobRunner): void {
  runner.process(listener.handlers);
  runners.push(runner);
}

beforeAll(async () => {
  odooUrl = await odoo.start();
  receiverUrl = await receiver.start();
  otherUrl = await elsewhere.start();
});
afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.close()));
  await Promise.all([odoo.stop(), receiver.stop(), elsewhere.stop()]);
});

function documentIn(state: DocumentState, overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    id: randomUUID(), companyRut: '76192083-9', type: 33, folio: 12, cafId: null, state, issueDate: '2026-11-20', receiverRut: '77777777-7',
    totalAmount: 1190, request: {} as DocumentRecord['request'], trackId: '987654', callbackUrl: null, odooReference: null,
    siiCodes: { codes: [{ code: 'DTE-3-101', message: 'Folio repetido' }] }, createdAt: new Date(), updatedAt: new Date(), ...overrides,
  };
}

describe('notifications', () => {
  it('writes a verdict on the invoice over XML-RPC, and tells nobody about states that are not final', async () => {
    const runner = createInProcessRunner({ policies });
    // As the composition root builds it: from the configuration's Odoo part.
    const config = { odoo: { protocol: 'xml-rpc' as const, url: odooUrl, database: 'acme', username: 'dte-bot', password: 'pa55w0rd-of-the-bot' } };
    const listener = createNotifier({ runner, store, webhookSecret: null, config });
    runnerFor(listener, runner);
    await listener.documentSettled(documentIn('submitted', { odooReference: { model: 'account.move', id: 5 } }));
    const rejected = documentIn('rejected', { odooReference: { model: 'account.move', id: 9 } });
    await listener.documentSettled(rejected);
    await waitFor(async () => (odoo.calls.length >= 2 ? true : undefined), 'the Odoo calls');
    expect(odoo.calls.map((call) => [call.model, call.method, call.protocol === 'xml-rpc' ? call.args : []])).toEqual([
      ['account.move', 'write', [[9], { l10n_cl_dte_status: 'rejected', l10n_cl_sii_send_ident: '987654' }]],
      ['account.move', 'message_post', [[9]]],
    ]);
    expect(odooNote({ event: 'document.rejected', document: { ...rejected, codes: [{ code: 'DTE-3-101', message: 'Folio repetido' }] } }))
      .toBe('DTE 33 folio 12: rejected (SII track id 987654).\nDTE-3-101: Folio repetido');
    await waitFor(async () => (audit.some((entry) => entry.action === 'odoo.updated') ? true : undefined), 'the audit');
    expect(audit.find((entry) => entry.action === 'odoo.updated')).toMatchObject({ target: rejected.id, companyRut: '76192083-9' });
  });

  it('stops at once when the receiver redirects, follows nothing, and audits the failure', async () => {
    const runner = createInProcessRunner({ policies });
    const listener = createNotifications({ runner, store, webhookSecret: 'a-webhook-secret-of-some-length', allowPrivateCallbacks: true });
    runnerFor(listener, runner);
    receiver.answers = [{ redirect: `${otherUrl}/elsewhere` }];
    const failed = documentIn('failed', { callbackUrl: `${receiverUrl}/hook`, siiCodes: { codes: [{ code: 'SII_REJECTED', message: 'STATUS 1' }] } });
    await listener.documentSettled(failed);
    const entry = await waitFor(async () => audit.find((candidate) => candidate.target === failed.id), 'the audit of the webhook');
    expect(entry).toMatchObject({ action: 'webhook.failed', detail: { event: 'document.failed', attempt: 1, status: 307, message: expect.stringContaining('redirects are not followed') } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received.filter((request) => request.path === '/hook')).toHaveLength(1);
    expect(elsewhere.received).toEqual([]);
  });

  it('sends nothing to a callback on this machine unless the configuration allows private addresses', async () => {
    const refusing = createInProcessRunner({ policies });
    const strict = createNotifier({ runner: refusing, store, webhookSecret: null, config: { odoo: null, callbackAllowPrivate: false } });
    runnerFor(strict, refusing);
    const refused = documentIn('accepted', { callbackUrl: `${receiverUrl}/strict` });
    await strict.documentSettled(refused);
    const entry = await waitFor(async () => audit.find((candidate) => candidate.target === refused.id), 'the audit of the refused webhook');
    expect(entry).toMatchObject({ action: 'webhook.failed', detail: { message: 'The callback host 127.0.0.1 is a loopback address; webhooks are only sent to public addresses.' } });
    expect(receiver.received.filter((request) => request.path === '/strict')).toEqual([]);
    const allowing = createInProcessRunner({ policies });
    const local = createNotifier({ runner: allowing, store, webhookSecret: null, config: { odoo: null, callbackAllowPrivate: true } });
    runnerFor(local, allowing);
    const delivered = documentIn('accepted', { callbackUrl: `${receiverUrl}/local` });
    await local.documentSettled(delivered);
    await waitFor(async () => (receiver.received.some((request) => request.path === '/local') ? true : undefined), 'the local webhook');
  });
});
