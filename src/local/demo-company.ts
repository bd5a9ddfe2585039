import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../app/ports/index.ts';
import { generateTestCredentials, TEST_DOCUMENT_TYPES } from './generate-test-credentials.ts';
import type { CompanyService } from '../app/ports/index.ts';
import { writeTestCredentials } from './write-test-credentials.ts';

/** The system actor of first-start setup, as the audit log names it. */
const SETUP_ACTOR = 'setup';

/** The resolution the demo company is registered with (NroResol 0 is the SII's certification number). */
export const DEMO_RESOLUTION = { number: 0, date: '2026-01-01' } as const;

/** Where the embedded start keeps the test credentials of a demo company, inside DATA_DIR. */
export function demoCredentialsDirectory(dataDirectory: string, companyRut: string): string {
  return join(dataDirectory, 'test-credentials', companyRut);
}

/**
 * The local test SII authority of DATA_DIR, made on first start: the embedded service and its local SII
 * trust CAFs signed by it. It is not the SII and nothing it signs is valid at the SII.
 */
export async function ensureTestCredentials(dataDirectory: string, companyRut: string, now: Date): Promise<{ authority: X509Certificate; created: boolean }> {
  const directory = demoCredentialsDirectory(dataDirectory, companyRut);
  let created = false;
  if (!existsSync(join(directory, 'sii-authority.pem'))) {
    const credentials = await generateTestCredentials({ companyRut, types: [...TEST_DOCUMENT_TYPES], from: 1, to: 100_000, now });
    await writeTestCredentials(credentials, directory, { overwrite: true });
    created = true;
  }
  return { authority: new X509Certificate(await readFile(join(directory, 'sii-authority.pem'))), created };
}

/**
 * Registers the demo company with the test certificate and CAFs of DATA_DIR, once: a fresh `npm start`
 * can then issue a factura with one `curl`.
 */
export async function ensureDemoCompany(store: Store, companies: CompanyService, dataDirectory: string, companyRut: string): Promise<boolean> {
  if (await store.companies.get(companyRut)) return false;
  const directory = demoCredentialsDirectory(dataDirectory, companyRut);
  await store.companies.save({
    rut: companyRut,
    name: 'EMPRESA DE PRUEBA - SOLO USO LOCAL',
    giro: 'Servicios de prueba',
    acteco: [620200],
    address: 'Calle Falsa 123',
    commune: 'Santiago',
    resolutionNumber: DEMO_RESOLUTION.number,
    resolutionDate: DEMO_RESOLUTION.date,
    siiEnvironment: 'local',
  });
  const actor = { subject: SETUP_ACTOR, role: 'admin' as const, companies: [companyRut] };
  const password = (await readFile(join(directory, 'company.password'), 'utf8')).trim();
  await companies.setCertificate(actor, companyRut, await readFile(join(directory, 'company.p12')), password);
  for (const type of TEST_DOCUMENT_TYPES) {
    await companies.addCaf(actor, companyRut, await readFile(join(directory, `caf-${type}.xml`)));
  }
  return true;
}
