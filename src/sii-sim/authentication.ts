import type { X509Certificate } from 'node:crypto';
import type { FaultInjector } from './faults.ts';
import { randomDigits, randomToken, type RandomSource } from './seeded-random.ts';
import { verifySignedSeed, type SeedProblem } from './seed-signature.ts';
import { normalRut } from './simulator-records.ts';
import type { SimulatorState } from './simulator-state.ts';

/**
 * The SII's automatic authentication (authentication manual OI2007_AUTAUTOM_MDE_1.9): CrSeed hands out
 * a random seed valid for two minutes; GetTokenFromSeed takes it back signed and, when seed, certificate
 * and signature are good, hands out a token that every other operation requires. Seeds are single-use.
 */

/** What the authentication needs from the simulator. */
export interface AuthenticationSettings {
  state: SimulatorState;
  random: RandomSource;
  faults: FaultInjector;
  now: () => Date;
  /** How long a seed may be exchanged (the manual: two minutes). */
  seedLifetimeMs: number;
  tokenLifetimeMs: number;
}

/** A getToken outcome: the manual's ESTADO and GLOSA detail, and the token when ESTADO is 00. */
export interface TokenOutcome {
  estado: string;
  detail: string;
  token?: string;
}

/** Whether a token may be used, and why not. */
export type TokenCheck = { ok: true; rut: string } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

interface SeedRecord {
  expiresAt: number;
  used: boolean;
}

/** The RUT in a certificate's subject serialNumber (Chilean certificates carry their holder's RUT there). */
function subjectRut(certificate: X509Certificate): string | undefined {
  const line = certificate.subject.split('\n').find((entry) => entry.startsWith('serialNumber='));
  const rut = line === undefined ? undefined : normalRut(line.slice('serialNumber='.length));
  return rut !== undefined && /^\d{1,8}-[\dK]$/.test(rut) ? rut : undefined;
}

/** Seeds and tokens. */
export class Authentication {
  private readonly seeds = new Map<string, SeedRecord>();

  constructor(private readonly settings: AuthenticationSettings) {}

  /** A fresh twelve-digit seed. */
  issueSeed(): string {
    const now = this.settings.now().getTime();
    for (const [seed, record] of this.seeds) if (record.expiresAt < now) this.seeds.delete(seed);
    let seed = randomDigits(this.settings.random, 12);
    while (this.seeds.has(seed)) seed = randomDigits(this.settings.random, 12);
    this.seeds.set(seed, { expiresAt: now + this.settings.seedLifetimeMs, used: false });
    return seed;
  }

  private seedProblem(seed: string): SeedProblem {
    const record = this.seeds.get(seed.trim());
    if (record === undefined) return { estado: '08', detail: 'NO Existe SEED' };
    if (record.used) return { estado: '08', detail: 'NO PUEDO ACT. SEED CON TOKEN' };
    if (record.expiresAt < this.settings.now().getTime()) return { estado: '08', detail: 'TIME-OUT DEL SEED' };
    return undefined;
  }

  /** GetTokenFromSeed: verifies the signed seed and issues a token. */
  exchange(pszXml: string): TokenOutcome {
    const verified = verifySignedSeed(pszXml, (seed) => this.seedProblem(seed));
    if (!verified.ok) return { estado: verified.estado, detail: verified.detail };
    const now = this.settings.now();
    const { certificate } = verified;
    if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo)) {
      return { estado: '-3', detail: `The certificate is valid from ${certificate.validFrom} to ${certificate.validTo}, not now.` };
    }
    const rut = subjectRut(certificate);
    if (rut === undefined) return { estado: '-07', detail: 'The certificate names no RUT in its subject serialNumber.' };
    this.seeds.get(verified.seed.trim())!.used = true;
    return { estado: '00', detail: 'Token Creado', token: this.createToken(rut) };
  }

  /** Issues a token for `rut` directly, as if it had signed a seed (for tests and embedded use). */
  createToken(rut: string): string {
    let token = randomToken(this.settings.random);
    while (this.settings.state.token(token) !== undefined) token = randomToken(this.settings.random);
    const lifetime = this.settings.faults.expiresToken() ? -1 : this.settings.tokenLifetimeMs;
    this.settings.state.saveToken({ token, rut: normalRut(rut), expiresAt: this.settings.now().getTime() + lifetime });
    return token;
  }

  /** Whether a token is known and still valid. */
  checkToken(token: string | undefined): TokenCheck {
    const value = token?.trim() ?? '';
    if (value === '') return { ok: false, reason: 'missing' };
    const record = this.settings.state.token(value);
    if (record === undefined) return { ok: false, reason: 'unknown' };
    if (record.expiresAt <= this.settings.now().getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, rut: record.rut };
  }
}
