import type { X509Certificate } from 'node:crypto';
import { findCafSigner, parseCaf } from '../core/caf.ts';
import { loadCertificate } from '../core/certificate.ts';
import { DteError } from '../core/errors.ts';
import { parseRut } from '../core/rut.ts';
import type { Store } from './ports/index.ts';
import { authorize } from './authorize.ts';
import type { Actor, CafView, CertificateView, CompanyService, FoliosLeft } from './ports/index.ts';

export interface CompanyServiceDependencies {
  store: Store;
  /** Certificates whose FRMA makes a CAF usable (the SII's, or the local test authority). */
  trustedCafSigners: ReadonlyArray<X509Certificate>;
  clock: () => Date;
  /** Called with what remains per type after a CAF is added, for the folios-left metric. */
  onFoliosChanged?: (companyRut: string, left: FoliosLeft[]) => void;
  /** Called after a company's certificate was replaced, so that signers drop the old one. */
  onCertificateChanged?: (companyRut: string) => void;
}

/** Loading CAFs and certificates. Both are checked before anything is stored, and audited. */
export function createCompanyService(dependencies: CompanyServiceDependencies): CompanyService {
  const { store } = dependencies;

  /** The company the caller named, canonical, once the actor may act on it and it is registered. */
  async function companyFor(actor: Actor, rut: string, permission: 'read' | 'manage'): Promise<string> {
    const companyRut = companyOf(rut);
    authorize(actor, permission, companyRut);
    if (!(await store.companies.get(companyRut))) throw new DteError('NOT_FOUND', `Company ${companyRut} is not registered in this service.`);
    return companyRut;
  }

  return {
    async addCaf(actor: Actor, rut: string, cafXml: Buffer): Promise<CafView> {
      const companyRut = await companyFor(actor, rut, 'manage');
      checkCaf(parseCaf(cafXml), companyRut, dependencies.trustedCafSigners);
      const stored = await store.cafs.add(companyRut, cafXml);
      await store.audit.record({
        actor: actor.subject, action: 'caf.add', target: stored.id, companyRut,
        ...(actor.ip === undefined ? {} : { ip: actor.ip }),
        detail: { type: stored.type, from: stored.firstFolio, to: stored.lastFolio },
      });
      dependencies.onFoliosChanged?.(companyRut, await store.folios.left(companyRut));
      return { type: stored.type, from: stored.firstFolio, to: stored.lastFolio, authorizedOn: stored.authorizedOn };
    },

    async folios(actor, rut) {
      const companyRut = await companyFor(actor, rut, 'read');
      return store.folios.left(companyRut);
    },

    async setCertificate(actor, rut, pkcs12, password): Promise<CertificateView> {
      const companyRut = await companyFor(actor, rut, 'manage');
      const certificate = loadCertificate(pkcs12, password);
      const now = dependencies.clock();
      if (now > certificate.validTo) throw new DteError('CERTIFICATE_INVALID', `The certificate expired on ${certificate.validTo.toISOString().slice(0, 10)}.`);
      const stored = await store.certificates.add(companyRut, {
        pkcs12, password,
        subject: certificate.subjectName,
        signerRut: certificate.signerRut ?? null,
        validFrom: certificate.validFrom,
        validTo: certificate.validTo,
      });
      dependencies.onCertificateChanged?.(companyRut);
      await store.audit.record({
        actor: actor.subject, action: 'certificate.set', target: stored.id, companyRut,
        ...(actor.ip === undefined ? {} : { ip: actor.ip }),
        detail: { subject: stored.subject, validTo: stored.validTo.toISOString() },
      });
      return {
        subject: stored.subject,
        signerRut: stored.signerRut,
        validFrom: stored.validFrom.toISOString(),
        validTo: stored.validTo.toISOString(),
      };
    },
  };
}

function companyOf(rut: string): string {
  const parsed = parseRut(rut);
  if (!parsed) throw new DteError('VALIDATION_FAILED', `"${rut}" is not a valid RUT.`, { details: [{ pointer: '/rut', message: `"${rut}" is not a valid RUT.` }] });
  return parsed.canonical;
}

/** A CAF is stored only when it is the company's, carries its private key and is signed by a trusted SII certificate. */
function checkCaf(caf: ReturnType<typeof parseCaf>, companyRut: string, trusted: CompanyServiceDependencies['trustedCafSigners']): void {
  if (caf.RE !== companyRut) throw new DteError('CAF_INVALID', `The CAF was issued to ${caf.RE}, not to ${companyRut}.`);
  if (!caf.privateKey) throw new DteError('CAF_INVALID', 'The CAF has no usable private key (RSASK): upload the file as the SII delivered it.');
  if (!findCafSigner(caf, trusted)) {
    throw new DteError('CAF_UNTRUSTED', `The CAF for type ${caf.TD}, folios ${caf.D}-${caf.H}, is not signed by a trusted SII certificate.`);
  }
}
