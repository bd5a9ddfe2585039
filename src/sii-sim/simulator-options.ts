import type { X509Certificate } from 'node:crypto';
import { siiCafCertificates } from '../core/verify/sii-certificates.ts';
import type { SchemaValidator } from '../core/verify/schema-validator.ts';
import { sharedSchemaValidator } from '../schema/xsd-validator.ts';
import type { SimulatedCompany } from './caratula-checks.ts';
import type { SchemaValidationPoint } from './envelope-processor.ts';
import type { FaultSettings } from './faults.ts';
import type { HoldRule } from './hold-rules.ts';
import type { UploadRule } from './upload-rules.ts';
import type { SchemaErrorWording } from './schema-error-wording.ts';
import { seededRandom, type RandomSource } from './seeded-random.ts';
import { normalRut, type StepDurations } from './simulator-records.ts';

/** How to build a simulator. Every field is optional; the defaults make a working local SII. */
export interface SiiSimulatorOptions {
  /**
   * Certificates whose keys sign CAFs (FRMA). Default: the SII's own, IDK 100 and 300; pass a `dte
   * keys` directory's sii-authority.pem (with `readAuthority`) to accept test CAFs.
   */
  trustedCafCertificates?: readonly X509Certificate[];
  /** A directory where the state is kept as JSON across restarts; in memory when absent. */
  dataDirectory?: string;
  /** Known companies (resolution, signers). When given, other companies are refused (STATUS 6, EMP). */
  companies?: readonly SimulatedCompany[];
  /** Milliseconds spent in each intermediate state (REC, SOK, FOK, CRT, PRD); 200 each by default. */
  steps?: Partial<StepDurations>;
  /** How long a seed may be exchanged; 120,000 (the manual's two minutes). */
  seedLifetimeMs?: number;
  /** How long a token lasts; 3,600,000 (one hour). */
  tokenLifetimeMs?: number;
  /** The window in which the same file is refused (STATUS 99); 900,000 (900 seconds). */
  duplicateWindowMs?: number;
  /** The largest file accepted (STATUS 2 above it); 20 MB. */
  maxUploadBytes?: number;
  /** Where schema errors answer: `upload` (STATUS 7, the default, per envio.pdf §2.1) or `status` (RSC). */
  schemaValidation?: SchemaValidationPoint;
  /**
   * How schema errors are worded: `live` (the default: Xerces `cvc-` messages, as the SII's gateway
   * answers today) or `manual` (the LSX messages of envio.pdf's figure 2.3, where it shows them).
   */
  schemaErrorWording?: SchemaErrorWording;
  /** Add the per-document DETALLE_REP_RECH and envelope ERROR elements to getEstUp (the default). */
  documentDetails?: boolean;
  /** Initial fault settings. */
  faults?: Partial<FaultSettings>;
  /** Initial upload rules (refusals by STATUS, lost answers), as `PUT /admin/uploads` takes them. */
  uploads?: readonly UploadRule[];
  /** Initial hold rules (documents held without verdict), as `PUT /admin/holds` takes them. */
  holds?: readonly HoldRule[];
  /** How far the simulator's clock starts from `now`, in milliseconds (0); a data directory's clock.json wins. */
  clockOffsetMs?: number;
  /** Seed of the randomness (seeds, tokens, faults), for repeatable runs; unseeded when absent. */
  seed?: number;
  /** The clock; the system's by default. */
  now?: () => Date;
  /** The first track id given; 253000001 by default (real ones have nine or ten digits). */
  firstTrackId?: number;
  /** The schema validator; the project's compiled XSDs by default. */
  schemaValidator?: SchemaValidator;
}

/** The options with every default filled in. */
export interface ResolvedOptions {
  trustedCafCertificates: readonly X509Certificate[];
  dataDirectory: string | undefined;
  companies: ReadonlyMap<string, SimulatedCompany>;
  steps: StepDurations;
  seedLifetimeMs: number;
  tokenLifetimeMs: number;
  duplicateWindowMs: number;
  maxUploadBytes: number;
  schemaValidation: SchemaValidationPoint;
  schemaErrorWording: SchemaErrorWording;
  documentDetails: boolean;
  faults: Partial<FaultSettings>;
  uploads: readonly UploadRule[];
  holds: readonly HoldRule[];
  clockOffsetMs: number;
  identifierRandom: RandomSource;
  faultRandom: RandomSource;
  now: () => Date;
  firstTrackId: number;
  schemaValidator: SchemaValidator;
}

/** The default time in each intermediate state. */
export const DEFAULT_STEP_MS = 200;

/** Fills in the defaults. */
export function resolveOptions(options: SiiSimulatorOptions): ResolvedOptions {
  const step = (value: number | undefined): number => value ?? DEFAULT_STEP_MS;
  const steps = options.steps ?? {};
  return {
    trustedCafCertificates: options.trustedCafCertificates ?? siiCafCertificates(),
    dataDirectory: options.dataDirectory,
    companies: new Map((options.companies ?? []).map((company) => [normalRut(company.rut), company])),
    steps: { REC: step(steps.REC), SOK: step(steps.SOK), FOK: step(steps.FOK), CRT: step(steps.CRT), PRD: step(steps.PRD) },
    seedLifetimeMs: options.seedLifetimeMs ?? 120_000,
    tokenLifetimeMs: options.tokenLifetimeMs ?? 3_600_000,
    duplicateWindowMs: options.duplicateWindowMs ?? 900_000,
    maxUploadBytes: options.maxUploadBytes ?? 20 * 1024 * 1024,
    schemaValidation: options.schemaValidation ?? 'upload',
    schemaErrorWording: options.schemaErrorWording ?? 'live',
    documentDetails: options.documentDetails ?? true,
    faults: options.faults ?? {},
    uploads: options.uploads ?? [],
    holds: options.holds ?? [],
    clockOffsetMs: options.clockOffsetMs ?? 0,
    // Two streams, so that the faults drawn do not depend on how many seeds and tokens were made.
    identifierRandom: options.seed === undefined ? Math.random : seededRandom(options.seed),
    faultRandom: options.seed === undefined ? Math.random : seededRandom(options.seed ^ 0x5bd1e995),
    now: options.now ?? (() => new Date()),
    firstTrackId: options.firstTrackId ?? 253_000_001,
    schemaValidator: options.schemaValidator ?? sharedSchemaValidator(),
  };
}
