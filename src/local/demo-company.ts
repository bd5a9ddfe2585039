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

/** The lock under which first-start setup runs, whatever the number of instances starting together. */
export const LOCAL_SETUP_LOCK = 'dte:local-setup';

/** The setting that holds the local test authority's certificate (PEM), shared by every instance. */
export const TEST_AUTHORITY_SETTING = 'local.test-authority.certificate';

/**
 * The local test SII authority every instance on the database trusts: the one kept in the database,
 * else the one of DATA_DIR (made there on first start), which is then kept in the database. Run under
 * LOCAL_SETUP_LOCK, so that instances started together agree on one authority.
 */
export async function sharedTestAuthority(store: Store, dataDirectory: string, companyRut: string, now: Date): Promise<X509Certificate> {
  return store.exclusively(LOCAL_SETUP_LOCK, async () => {
    const kept = await store.settings.get(TEST_AUTHORITY_SETTING);
    if (kept !== undefined) return new X509Certificate(kept);
    const { authority } = await ensureTestCredentials(dataDirectory, companyRut, now);
    await store.settings.put(TEST_AUTHORITY_SETTING, authority.toString());
    return authority;
  });
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
 * can then issue a factura with one `curl`. Under LOCAL_SETUP_LOCK, and part by part (company,
 * certificate, each CAF), so that instances starting together do it once, and a start that died half
 * way is completed by the next. Returns whether this call registered the company.
 */
export function ensureDemoCompany(store: Store, companies: CompanyService, dataDirectory: string, companyRut: string): Promise<boolean> {
  return store.exclusively(LOCAL_SETUP_LOCK, () => completeDemoCompany(store, companies, dataDirectory, companyRut));
}

async function completeDemoCompany(store: Store, companies: CompanyService, dataDirectory: string, companyRut: string): Promise<boolean> {
  const registered = await store.companies.get(companyRut);
  const certificate = registered === undefined ? undefined : await store.certificates.active(companyRut);
  const cafs = registered === undefined ? [] : await store.cafs.list(companyRut);
  const missingTypes = TEST_DOCUMENT_TYPES.filter((type) => !cafs.some((caf) => caf.type === type));
  if (registered !== undefined && certificate !== undefined && missingTypes.length === 0) return false;
  const directory = demoCredentialsDirectory(dataDirectory, companyRut);
  // Another instance with a DATA_DIR of its own registered it: its files are not here.
  if (registered !== undefined && !existsSync(join(directory, 'company.p12'))) return false;
  if (registered === undefined) await store.companies.save({
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
  if (certificate === undefined) {
    const password = (await readFile(join(directory, 'company.password'), 'utf8')).trim();
    await companies.setCertificate(actor, companyRut, await readFile(join(directory, 'company.p12')), password);
  }
  for (const type of registered === undefined ? TEST_DOCUMENT_TYPES : missingTypes) {
    await companies.addCaf(actor, companyRut, await readFile(join(directory, `caf-${type}.xml`)));
  }
  return registered === undefined;
}
