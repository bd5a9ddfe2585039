import type { SigningCertificate } from '../../core/certificate.ts';
import type { Store } from '../ports/store.ts';
import type { CertificateSource } from './submission-context.ts';

/**
 * The SII gateway of each company, one per opened certificate: a company whose certificate is
 * replaced logs in anew with the new one, and two companies never share a token. Gateways of a
 * certificate no longer in use go with it (a WeakMap keyed by the opened certificate). Serves the
 * upload's gateway and the registry's alike.
 */
export function createGatewayPool<Gateway>(
  store: Store, certificates: CertificateSource, open: (certificate: SigningCertificate) => Gateway,
): (companyRut: string) => Promise<Gateway> {
  const gateways = new WeakMap<object, Gateway>();
  return async (companyRut) => {
    const certificate = await certificates.certificate(store, companyRut);
    let gateway = gateways.get(certificate);
    if (gateway === undefined) {
      gateway = open(certificate);
      gateways.set(certificate, gateway);
    }
    return gateway;
  };
}
