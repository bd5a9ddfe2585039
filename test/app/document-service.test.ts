import { beforeAll, describe, expect, it } from 'vitest';
import { createCompanyService } from '../../src/app/company-service.ts';
import { generateTestCredentials } from '../../src/local/generate-test-credentials.ts';
import { createDocumentService } from '../../src/app/document-service.ts';
import type { SubmissionDispatcher } from '../../src/app/ports/index.ts';
import type { Actor, CompanyService, DocumentService } from '../../src/app/ports/services.ts';
import { SignerCache } from '../../src/app/signer-cache.ts';
import type { Store } from '../../src/app/ports/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import { sharedSchemaValidator } from '../../src/schema/xsd-validator.ts';
import { TEST_COMPANY_RUT, testCredentials } from '../support/credentials.ts';
import { sampleRequest } from '../support/requests.ts';

const issuerActor: Actor = { subject: 'odoo', role: 'issuer', companies: [TEST_COMPANY_RUT] };
const admin: Actor = { subject: 'admin', role: 'admin', companies: [TEST_COMPANY_RUT] };
const clock = () => new Date('2026-11-20T15:00:00Z');

let store: Store;
let documents: DocumentService;
let companies: CompanyService;
const ready: string[] = [];

beforeAll(async () => {
  const credentials = await testCredentials();
  ({ store } = await openStore({ masterKey: Buffer.alloc(32, 3) }));
  await store.companies.save({
    rut: TEST_COMPANY_RUT, name: 'Comercial Ñandú & Cía. Limitada', giro: 'Ferretería', acteco: [475201],
    address: 'Av. Providencia 1234', commune: 'Providencia', resolutionNumber: 0, resolutionDate: '2026-01-15', siiEnvironment: 'local',
  });
  const dispatcher: SubmissionDispatcher = { documentsReady: (companyRut) => void ready.push(companyRut) };
  const trustedCafSigners = [credentials.authority];
  const signers = new SignerCache(trustedCafSigners, sharedSchemaValidator());
  documents = createDocumentService({ store, signers, dispatcher, clock });
  companies = createCompanyService({ store, trustedCafSigners, clock, onCertificateChanged: (companyRut) => signers.forget(companyRut) });
  await companies.setCertificate(admin, TEST_COMPANY_RUT, credentials.raw.company.p12, credentials.raw.company.password);
  for (const caf of credentials.raw.cafs) await companies.addCaf(admin, TEST_COMPANY_RUT, caf.xml);
});

describe('the document service on PGlite', () => {
  it('issues, stores the signed XML and tells the queue after the commit', async () => {
    const before = ready.length;
    const outcome = await documents.issue(issuerActor, { request: sampleRequest(33) });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    expect(outcome.document).toMatchObject({ type: 33, state: 'signed', companyRut: TEST_COMPANY_RUT, totals: { MntTotal: 159869 } });
    expect(ready.length).toBe(before + 1);
    const xml = await documents.xml(issuerActor, outcome.document.id);
    expect(xml.toString('latin1')).toContain(`<Folio>${outcome.document.folio}</Folio>`);
  });

  it('gives parallel issues distinct, consecutive folios', async () => {
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => documents.issue(issuerActor, { request: sampleRequest(34) })));
    const folios = outcomes.map((outcome) => (outcome.ok ? outcome.document.folio : -1)).sort((left, right) => left - right);
    const first = folios[0]!;
    expect(folios).toEqual(Array.from({ length: 30 }, (_, index) => first + index));
  });

  it('leaves no gap when an issue fails after the folio was allocated', async () => {
    const first = await documents.issue(issuerActor, { request: sampleRequest(52) });
    // A CAF-3-517 refusal happens inside the transaction, after allocation: the folio must come back.
    const late = createDocumentService({ store, signers: new SignerCache([(await testCredentials()).authority], undefined), dispatcher: { documentsReady: () => undefined }, clock: () => new Date('2027-06-01T12:00:00Z') });
    const refused = await late.issue(issuerActor, { request: sampleRequest(33) });
    expect(refused.ok).toBe(false);
    const second = await documents.issue(issuerActor, { request: sampleRequest(52) });
    const third33 = await documents.issue(issuerActor, { request: sampleRequest(33) });
    expect(first.ok && second.ok && second.document.folio).toBe(first.ok ? first.document.folio + 1 : -1);
    const list = await documents.list(issuerActor, { companyRut: TEST_COMPANY_RUT, type: 33 });
    const folios33 = list.items.map((item) => item.folio).sort((left, right) => left - right);
    expect(third33.ok && third33.document.folio).toBe(folios33.at(-1));
    expect(folios33).toEqual(Array.from({ length: folios33.length }, (_, index) => index + 1));
  });

  it('dates a request without FchEmis on the signing day in Chile, and refuses one dated before its CAF (HED-3-305) before signing, keeping the folio', async () => {
    const dated = await documents.issue(issuerActor, { request: sampleRequest(34) });
    if (!dated.ok) throw new Error(JSON.stringify(dated.problems));
    const xml = (await documents.xml(issuerActor, dated.document.id)).toString('latin1');
    expect(xml).toContain('<FchEmis>2026-11-20</FchEmis>');
    expect(xml).toContain('<FE>2026-11-20</FE>');
    // The test CAFs are authorised on 2026-11-01: the SII rejects a document dated before (HED-3-305).
    const early = sampleRequest(34);
    (early.Encabezado as { IdDoc: Record<string, unknown> }).IdDoc.FchEmis = '2026-10-31';
    const refused = await documents.issue(issuerActor, { request: early });
    expect(refused).toEqual({ ok: false, problems: [{ pointer: '/Encabezado/IdDoc/FchEmis', message: expect.stringMatching(/^FchEmis 2026-10-31 is before 2026-11-01, the authorisation date \(FA\) of the CAF .*\(HED-3-305\)/) }] });
    const next = await documents.issue(issuerActor, { request: sampleRequest(34) });
    expect(next.ok && next.document.folio).toBe(dated.document.folio + 1);
  });

  it('fills a reference\'s FchRef from the document it names when this service issued it, and asks for it otherwise', async () => {
    const factura = await documents.issue(issuerActor, { request: sampleRequest(33, {}) });
    if (!factura.ok) throw new Error(JSON.stringify(factura.problems));
    const note = await documents.issue(issuerActor, { request: sampleRequest(61, { Referencia: [{ TpoDocRef: '33', FolioRef: String(factura.document.folio), CodRef: 3, RazonRef: 'CORRIGE MONTOS' }] }) });
    if (!note.ok) throw new Error(JSON.stringify(note.problems));
    expect((await documents.xml(issuerActor, note.document.id)).toString('latin1')).toContain('<FchRef>2026-11-20</FchRef>');
    const foreign = await documents.issue(issuerActor, { request: sampleRequest(61, { Referencia: [{ TpoDocRef: '33', FolioRef: '99999', CodRef: 3 }] }) });
    expect(foreign).toEqual({ ok: false, problems: [{ pointer: '/Referencia/0/FchRef', message: expect.stringContaining('FchRef is required: 33 folio 99999 is not a document this service issued') }] });
  });

  it('answers the same document for the same idempotency key and body, and refuses another body', async () => {
    const request = sampleRequest(61);
    const first = await documents.issue(issuerActor, { request, idempotencyKey: 'odoo-move-77' });
    const again = await documents.issue(issuerActor, { request, idempotencyKey: 'odoo-move-77' });
    expect(first.ok && again.ok && again.replayed).toBe(true);
    expect(first.ok && again.ok && again.document.id).toBe(first.ok ? first.document.id : 'x');
    await expect(documents.issue(issuerActor, { request: sampleRequest(61, { Referencia: [{ TpoDocRef: '33', FolioRef: '99', FchRef: '2026-11-01', CodRef: 3 }] }), idempotencyKey: 'odoo-move-77' }))
      .rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses a viewer, another company and an unknown company', async () => {
    await expect(documents.issue({ ...issuerActor, role: 'viewer' }, { request: sampleRequest(33) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(documents.issue({ ...issuerActor, companies: ['96670340-7'] }, { request: sampleRequest(33) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const outcome = await documents.issue(issuerActor, { request: sampleRequest(33) });
    const id = outcome.ok ? outcome.document.id : '';
    await expect(documents.get({ ...issuerActor, companies: ['96670340-7'] }, id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(documents.get(issuerActor, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('signs with a replaced certificate from the next document on', async () => {
    const renewed = await generateTestCredentials({ companyRut: TEST_COMPANY_RUT, types: [33], from: 1, to: 1, now: new Date('2026-11-01T12:00:00Z') });
    const before = await documents.issue(issuerActor, { request: sampleRequest(34) });
    await companies.setCertificate(admin, TEST_COMPANY_RUT, renewed.company.p12, renewed.company.password);
    const after = await documents.issue(issuerActor, { request: sampleRequest(34) });
    const certificateOf = async (outcome: typeof before) => {
      const xml = (await documents.xml(issuerActor, outcome.ok ? outcome.document.id : '')).toString('latin1');
      return /<X509Certificate>([^<]+)<\/X509Certificate>/.exec(xml)![1]!.replace(/\s/g, '');
    };
    const base64 = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');
    expect(await certificateOf(before)).toBe(base64((await testCredentials()).raw.company.certificatePem));
    expect(await certificateOf(after)).toBe(base64(renewed.company.certificatePem));
  });

  it('refuses a valid boleta before a folio is used, naming TipoDTE: its SII channel is not built', async () => {
    const left = await companies.folios(admin, TEST_COMPANY_RUT);
    for (const type of [39, 41] as const) {
      await expect(documents.check(issuerActor, sampleRequest(type))).resolves.toMatchObject({ ok: true });
      const outcome = await documents.issue(issuerActor, { request: sampleRequest(type) });
      expect(outcome).toEqual({ ok: false, problems: [{ pointer: '/Encabezado/IdDoc/TipoDTE', message: expect.stringContaining('boleta REST channel is not built') }] });
    }
    expect(await companies.folios(admin, TEST_COMPANY_RUT)).toEqual(left);
  });

  it('returns validation problems without allocating a folio', async () => {
    const left = await companies.folios(admin, TEST_COMPANY_RUT);
    const request = sampleRequest(56);
    (request.Detalle as Record<string, unknown>[])[0]!.QtyItem = 0;
    const outcome = await documents.issue(issuerActor, { request });
    expect(outcome.ok ? [] : outcome.problems.map((problem) => problem.pointer)).toContain('/Detalle/0/QtyItem');
    expect(await companies.folios(admin, TEST_COMPANY_RUT)).toEqual(left);
  });

  it('checks a draft without a folio, a signature or a stored document, for any role of the company', async () => {
    const viewer: Actor = { subject: 'agent', role: 'agent', companies: [TEST_COMPANY_RUT] };
    const left = await companies.folios(admin, TEST_COMPANY_RUT);
    const listed = (await documents.list(admin, { companyRut: TEST_COMPANY_RUT, limit: 500 })).items.length;
    const checked = await documents.check(viewer, sampleRequest(33));
    expect(checked).toMatchObject({ ok: true, totals: { MntTotal: 159869 } });
    const draft = sampleRequest(33);
    (draft.Detalle as Record<string, unknown>[])[0]!.PrcItem = -5;
    const refused = await documents.check(viewer, draft);
    expect(refused.ok ? [] : refused.problems.map((problem) => problem.pointer)).toContain('/Detalle/0/PrcItem');
    expect(await companies.folios(admin, TEST_COMPANY_RUT)).toEqual(left);
    expect((await documents.list(admin, { companyRut: TEST_COMPANY_RUT, limit: 500 })).items.length).toBe(listed);
    await expect(documents.check({ ...viewer, companies: ['96670340-7'] }, sampleRequest(33))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
