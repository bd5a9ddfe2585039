import type { X509Certificate } from 'node:crypto';
import type { RegistryGatewayOpener, SiiGatewayOpener, Store } from '../app/ports/index.ts';
import { siiCodeCatalog } from './resources.ts';
import type { Config } from '../config/config.ts';
import { siiCafCertificates } from '../core/verify/sii-certificates.ts';
import { sharedTestAuthority } from '../local/demo-company.ts';
import { CircuitBreakers, createSiiGateway, DEFAULT_CIRCUIT_BREAKER_OPTIONS, siiBaseUrl, TokenCache, type CircuitBreakerOptions } from '../sii/index.ts';
import { createRegistryGateway } from '../sii/registry-client.ts';
import type { SigningCertificate } from '../core/certificate.ts';
import { createSiiSimulator, type SiiSimulator } from '../sii-sim/index.ts';

/** The SII side of the service: whom to trust for CAFs, where the SII is, and how to reach it. */
export interface SiiPart {
  /** The SII's certificates 100 and 300, or the local test authority in local mode. */
  trustedCafSigners: X509Certificate[];
  /** The base URL the gateways talk to. */
  baseUrl: string;
  /** The in-process local SII, when SII_ENV is local without SII_URL. */
  simulator: SiiSimulator | undefined;
  openGateway: SiiGatewayOpener;
  /** The registry of acceptances and claims (Ley 19.983), logged in with the same token as the upload's gateway of the certificate. */
  openRegistry: RegistryGatewayOpener;
  close(): Promise<void>;
}

export interface SiiPartOptions {
  now: Date;
  simulatorStepMs?: number;
  simulatorDuplicateWindowMs?: number;
  simulatorDocumentDetails?: boolean;
  /** The SII client's circuit breaker (5 failures, 30 s cool-down by default); tests shorten the cool-down. */
  circuitBreaker?: Partial<CircuitBreakerOptions>;
}

/**
 * Builds the SII side. In local mode the test authority kept in the database (made in DATA_DIR on
 * the first start of any instance) signs the CAFs and, without
 * SII_URL, a local SII is started in this process on a free port of 127.0.0.1.
 */
export async function buildSii(config: Config, store: Store, options: SiiPartOptions): Promise<SiiPart> {
  const local = config.sii.environment === 'local';
  const testAuthority = local ? await sharedTestAuthority(store, config.dataDirectory, config.demoCompanyRut, options.now) : undefined;
  const trustedCafSigners = testAuthority ? [testAuthority] : siiCafCertificates(config.sii.environment === 'local' ? undefined : config.sii.environment);
  let simulator: SiiSimulator | undefined;
  if (local && config.sii.url === null) {
    const step = options.simulatorStepMs ?? 200;
    simulator = createSiiSimulator({
      trustedCafCertificates: trustedCafSigners, steps: { REC: step, SOK: step, FOK: step, CRT: step, PRD: step },
      ...(options.simulatorDuplicateWindowMs === undefined ? {} : { duplicateWindowMs: options.simulatorDuplicateWindowMs }),
      ...(options.simulatorDocumentDetails === undefined ? {} : { documentDetails: options.simulatorDocumentDetails }),
    });
    await simulator.listen(0, '127.0.0.1');
  }
  const override = simulator?.url ?? config.sii.url ?? undefined;
  const baseUrl = siiBaseUrl(config.sii.environment, override);
  const circuitBreakers = options.circuitBreaker === undefined ? undefined : new CircuitBreakers({ ...DEFAULT_CIRCUIT_BREAKER_OPTIONS, ...options.circuitBreaker });
  // One token per certificate, shared by its upload gateway and its registry gateway.
  const tokens = new WeakMap<SigningCertificate, TokenCache>();
  const tokenCache = (certificate: SigningCertificate) => {
    let cache = tokens.get(certificate);
    if (cache === undefined) tokens.set(certificate, cache = new TokenCache());
    return cache;
  };
  const common = { environment: config.sii.environment, ...(override ? { baseUrl: override } : {}), catalog: siiCodeCatalog(), ...(circuitBreakers ? { circuitBreakers } : {}) };
  return {
    trustedCafSigners, baseUrl, simulator,
    openGateway: (certificate) => createSiiGateway({ ...common, certificate, tokenCache: tokenCache(certificate) }),
    openRegistry: (certificate) => createRegistryGateway({ ...common, certificate, tokenCache: tokenCache(certificate) }),
    close: async () => simulator?.close(),
  };
}

/** Whether the SII's host answers HTTP at all (any status): /readyz reports, it does not decide. */
export async function siiReachable(baseUrl: string): Promise<{ ok: boolean; detail?: string }> {
  try {
    const response = await fetch(`${baseUrl}/DTEWS/CrSeed.jws?WSDL`, { signal: AbortSignal.timeout(2_000) });
    return { ok: response.status < 500, detail: `${baseUrl} answered HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, detail: `${baseUrl} cannot be reached: ${error instanceof Error ? error.message : String(error)}` };
  }
}
