import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DteError } from '../../../src/core/errors.ts';
import { createStore } from '../../../src/store/create-store.ts';
import type { Store } from '../../../src/app/ports/store.ts';
import { bytesOf } from '../../../src/store/repository-context.ts';
import { CAF_PRIVATE_KEY_PEM, randomRut, sampleCaf, sampleCompany } from '../store-fixtures.ts';
import { randomMasterKey, type SuiteContext } from './harness.ts';

const PASSWORD = 'contraseña-muy-secreta-42';

function certificateOf(pkcs12: Buffer) {
  return { pkcs12, password: PASSWORD, subject: 'CN=Juan Pérez', signerRut: '11111111-1', validFrom: new Date('2026-01-01T00:00:00Z'), validTo: new Date('2027-01-01T00:00:00Z') };
}

async function newCompany(store: Store): Promise<string> {
  const rut = randomRut();
  await store.companies.save(sampleCompany(rut));
  return rut;
}

/** Captures the error a promise rejects with. */
async function failureOf(promise: Promise<unknown>): Promise<DteError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(DteError);
  return error as DteError;
}

/** Certificates and CAFs: round trips, encryption at rest, wrong keys and moved ciphertexts. */
export function secretTests(context: SuiteContext): void {
  describe('certificates', () => {
    it('round-trip with the PKCS#12 and password sealed at rest, one active per company', async () => {
      const { store, harness } = context;
      const rut = await newCompany(store);
      const pkcs12 = randomBytes(2_000);
      const first = await store.certificates.add(rut, certificateOf(pkcs12));
      const second = await store.certificates.add(rut, certificateOf(pkcs12));
      const active = await store.certificates.active(rut);
      expect(active?.summary).toEqual(second);
      expect(active?.pkcs12.equals(pkcs12)).toBe(true);
      expect(active?.password).toBe(PASSWORD);
      expect((await store.certificates.list(rut)).map((summary) => [summary.id, summary.active])).toEqual(
        expect.arrayContaining([[first.id, false], [second.id, true]]),
      );
      const { rows } = await harness.database.query<{ pkcs12: Uint8Array; password: Uint8Array }>('SELECT pkcs12, password FROM certificates WHERE company_rut = $1', [rut]);
      for (const row of rows) {
        expect(bytesOf(row.password).includes(Buffer.from(PASSWORD))).toBe(false);
        expect(bytesOf(row.pkcs12).includes(pkcs12.subarray(0, 32))).toBe(false);
        expect(bytesOf(row.password)[0]).toBe(1);
      }
    });

    it('fail clearly, without the secret or the key, under a wrong master key', async () => {
      const rut = await newCompany(context.store);
      await context.store.certificates.add(rut, certificateOf(randomBytes(64)));
      const wrongKey = randomMasterKey();
      const error = await failureOf(createStore(context.harness.database, { masterKey: wrongKey }).certificates.active(rut));
      expect(error.code).toBe('INTERNAL');
      expect(error.message).toMatch(/certificate (file|password) of company .* cannot be decrypted/);
      for (const secret of [PASSWORD, wrongKey.toString('base64'), wrongKey.toString('hex'), context.masterKey.toString('base64')]) {
        expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain(secret);
      }
    });

    it('refuse a ciphertext moved into another company\'s row', async () => {
      const { store, harness } = context;
      const [victim, thief] = [await newCompany(store), await newCompany(store)];
      await store.certificates.add(victim, certificateOf(randomBytes(64)));
      await store.certificates.add(thief, certificateOf(randomBytes(64)));
      await harness.database.query(
        'UPDATE certificates SET password = (SELECT password FROM certificates WHERE company_rut = $1 AND active) WHERE company_rut = $2 AND active',
        [victim, thief],
      );
      expect((await failureOf(store.certificates.active(thief))).message).toMatch(/certificate password .* altered or moved/);
    });

    it('open values sealed with a retired key and seal new ones with the current key id', async () => {
      const rut = await newCompany(context.store);
      await context.store.certificates.add(rut, certificateOf(randomBytes(64)));
      const rotated = createStore(context.harness.database, { masterKey: randomMasterKey(), masterKeyId: 2, retiredKeys: [{ id: 1, key: context.masterKey }] });
      expect((await rotated.certificates.active(rut))?.password).toBe(PASSWORD);
      await rotated.certificates.add(rut, certificateOf(randomBytes(64)));
      const { rows } = await context.harness.database.query<{ password: Uint8Array }>('SELECT password FROM certificates WHERE company_rut = $1 AND active', [rut]);
      expect(bytesOf((rows[0] as { password: Uint8Array }).password)[0]).toBe(2);
      expect((await failureOf(context.store.certificates.active(rut))).message).toMatch(/master key id 2, which is not configured/);
    });
  });

  describe('CAFs', () => {
    it('round-trip with the private key sealed and the public metadata in clear', async () => {
      const { store, harness } = context;
      const rut = await newCompany(store);
      const xml = sampleCaf(rut, 33, 1, 100);
      const summary = await store.cafs.add(rut, xml);
      expect(summary).toMatchObject({ companyRut: rut, type: 33, firstFolio: 1, lastFolio: 100, authorizedOn: '2026-11-01', keyId: 999 });
      const stored = await store.cafs.get(rut, summary.id);
      expect(stored?.xml.equals(xml)).toBe(true);
      const { rows } = await harness.database.query<{ xml: Uint8Array }>('SELECT xml FROM cafs WHERE id = $1', [summary.id]);
      const raw = bytesOf((rows[0] as { xml: Uint8Array }).xml);
      const keyBody = CAF_PRIVATE_KEY_PEM.split('\n')[1] as string;
      for (const secret of ['RSA PRIVATE KEY', keyBody, 'AUTORIZACION']) expect(raw.includes(Buffer.from(secret))).toBe(false);
      const wrong = createStore(harness.database, { masterKey: randomMasterKey() });
      expect((await failureOf(wrong.cafs.get(rut, summary.id))).message).toMatch(/CAF of company .* cannot be decrypted/);
    });

    it('accept the same CAF twice as one, and refuse overlaps and other companies\' CAFs', async () => {
      const rut = await newCompany(context.store);
      const first = await context.store.cafs.add(rut, sampleCaf(rut, 33, 1, 10));
      expect((await context.store.cafs.add(rut, sampleCaf(rut, 33, 1, 10))).id).toBe(first.id);
      expect((await failureOf(context.store.cafs.add(rut, sampleCaf(rut, 33, 5, 20)))).code).toBe('CONFLICT');
      expect((await failureOf(context.store.cafs.add(rut, sampleCaf(randomRut(), 33, 11, 20)))).code).toBe('CAF_INVALID');
      expect((await failureOf(context.store.cafs.add(randomRut(), sampleCaf(rut, 33, 11, 20)))).code).toBe('CAF_INVALID');
      expect(await context.store.cafs.list(rut)).toEqual([first]);
    });
  });
}
