import { z } from 'zod';
import { chance, type RandomSource } from './seeded-random.ts';

/**
 * Fault knobs: the ways the real SII misbehaves, on demand, so a client's retries and error handling
 * can be tested. They are set at creation, by CLI flags, and at run time through `PUT /admin/faults`.
 * Every decision draws from the simulator's fault randomness, which a seed makes repeatable.
 */

/** The SII endpoints faults can be limited to (RegistroReclamoDte: the registry of acceptances and claims). */
export const FAULT_SERVICES = ['CrSeed', 'GetTokenFromSeed', 'QueryEstUp', 'QueryEstDte', 'DTEUpload', 'RegistroReclamoDte'] as const;
export type FaultService = (typeof FAULT_SERVICES)[number];

const rate = z.number().min(0).max(1);

/** The fault settings, validated; rates are probabilities per request from 0 (never) to 1 (always). */
export const faultSettingsSchema = z.object({
  /** Milliseconds every answer waits before it is sent. */
  latencyMs: z.number().int().min(0).max(600_000),
  /** Share of requests answered with HTTP 500, 502 or 503 and an HTML error page. */
  serverErrorRate: rate,
  /** Share of requests never answered (the connection stays open until the client gives up). */
  timeoutRate: rate,
  /** Share of uploads answered with STATUS 9, Sistema Bloqueado. */
  uploadStatus9Rate: rate,
  /** Share of issued tokens that are already expired (1 expires every token at once). */
  expiredTokenRate: rate,
  /** Share of answers sent malformed: XML cut in half, or an HTML error page with status 200. */
  malformedRate: rate,
  /**
   * Share of ingresarAceptacionReclamoDoc calls answered codResp -1 ("Error Interno … debe reintentar
   * enviar la transacción más tarde"), nothing recorded.
   */
  registryErrorRate: rate,
  /** The services the faults apply to; all when absent or null. Latency applies to all regardless. */
  services: z.array(z.enum(FAULT_SERVICES)).nullish(),
}).strict();

export type FaultSettings = z.infer<typeof faultSettingsSchema>;

/** No faults at all. */
export const NO_FAULTS: FaultSettings = Object.freeze({
  latencyMs: 0,
  serverErrorRate: 0,
  timeoutRate: 0,
  uploadStatus9Rate: 0,
  expiredTokenRate: 0,
  malformedRate: 0,
  registryErrorRate: 0,
});

/** What to do to one request. */
export interface FaultDecision {
  /** Never answer. */
  hang: boolean;
  /** Answer with this HTTP status and an error page instead. */
  serverError?: number;
  /** Spoil the answer this way. */
  malformed?: 'truncated' | 'html';
}

/** Holds the current settings and decides, request by request, which faults strike. */
export class FaultInjector {
  private settings: FaultSettings;

  constructor(private readonly random: RandomSource, initial: Partial<FaultSettings> = {}) {
    this.settings = faultSettingsSchema.parse({ ...NO_FAULTS, ...initial });
  }

  /** The settings in force. */
  current(): FaultSettings {
    return { ...this.settings };
  }

  /** Replaces the settings named in `changes`, keeping the others; throws a ZodError on bad values. */
  update(changes: unknown): FaultSettings {
    const partial = faultSettingsSchema.partial().parse(changes);
    this.settings = faultSettingsSchema.parse({ ...this.settings, ...partial });
    return this.current();
  }

  private applies(service: FaultService): boolean {
    return this.settings.services === undefined || this.settings.services === null || this.settings.services.includes(service);
  }

  /** Decides the transport faults of one request, drawing the same numbers whatever the settings. */
  decide(service: FaultService): FaultDecision {
    const applies = this.applies(service);
    const hang = chance(this.random, this.settings.timeoutRate) && applies;
    const serverError = chance(this.random, this.settings.serverErrorRate) && applies;
    const malformed = chance(this.random, this.settings.malformedRate) && applies;
    const variant = this.random();
    const decision: FaultDecision = { hang };
    if (serverError) decision.serverError = [500, 502, 503][Math.floor(variant * 3)] ?? 503;
    if (malformed) decision.malformed = variant < 0.5 ? 'truncated' : 'html';
    return decision;
  }

  /** Whether this upload answers STATUS 9. */
  blocksUpload(): boolean {
    return chance(this.random, this.settings.uploadStatus9Rate) && this.applies('DTEUpload');
  }

  /** Whether this registry action answers codResp -1. */
  failsRegistryAction(): boolean {
    return chance(this.random, this.settings.registryErrorRate) && this.applies('RegistroReclamoDte');
  }

  /** Whether the token being issued is born expired. */
  expiresToken(): boolean {
    return chance(this.random, this.settings.expiredTokenRate) && this.applies('GetTokenFromSeed');
  }

  latencyMs(): number {
    return this.settings.latencyMs;
  }
}
