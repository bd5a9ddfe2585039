import type { SiiGateway, SiiGatewayOpener } from '../ports/sii-gateway.ts';
import type { Store } from '../ports/store.ts';
import type { CertificateSource, GatewayFactory } from './submission-context.ts';

/**
 * The SII gateway of each company, one per opened certificate: a company whose certificate is
 * replaced logs in anew with the new one, and two companies never share a token. Gateways of a
 * certificate no longer in use go with it (a WeakMap keyed by the opened certificate).
 */
export function createGatewayPool(store: Store, certificates: CertificateSource, open: SiiGatewayOpener): GatewayFactory {
  const gateways = new WeakMap<object, SiiGateway>();
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
