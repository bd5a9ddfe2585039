import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentInsightService } from '../../../src/app/insight/document-insight-service.ts';
import type { DocumentView } from '../../../src/app/ports/index.ts';
import { verifyXml } from '../../../src/core/verify/index.ts';
import { sharedSchemaValidator } from '../../../src/schema/xsd-validator.ts';
import { generateKeyPairSync } from 'node:crypto';
import { createTestCaf } from '../../../src/local/create-test-caf.ts';
import { randomRut, sampleCompany, sampleIssued } from '../../store/store-fixtures.ts';
import { testCredentials } from '../../support/credentials.ts';
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
    expect(diagnosis.findings).toContainEqual(expect.objectContaining({ kind: 'caf-older-than-six-months', text: expect.objectContaining({ es: expect.stringContaining('autorizado el 2025-01-02, más de seis meses antes de la firma') }) }));
  });

  it('does not blame a reference the SII holds as received', async () => {
    const diagnosis = await fixture.services.insight.diagnose(fixture.actor, note.id);
    expect(diagnosis.findings.some((finding) => finding.kind === 'reference-not-received')).toBe(false);
    await expect(fixture.services.insight.diagnose(fixture.otherActor, note.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
