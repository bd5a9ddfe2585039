import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReceivedService } from '../../src/app/received/index.ts';
import type { ReceivedService } from '../../src/app/ports/index.ts';
import { createReceivedCommand } from '../../src/cli/received-command.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { sharedSchemaValidator } from '../../src/schema/xsd-validator.ts';
import { openStore } from '../../src/store/open-store.ts';
import { testCredentials } from '../support/credentials.ts';
import { CUSTOMER_RUT, supplierEnvelope, supplierFactura } from '../support/supplier-envelopes.ts';
import { createTestApp, tokenFor, type TestApp } from '../http/support/test-app.ts';
import { sampleCompany } from '../store/store-fixtures.ts';
import { captureContext } from './capture-context.ts';

/** `dte received` against the HTTP API on a real port, over the real service on an in-memory store. */
let test: TestApp;
let url: string;
let token: string;
let service: ReceivedService;
const requests: string[] = [];

const recordingFetch: typeof fetch = (input, init) => {
  requests.push(`${init?.method ?? 'GET'} ${String(input)}`);
  return fetch(input, init);
};

beforeAll(async () => {
  const credentials = await testCredentials();
  const { store } = await openStore({ masterKey: Buffer.alloc(32, 6) });
  await store.companies.save(sampleCompany(CUSTOMER_RUT));
  service = createReceivedService({
    store, certificate: async () => credentials.certificate, schemaValidator: sharedSchemaValidator(),
    trustedCafCertificates: [credentials.authority], clock: () => new Date('2026-11-21T12:00:00Z'),
  });
  test = await createTestApp({ received: service });
  url = await test.app.listen({ port: 0, host: '127.0.0.1' });
  token = await tokenFor('admin', [CUSTOMER_RUT]);
  const envelope = await supplierEnvelope([await supplierFactura(451), await supplierFactura(452)]);
  await service.receive({ subject: 'setup', role: 'issuer', companies: [CUSTOMER_RUT] }, CUSTOMER_RUT, envelope, 'envio.xml');
});
afterAll(async () => test?.close());

async function dte(...argv: string[]): Promise<{ code: number; stdout: string; errorLines: string[] }> {
  const captured = captureContext();
  const code = await runCli(argv, [createReceivedCommand({ readEnvironment: () => ({}), fetcher: recordingFetch })], captured.context);
  return { code, stdout: captured.stdout(), errorLines: captured.errorLines() };
}

describe('dte received', () => {
  it('lists, shows and decides through the API', async () => {
    const listed = await dte('received', 'list', '--url', url, '--token', token);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ 33 folio 452 de 76192083-9 .* received plazo 2026-11-29$/);
    const id = lines[1]!.split(' ')[0]!;
    const shown = await dte('received', 'show', id, '--url', url, '--token', token);
    expect(shown.stdout).toContain('EstadoRecepDTE 0 (DTE Recibido OK)');
    expect(shown.stdout).toContain('RecepcionEnvio:');
    const decided = await dte('received', 'decide', id, '--result', 'rejected', '--reason', 'Precio distinto', '--url', url, '--token', token);
    expect([decided.code, decided.stdout]).toEqual([0, expect.stringContaining('decision: rejected (Precio distinto)')]);
    const again = await dte('received', 'decide', id, '--result', 'rejected', '--reason', 'Precio distinto', '--url', url, '--token', token);
    expect(again.stdout).toMatch(/^Already decided so: /);
    const other = await dte('received', 'decide', id, '--result', 'accepted', '--url', url, '--token', token);
    expect(other.code).toBe(2); // a 409: the service refused what was asked (one exit rule: 4xx exits 2)
  });

  it('exits 2 with one line per problem, sending nothing', async () => {
    const before = requests.length;
    const bad = await dte('received', 'decide', 'x y', '--result', 'maybe', '--claim', 'XYZ', '--url', url, '--token', token);
    expect(bad.code).toBe(2);
    expect(bad.errorLines.join('\n')).toMatch(/<id>/);
    expect(bad.errorLines.join('\n')).toMatch(/--result/);
    expect(bad.errorLines.join('\n')).toMatch(/--claim/);
    const list = await dte('received', 'list', '--state', 'nuevo', '--limit', '0', '--url', url, '--token', token);
    expect(list.code).toBe(2);
    expect(list.errorLines.join('\n')).toMatch(/--state[\s\S]*--limit/);
    expect(requests.length).toBe(before);
  });
});
