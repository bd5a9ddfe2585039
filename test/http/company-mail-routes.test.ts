import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReceivedService } from '../../src/app/received/index.ts';
import type { Store } from '../../src/app/ports/index.ts';
import { sharedSchemaValidator } from '../../src/schema/xsd-validator.ts';
import { openStore } from '../../src/store/open-store.ts';
import { testCredentials } from '../support/credentials.ts';
import { CUSTOMER_RUT } from '../support/supplier-envelopes.ts';
import { sampleCompany } from '../store/store-fixtures.ts';
import { createTestApp, jsonHeaders, problemOf, tokenFor, type TestApp } from './support/test-app.ts';

const SETTINGS = {
  address: 'dte@cliente.example',
  mailbox: { host: 'imap.cliente.example', port: 993, security: 'implicit', user: 'dte', password: 'imap-secreta', processedFolder: 'Procesados' },
  smtp: { host: 'smtp.cliente.example', port: 587, security: 'starttls', user: 'dte', password: 'smtp-secreta' },
};

describe('/v1/companies/:rut/mail', () => {
  let test: TestApp;
  let store: Store;

  beforeAll(async () => {
    const credentials = await testCredentials();
    store = (await openStore({ masterKey: Buffer.alloc(32, 4) })).store;
    await store.companies.save(sampleCompany(CUSTOMER_RUT));
    const received = createReceivedService({
      store, certificate: async () => credentials.certificate, schemaValidator: sharedSchemaValidator(),
      trustedCafCertificates: [credentials.authority], clock: () => new Date(),
    });
    test = await createTestApp({ received });
  });
  afterAll(async () => test?.close());

  it('keeps the settings for the worker and never answers a password back', async () => {
    const headers = jsonHeaders(await tokenFor('admin', [CUSTOMER_RUT]));
    const put = await test.app.inject({ method: 'PUT', url: `/v1/companies/${CUSTOMER_RUT}/mail`, headers, payload: SETTINGS });
    expect(put.statusCode).toBe(200);
    expect(put.body).not.toContain('secreta');
    expect(put.json()).toMatchObject({ address: 'dte@cliente.example', mailbox: { password: 'set', folder: 'INBOX' }, smtp: { password: 'set' } });
    const shown = await test.app.inject({ method: 'GET', url: `/v1/companies/${CUSTOMER_RUT}/mail`, headers });
    expect(shown.json()).toEqual(put.json());
    expect((await store.companyMail.get(CUSTOMER_RUT))?.mailbox?.password).toBe('imap-secreta');
  });

  it('is for admins, and names the field of a bad body', async () => {
    const issuer = await test.app.inject({ method: 'PUT', url: `/v1/companies/${CUSTOMER_RUT}/mail`, headers: jsonHeaders(await tokenFor('receiver', [CUSTOMER_RUT])), payload: SETTINGS });
    expect(problemOf(issuer).status).toBe(403);
    const bad = await test.app.inject({
      method: 'PUT', url: `/v1/companies/${CUSTOMER_RUT}/mail`, headers: jsonHeaders(await tokenFor('admin', [CUSTOMER_RUT])),
      payload: { ...SETTINGS, mailbox: { ...SETTINGS.mailbox, port: 'imap' } },
    });
    expect(problemOf(bad).status).toBe(422);
    expect(JSON.stringify(bad.json())).toMatch(/mailbox\/port/);
  });
});
