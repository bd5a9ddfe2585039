import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentInsightService } from '../../../src/app/insight/document-insight-service.ts';
import type { DocumentView } from '../../../src/app/ports/index.ts';
import { verifyXml } from '../../../src/core/verify/index.ts';
import { sharedSchemaValidator } from '../../../src/schema/xsd-validator.ts';
import { generateKeyPairSync } from 'node:crypto';
import { createTestCaf } from '../../../src/local/create-test-caf.ts';
import { randomRut, sampleCompany, sampleIssued } from '../../store/store-fixtures.ts';
import { testCredentials } from '../../support/credentials.ts';
import { sampleRequest } from '../../support/requests.ts';
import { createAgentFixture, REF_3_750, type AgentFixture } from '../../agent/agent-fixture.ts';

let fixture: AgentFixture;
let factura: DocumentView;
let note: DocumentView;

beforeAll(async () => {
  fixture = await createAgentFixture();
  factura = await fixture.issue(33, {}, { accept: true });
  note = await fixture.issue(61, { Referencia: [{ TpoDocRef: '33', FolioRef: String(factura.folio), FchRef: '2026-11-20', CodRef: 1, RazonRef: 'ANULA' }] }, { reject: REF_3_750 });
});

describe('the diagnosis with the core verifier', () => {
  it('finds nothing wrong in a document the verifier accepts, and says its state', async () => {
    const authority = (await testCredentials()).authority;
    const insight = createDocumentInsightService({ store: fixture.store, documents: fixture.services.documents, verify: (xml) => verifyXml(xml, { schemaValidator: sharedSchemaValidator(), trustedCafCertificates: [authority] }) });
    const diagnosis = await insight.diagnose(fixture.actor, factura.id);
    expect(diagnosis.findings).toEqual([expect.objectContaining({ kind: 'state' })]);
  });

  it('reports the verifier\'s failed checks: a CAF not signed by a trusted authority', async () => {
    const insight = createDocumentInsightService({ store: fixture.store, documents: fixture.services.documents, verify: (xml) => verifyXml(xml, { schemaValidator: sharedSchemaValidator() }) });
    const diagnosis = await insight.diagnose(fixture.actor, factura.id);
    expect(diagnosis.findings).toContainEqual(expect.objectContaining({ kind: 'verifier-caf-signature', text: expect.objectContaining({ en: expect.stringContaining('caf-signature') }) }));
  });

  it('finds a CAF authorised more than six months before the document was signed', async () => {
    const rut = randomRut();
    const keys = () => generateKeyPairSync('rsa', { modulusLength: 1024 });
    await fixture.store.companies.save(sampleCompany(rut));
    await fixture.store.cafs.add(rut, createTestCaf({ companyRut: rut, companyName: 'Vieja SpA', type: 33, from: 1, to: 5, authorisationDate: '2025-01-02', keys: keys(), authorityKey: keys().privateKey }));
    const id = await fixture.store.transaction(async (transaction) => {
      const { folio, cafId } = await transaction.folios.allocate(rut, 33);
      return (await transaction.documents.insertSigned(rut, { issued: sampleIssued(rut, 33, folio), cafId })).id;
    });
    const diagnosis = await fixture.services.insight.diagnose({ subject: 'x', role: 'viewer', companies: [rut] }, id);
    expect(diagnosis.findings).toContainEqual(expect.objectContaining({ kind: 'caf-older-than-six-months', text: expect.objectContaining({ es: expect.stringContaining('autorizado el 2025-01-02, seis meses o más antes de la firma') }) }));
  });

  it('does not blame a reference the SII holds as received', async () => {
    const diagnosis = await fixture.services.insight.diagnose(fixture.actor, note.id);
    expect(diagnosis.findings.some((finding) => finding.kind === 'reference-not-received')).toBe(false);
    await expect(fixture.services.insight.diagnose(fixture.otherActor, note.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

/** A company of its own with the CAFs given (type, range, FA), and a rejected document signed under the first. */
async function companyWithRejected(type: 33 | 34, cafs: Array<{ from: number; to: number; authorisationDate: string }>, codes: Array<{ code: string; message: string }>, issueDate = '2026-11-20') {
  const rut = randomRut();
  const keys = () => generateKeyPairSync('rsa', { modulusLength: 1024 });
  await fixture.store.companies.save(sampleCompany(rut));
  for (const caf of cafs) await fixture.store.cafs.add(rut, createTestCaf({ companyRut: rut, companyName: 'Propia SpA', type, ...caf, keys: keys(), authorityKey: keys().privateKey }));
  const request = sampleRequest(type) as { Encabezado: { IdDoc: Record<string, unknown>; Emisor: Record<string, unknown> } };
  request.Encabezado.Emisor.RUTEmisor = rut;
  request.Encabezado.IdDoc.FchEmis = issueDate;
  const id = await fixture.store.transaction(async (transaction) => {
    const { folio, cafId } = await transaction.folios.allocate(rut, type);
    request.Encabezado.IdDoc.Folio = folio;
    const issued = { ...sampleIssued(rut, type, folio), FchEmis: issueDate, request: request as unknown as ReturnType<typeof sampleIssued>['request'] };
    return (await transaction.documents.insertSigned(rut, { issued, cafId })).id;
  });
  await fixture.store.documents.transition(rut, id, 'queued');
  await fixture.store.documents.transition(rut, id, 'submitted', { trackId: '777' });
  await fixture.store.documents.transition(rut, id, 'rejected', { siiCodes: { codes, state: 'RCH', trackId: '777' } });
  return { rut, id, actor: { subject: 'iris', role: 'issuer' as const, companies: [rut] } };
}

/** An accepted or rejected document of the test company, issued with its own request. */
async function issueWith(type: 33 | 34 | 61, change: (request: { Encabezado: { IdDoc: Record<string, unknown>; Receptor: Record<string, unknown> } } & Record<string, unknown>) => void, options: Parameters<AgentFixture['issue']>[2]) {
  const request = sampleRequest(type) as Parameters<typeof change>[0];
  change(request);
  return fixture.issue(type, request, options);
}

describe('the suggested correction of a rejected document', () => {
  it('offers no request for a REF-3-750 whose referenced factura cannot be told, and says which reference to change', async () => {
    const lonely = await issueWith(61, (request) => {
      request.Encabezado.Receptor = { ...request.Encabezado.Receptor, RUTRecep: '78123456-7', RznSocRecep: 'Transportes Biobío SpA' };
      request.Referencia = [{ TpoDocRef: '33', FolioRef: '999', FchRef: '2026-11-01', CodRef: 3, RazonRef: 'CORRIGE MONTOS' }];
    }, { reject: REF_3_750 });
    const suggestion = await fixture.services.insight.suggestCorrection(fixture.issuer, lonely.id);
    expect(suggestion.request).toBeUndefined();
    expect(suggestion.text.es).toContain('FolioRef 999 nombra una factura electrónica que el SII nunca recibió de este servicio: referencie la factura electrónica que sí se envió, o envíe primero esa factura electrónica.');
    expect(suggestion.text.en).toContain('FolioRef 999 names');
  });

  it('offers no request for a REF-3-750 on a reference the SII holds as received, since nothing derivable would change', async () => {
    const suggestion = await fixture.services.insight.suggestCorrection(fixture.issuer, note.id);
    expect(suggestion.request).toBeUndefined();
    expect(suggestion.changes).toEqual([]);
    expect(suggestion.text.es).toContain('revise tipo (TpoDocRef), folio (FolioRef) y fecha (FchRef)');
  });

  it('offers no request for a CAF-3-517 when the next folio would come from the same CAF, and says to load a new one', async () => {
    const rejected = await issueWith(33, () => undefined, { reject: [{ code: 'CAF-3-517', message: 'CAF Vencido' }] });
    const suggestion = await fixture.services.insight.suggestCorrection(fixture.issuer, rejected.id);
    expect(suggestion.request).toBeUndefined();
    expect(suggestion.text.es).toMatch(/saldría del mismo CAF \(folios \d+–\d+, autorizado el 2026-11-01\) que el SII rechazó: pida al SII un CAF nuevo/);
  });

  it('reissues a CAF-3-517 with a new folio from a valid CAF, saying which, and dated today', async () => {
    const { id, actor } = await companyWithRejected(33, [{ from: 1, to: 1, authorisationDate: '2026-04-02' }, { from: 2, to: 10, authorisationDate: '2026-11-10' }], [{ code: 'CAF-3-517', message: 'CAF Vencido' }], '2026-11-18');
    const suggestion = await fixture.services.insight.suggestCorrection(actor, id);
    expect(suggestion.text.es).toContain('el próximo disponible es el 2 (si nadie emite antes), del CAF de folios 2–10, autorizado el 2026-11-10, vigente hasta el 2027-05-09; el folio 1 rechazado no se reutiliza.');
    expect(suggestion.changes).toEqual([{ pointer: '/Encabezado/IdDoc/FchEmis', from: '2026-11-18', to: '2026-11-20' }]);
    expect(suggestion.request).toMatchObject({ Encabezado: { IdDoc: { FchEmis: '2026-11-20' } } });
  });

  it('offers no request for a code it cannot derive a change from (the same request would be rejected again)', async () => {
    const rejected = await issueWith(33, () => undefined, { reject: [{ code: 'HED-3-861', message: 'Actividad Económica no registrada' }] });
    const suggestion = await fixture.services.insight.suggestCorrection(fixture.issuer, rejected.id);
    expect(suggestion.request).toBeUndefined();
    expect(suggestion.text.es).toContain('De HED-3-861 no puedo derivar qué dato cambiar');
  });

  it('dates a HED-3-305 factura exenta today, after its CAF, with the change shown', async () => {
    // The service refuses to sign such a document (the SII's rule, core/sii-rules.ts): this one was signed elsewhere, or before the rule was checked.
    const { id, actor } = await companyWithRejected(34, [{ from: 1, to: 10, authorisationDate: '2026-11-01' }], [{ code: 'HED-3-305', message: 'Fecha de emisión previa a la autorización' }], '2026-10-25');
    const suggestion = await fixture.services.insight.suggestCorrection(actor, id);
    expect(suggestion.changes).toEqual([{ pointer: '/Encabezado/IdDoc/FchEmis', from: '2026-10-25', to: '2026-11-20' }]);
    expect(suggestion.request).toMatchObject({ Encabezado: { IdDoc: { TipoDTE: 34, FchEmis: '2026-11-20' } } });
    expect(suggestion.text.es).toContain('FchEmis 2026-10-25) es anterior a la autorización del CAF (FA 2026-11-01)');
  });
});

describe('the nota de crédito that annuls an accepted document', () => {
  it('is dated today, references the factura by its own date, and shows the reference as added', async () => {
    const old = await issueWith(33, (request) => { request.Encabezado.IdDoc.FchEmis = '2026-11-05'; }, { accept: true });
    const suggestion = await fixture.services.insight.suggestCorrection(fixture.issuer, old.id);
    expect(suggestion.request).toMatchObject({ Encabezado: { IdDoc: { TipoDTE: 61, FchEmis: '2026-11-20' } }, Referencia: [{ FolioRef: String(old.folio), FchRef: '2026-11-05', CodRef: 1 }] });
    expect(suggestion.changes).toContainEqual({ pointer: '/Encabezado/IdDoc/FchEmis', from: '2026-11-05', to: '2026-11-20' });
    expect(suggestion.changes).toContainEqual(expect.objectContaining({ pointer: '/Referencia', from: [] }));
    expect(suggestion.changes.every((change) => change.from !== undefined)).toBe(true);
  });
});

describe('the diagnosis of dates and of documents on their way', () => {
  it('finds an issue date before the CAF\'s authorisation (HED-3-305), citing the SII\'s rule', async () => {
    const { id, actor } = await companyWithRejected(34, [{ from: 1, to: 10, authorisationDate: '2026-11-01' }], [{ code: 'HED-3-305', message: 'Fecha de emisión previa a la autorización' }], '2026-10-20');
    const diagnosis = await fixture.services.insight.diagnose(actor, id);
    expect(diagnosis.findings.find((finding) => finding.kind === 'issue-date-before-caf')?.text.es).toContain('Regla del SII: HED-3-305; catalog HED-3-305');
    expect(diagnosis.findings).toContainEqual(expect.objectContaining({
      kind: 'issue-date-before-caf', siiCode: 'HED-3-305',
      text: expect.objectContaining({ es: expect.stringContaining('La fecha de emisión (FchEmis 2026-10-20) es anterior a la fecha de autorización del CAF de los folios') }),
    }));
  });

  it('says an upload\'s answer was lost, and what the SII answered to a failed upload, from the document\'s envelopes', async () => {
    const lost = await fixture.issue(33);
    const failed = await fixture.issue(33);
    const rut = lost.companyRut;
    for (const document of [lost, failed]) await fixture.store.documents.transition(rut, document.id, 'queued');
    const first = await fixture.store.envelopes.create(rut, { xml: Buffer.from('<EnvioDTE/>'), documentIds: [lost.id] });
    await fixture.store.envelopes.startAttempt(rut, first.id);
    await fixture.store.envelopes.recordUnconfirmed(rut, first.id, { message: 'The answer was unreadable.', errorCode: 'SII_UNAVAILABLE', attempt: 1, outcomeUnknown: true });
    const second = await fixture.store.envelopes.create(rut, { xml: Buffer.from('<EnvioDTE/>'), documentIds: [failed.id] });
    await fixture.store.envelopes.startAttempt(rut, second.id);
    await fixture.store.envelopes.recordFailure(rut, second.id, { message: 'The SII could not take the upload (STATUS 9: Sistema Bloqueado); try again later.', errorCode: 'SII_UNAVAILABLE', retryable: true, attempt: 1 });
    const unconfirmed = await fixture.services.insight.diagnose(fixture.actor, lost.id);
    expect(unconfirmed.findings).toEqual([expect.objectContaining({ kind: 'upload-unconfirmed', text: expect.objectContaining({ es: expect.stringContaining('se perdió (1 intento') }) })]);
    expect(unconfirmed.findings[0]?.text.es).toContain('antes de enviarlo otra vez se le pregunta al SII si lo tiene');
    const refused = await fixture.services.insight.diagnose(fixture.actor, failed.id);
    expect(refused.findings).toEqual([expect.objectContaining({ kind: 'upload-failed', text: expect.objectContaining({ es: expect.stringContaining('el SII respondió STATUS 9 («Sistema Bloqueado»') }) })]);
    await expect(fixture.services.insight.diagnose(fixture.otherActor, lost.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
