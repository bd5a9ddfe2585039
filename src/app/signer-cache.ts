import type { X509Certificate } from 'node:crypto';
import { parseCaf } from '../core/caf.ts';
import { loadCertificate, type SigningCertificate } from '../core/certificate.ts';
import { DteError } from '../core/errors.ts';
import { createIssuer, type Issuer } from '../core/issue-document.ts';
import type { SchemaValidator } from '../core/ports.ts';
import type { Store } from './ports/index.ts';

/**
 * Opens certificates and CAFs once and keeps the issuers built from them. Opening a PKCS#12 costs a
 * key derivation and checking a CAF an RSA verification; neither belongs on the per-document path.
 * Secrets stay in memory as Node KeyObjects; nothing here logs them.
 */
export class SignerCache {
  private readonly certificates = new Map<string, { id: string; certificate: SigningCertificate; checkedAt: number }>();
  /** Issuers per opened certificate (a replaced certificate takes its issuers with it) and CAF id. */
  private readonly issuers = new WeakMap<SigningCertificate, Map<string, Issuer>>();

  /**
   * @param recheckMs how long an opened certificate is used before the store is asked again which
   * one is active; another process may have replaced it (this one calls `forget` when it does).
   */
  constructor(
    private readonly trustedCafSigners: ReadonlyArray<X509Certificate>,
    private readonly schemaValidator: SchemaValidator | undefined,
    private readonly recheckMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Drops what is kept of a company, after its certificate changed. */
  forget(companyRut: string): void {
    this.certificates.delete(companyRut);
  }

  /** The company's active signing certificate, opened. */
  async certificate(store: Store, companyRut: string): Promise<SigningCertificate> {
    const kept = this.certificates.get(companyRut);
    if (kept && this.now() - kept.checkedAt < this.recheckMs) return kept.certificate;
    const secrets = await store.certificates.active(companyRut);
    if (!secrets) {
      throw new DteError('VALIDATION_FAILED', `Company ${companyRut} has no signing certificate: upload one to POST /v1/companies/${companyRut}/certificate.`);
    }
    const certificate = kept?.id === secrets.summary.id ? kept.certificate : loadCertificate(secrets.pkcs12, secrets.password);
    this.certificates.set(companyRut, { id: secrets.summary.id, certificate, checkedAt: this.now() });
    return certificate;
  }

  /** The issuer for a CAF of the company, with its active certificate. */
  async issuer(store: Store, companyRut: string, cafId: string): Promise<Issuer> {
    const certificate = await this.certificate(store, companyRut);
    let byCaf = this.issuers.get(certificate);
    if (!byCaf) {
      byCaf = new Map();
      this.issuers.set(certificate, byCaf);
    }
    const cached = byCaf.get(cafId);
    if (cached) return cached;
    const caf = await store.cafs.get(companyRut, cafId);
    if (!caf) throw new DteError('INTERNAL', `CAF ${cafId} of ${companyRut} vanished from the store.`);
    const issuer = createIssuer({
      certificate,
      caf: parseCaf(caf.xml),
      trustedCafSigners: this.trustedCafSigners,
      ...(this.schemaValidator ? { schemaValidator: this.schemaValidator } : {}),
    });
    byCaf.set(cafId, issuer);
    return issuer;
  }
}
