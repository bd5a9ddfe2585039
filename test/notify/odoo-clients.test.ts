import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DteError } from '../../src/core/errors.ts';
import { createOdooClient, isOdooError } from '../../src/notify/index.ts';
import { FakeOdoo } from './support/fake-odoo.ts';

const credentials = { apiKey: 'k3y-0f-the-odoo-b0t-1234567890', database: 'acme', username: 'dte-bot', password: 'pa55w0rd-of-the-bot' };
const odoo = new FakeOdoo(credentials);
let url = '';

beforeAll(async () => {
  url = await odoo.start();
});
afterAll(async () => {
  await odoo.stop();
});

async function failure(promise: Promise<unknown>): Promise<DteError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isOdooError(error)) throw new Error(`expected an ODOO_FAILED DteError, got ${String(error)}`);
  return error;
}

describe('Odoo over JSON-2 (Odoo 19+)', () => {
  const client = () => createOdooClient({ protocol: 'json-2', url, database: credentials.database, apiKey: credentials.apiKey });

  it('posts write and message_post with named arguments, the bearer key and the database header', async () => {
    odoo.calls.length = 0;
    await client().write('account.move', [42], { l10n_cl_dte_status: 'accepted' });
    await client().postMessage('account.move', 42, 'DTE 33 folio 1: accepted.');
    expect(odoo.calls.map((call) => call.protocol === 'json-2' && [call.model, call.method, call.body])).toEqual([
      ['account.move', 'write', { ids: [42], vals: { l10n_cl_dte_status: 'accepted' } }],
      ['account.move', 'message_post', { ids: [42], body: 'DTE 33 folio 1: accepted.', message_type: 'comment', subtype_xmlid: 'mail.mt_note' }],
    ]);
    const first = odoo.calls[0];
    expect(first?.protocol === 'json-2' && first.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('reports a refused key as final without quoting the key, and a 503 as worth retrying', async () => {
    const refused = await failure(createOdooClient({ protocol: 'json-2', url, database: credentials.database, apiKey: 'wrong-key-000000' }).write('account.move', [1], {}));
    expect(refused.retryable).toBe(false);
    expect(refused.message).toContain('401');
    expect(refused.message).toContain('Invalid apikey');
    expect(refused.message).not.toContain('wrong-key-000000');
    odoo.failures = [503];
    expect((await failure(client().write('account.move', [1], {}))).retryable).toBe(true);
  });

  it('reports an unreachable Odoo as worth retrying', async () => {
    const unreachable = createOdooClient({ protocol: 'json-2', url: 'http://127.0.0.1:9', database: null, apiKey: credentials.apiKey });
    const error = await failure(unreachable.write('account.move', [1], {}));
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain(credentials.apiKey);
  });
});

describe('Odoo over XML-RPC (older Odoo, odoo-xmlrpc)', () => {
  const client = (password = credentials.password) =>
    createOdooClient({ protocol: 'xml-rpc', url, database: credentials.database, username: credentials.username, password });

  it('authenticates, then calls execute_kw write and message_post with the right arguments', async () => {
    odoo.calls.length = 0;
    const odooClient = client();
    await odooClient.write('account.move', [42], { l10n_cl_dte_status: 'rejected', l10n_cl_sii_send_ident: '1234' });
    await odooClient.postMessage('account.move', 42, 'DTE 33 folio 1: rejected.');
    expect(odoo.calls).toEqual([
      { protocol: 'xml-rpc', model: 'account.move', method: 'write', args: [[42], { l10n_cl_dte_status: 'rejected', l10n_cl_sii_send_ident: '1234' }], kwargs: {} },
      { protocol: 'xml-rpc', model: 'account.move', method: 'message_post', args: [[42]], kwargs: { body: 'DTE 33 folio 1: rejected.', message_type: 'comment', subtype_xmlid: 'mail.mt_note' } },
    ]);
  });

  it('reports a wrong password as final, never quoting it', async () => {
    odoo.refusals.length = 0;
    const error = await failure(client('not-the-password-42').write('account.move', [42], {}));
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain('not-the-password-42');
    expect(odoo.refusals).toEqual(['bad login']);
  });

  it('reports an unreachable Odoo as worth retrying', async () => {
    const unreachable = createOdooClient({ protocol: 'xml-rpc', url: 'http://127.0.0.1:9', database: 'acme', username: 'dte-bot', password: credentials.password });
    const error = await failure(unreachable.write('account.move', [1], {}));
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain(credentials.password);
  });
});
