import { beforeAll, describe, expect, it } from 'vitest';
import { createCompanyService } from '../../src/app/company-service.ts';
import { createDocumentService } from '../../src/app/document-service.ts';
import type { Actor, DocumentPrinter, DocumentService, PrintSettings } from '../../src/app/ports/index.ts';
import { SignerCache } from '../../src/app/signer-cache.ts';
import { DteError } from '../../src/core/errors.ts';
import { createPdfPrinter } from '../../src/pdf/index.ts';
import type { Store } from '../../src/app/ports/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import { TEST_COMPANY_RUT, testCredentials } from '../support/credentials.ts';
import { sampleRequest } from '../support/requests.ts';

const viewer: Actor = { subject: 'accounting', role: 'viewer', companies: [TEST_COMPANY_RUT] };
const issuer: Actor = { subject: 'odoo', role: 'issuer', companies: [TEST_COMPANY_RUT] };
const stranger: Actor = { subject: 'other', role: 'admin', companies: ['60910000-1'] };
const clock = () => new Date('2026-11-20T15:00:00Z');

/** A printer that records what it was given and renders with the real one. */
class RecordingPrinter implements DocumentPrinter {
  readonly calls: Array<{ xml: Uint8Array; settings: PrintSettings }> = [];
  private readonly real = createPdfPrinter();

  async render(xml: Uint8Array, settings: PrintSettings): Promise<Buffer> {
    this.calls.push({ xml, settings });
    return this.real.render(xml, settings);
  }
}

let store: Store;
let signers: SignerCache;
const printer = new RecordingPrinter();
let documents: DocumentService;
let id: string;

beforeAll(async () => {
  const credentials = await testCredentials();
  ({ store } = await openStore({ masterKey: Buffer.alloc(32, 5) }));
  await store.companies.save({
    rut: TEST_COMPANY_RUT, name: 'Comercial Ñandú & Cía. Limitada', giro: 'Ferretería', acteco: [475201],
    address: 'Av. Providencia 1234', commune: 'Providencia', resolutionNumber: 80, resolutionDate: '2014-08-22', siiEnvironment: 'local',
  });
  signers = new SignerCache([credentials.authority], undefined);
  const companies = createCompanyService({ store, trustedCafSigners: [credentials.authority], clock });
  const admin: Actor = { subject: 'admin', role: 'admin', companies: [TEST_COMPANY_RUT] };
  await companies.setCertificate(admin, TEST_COMPANY_RUT, credentials.raw.company.p12, credentials.raw.company.password);
  for (const caf of credentials.raw.cafs) await companies.addCaf(admin, TEST_COMPANY_RUT, caf.xml);
  documents = createDocumentService({ store, signers, dispatcher: { documentsReady: () => undefined }, clock, printer });
  const outcome = await documents.issue(issuer, { request: sampleRequest(33) });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  id = outcome.document.id;
});

describe('printing through the document service', () => {
  it("renders the stored XML with the company's resolution, for any role of the company", async () => {
    const pdf = await documents.pdf(viewer, id, { copy: 'cedible', format: 'roll' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const call = printer.calls.at(-1)!;
    expect(call.settings).toEqual({ copy: 'cedible', format: 'roll', resolution: { number: 80, date: '2014-08-22' } });
    expect(Buffer.from(call.xml).equals(await documents.xml(viewer, id))).toBe(true);
  });

  it("refuses another company's caller before anything is rendered, and an unknown document", async () => {
    const before = printer.calls.length;
    await expect(documents.pdf(stranger, id, { copy: 'original', format: 'letter' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(documents.pdf(viewer, 'no-such-document', { copy: 'original', format: 'letter' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(printer.calls.length).toBe(before);
  });

  it('says so when the service was built without a printer', async () => {
    const bare = createDocumentService({ store, signers, dispatcher: { documentsReady: () => undefined }, clock });
    const error = await bare.pdf(viewer, id, { copy: 'original', format: 'letter' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DteError);
    expect((error as DteError).code).toBe('INTERNAL');
  });
});
