import { createCompanyService } from '../../src/app/company-service.ts';
import { createDocumentService } from '../../src/app/document-service.ts';
import { createDocumentInsightService } from '../../src/app/insight/document-insight-service.ts';
import { createRegistryService, DEFAULT_REGISTRY_POLL_SETTINGS } from '../../src/app/registry/index.ts';
import { createReceivedService } from '../../src/app/received/index.ts';
import { knowledgeBase, siiCodeExplanations } from '../../src/composition/resources.ts';
import type { Actor, DocumentView, Store } from '../../src/app/ports/index.ts';
import { SignerCache } from '../../src/app/signer-cache.ts';
import { siiCodeCatalog } from '../../src/composition/resources.ts';
import { verifyXml } from '../../src/core/verify/index.ts';
import { sharedSchemaValidator } from '../../src/schema/xsd-validator.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { ToolServices } from '../../tools/index.ts';
import { sampleCaf, sampleCompany, sampleIssued } from '../store/store-fixtures.ts';
import { TEST_COMPANY_RUT, testCredentials } from '../support/credentials.ts';
import { sampleRequest } from '../support/requests.ts';

/** The other company of the fixture: its documents must never reach the test company's actor. */
export const OTHER_COMPANY_RUT = '96874030-K';

/** The real app services over an in-memory PGlite (the diagnosis with the core verifier, as the service wires it), with the test company and another one. */
export interface AgentFixture {
  store: Store;
  services: ToolServices;
  /** A viewer of the test company: reads, may not issue. */
  actor: Actor;
  /** An issuer of the test company: is offered the actions that issue. */
  issuer: Actor;
  otherActor: Actor;
  /** Issues a document and moves it along the states given, the last with SII codes when given. */
  issue(type: 33 | 34 | 56 | 61, overrides?: Record<string, unknown>, options?: { odoo?: { model: string; id: number }; reject?: Array<{ code: string; message: string }>; accept?: boolean; trackId?: string }): Promise<DocumentView>;
  /** Stores a rejected factura of the other company (folio 1 of its own CAF), and returns its id. */
  foreignDocument: string;
  /** What secrets the fixture holds, to look for in outputs. */
  secrets: string[];
}

const clock = () => new Date('2026-11-20T15:00:00Z');

/** Builds the fixture (a few hundred ms: RSA keys and CAFs). */
export async function createAgentFixture(): Promise<AgentFixture> {
  const credentials = await testCredentials();
  const masterKey = Buffer.alloc(32, 5);
  const { store } = await openStore({ masterKey });
  const admin: Actor = { subject: 'admin', role: 'admin', companies: [TEST_COMPANY_RUT, OTHER_COMPANY_RUT] };
  const trustedCafSigners = [credentials.authority];
  const signers = new SignerCache(trustedCafSigners, sharedSchemaValidator());
  const documents = createDocumentService({ store, signers, dispatcher: { documentsReady: () => undefined }, clock });
  const companies = createCompanyService({ store, trustedCafSigners, clock, onCertificateChanged: (companyRut) => signers.forget(companyRut) });
  await store.companies.save({
    rut: TEST_COMPANY_RUT, name: 'Comercial Ñandú & Cía. Limitada', giro: 'Ferretería', acteco: [475201],
    address: 'Av. Providencia 1234', commune: 'Providencia', resolutionNumber: 0, resolutionDate: '2026-01-15', siiEnvironment: 'local',
  });
  await companies.setCertificate(admin, TEST_COMPANY_RUT, credentials.raw.company.p12, credentials.raw.company.password);
  for (const caf of credentials.raw.cafs) await companies.addCaf(admin, TEST_COMPANY_RUT, caf.xml);
  const services: ToolServices = {
    documents, companies,
    explanations: siiCodeExplanations(),
    knowledge: knowledgeBase(),
    insight: createDocumentInsightService({ store, documents, clock, catalog: siiCodeCatalog(), verify: (xml) => verifyXml(xml, { schemaValidator: sharedSchemaValidator(), trustedCafCertificates: trustedCafSigners }) }),
    received: createReceivedService({
      store, certificate: (bound, companyRut) => signers.certificate(bound, companyRut), schemaValidator: sharedSchemaValidator(), trustedCafCertificates: trustedCafSigners, clock,
    }),
    // The registry reads what the store holds; no test here asks the SII's registry.
    registry: createRegistryService({
      store, listeners: [], settings: DEFAULT_REGISTRY_POLL_SETTINGS, clock, random: Math.random,
      gateways: async () => {
        throw new Error('The agent fixture has no SII registry.');
      },
    }),
  };
  await store.companies.save(sampleCompany(OTHER_COMPANY_RUT));
  await store.cafs.add(OTHER_COMPANY_RUT, sampleCaf(OTHER_COMPANY_RUT, 33, 1, 10));
  const foreignDocument = await store.transaction(async (transaction) => {
    const { folio, cafId } = await transaction.folios.allocate(OTHER_COMPANY_RUT, 33);
    return (await transaction.documents.insertSigned(OTHER_COMPANY_RUT, { issued: sampleIssued(OTHER_COMPANY_RUT, 33, folio), cafId })).id;
  });
  let track = 5_000;
  return {
    store, services, foreignDocument,
    actor: { subject: 'ana', role: 'viewer', companies: [TEST_COMPANY_RUT] },
    issuer: { subject: 'iris', role: 'issuer', companies: [TEST_COMPANY_RUT] },
    otherActor: { subject: 'otro', role: 'viewer', companies: [OTHER_COMPANY_RUT] },
    secrets: [credentials.raw.company.password, masterKey.toString('base64'), Buffer.from(credentials.raw.company.p12).toString('base64').slice(0, 40)],
    async issue(type, overrides = {}, options = {}) {
      const outcome = await documents.issue(admin, { request: sampleRequest(type, overrides), ...(options.odoo ? { odoo: options.odoo } : {}) });
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
      const { id, companyRut } = outcome.document;
      if (options.reject !== undefined || options.accept) {
        track += 1;
        const trackId = options.trackId ?? String(track);
        await store.documents.transition(companyRut, id, 'queued');
        await store.documents.transition(companyRut, id, 'submitted', { trackId });
        if (options.reject !== undefined) await store.documents.transition(companyRut, id, 'rejected', { siiCodes: { codes: options.reject, state: 'RCH', trackId } });
        else await store.documents.transition(companyRut, id, 'accepted', { siiCodes: { codes: [], state: 'EPR', trackId } });
      }
      return documents.get(admin, id);
    },
  };
}

/** The SII's wording of REF-3-750 in a rejection, as the local SII records it. */
export const REF_3_750 = [{ code: 'REF-3-750', message: 'DTE Referenciado no recibido en el SII' }];
