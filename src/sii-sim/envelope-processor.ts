import type { X509Certificate } from 'node:crypto';
import type { SchemaValidator } from '../core/verify/schema-validator.ts';
import { checkCaratula, checkEnvelopeSignature, type SimulatedCompany } from './caratula-checks.ts';
import { checkDocument } from './document-checks.ts';
import { readEnvelope, schemaProblems, type ReceivedEnvelope } from './envelope-reader.ts';
import type { SchemaErrorWording } from './schema-error-wording.ts';
import { documentOutcome, revisionError, type RevisionError } from './revision-codes.ts';
import { normalRut, type DocumentResult, type EnvelopeRecord, type EnvelopeVerdict, type TypeCount } from './simulator-records.ts';
import type { SimulatorState } from './simulator-state.ts';
import type { VerdictRules } from './verdict-rules.ts';

/**
 * Processes a received envelope as the SII does after the upload, in the order of the certification
 * manual (manual_certificacion §3.2: schema, then signature, then the timbre): the schema (RSC), the
 * envelope's signature (RFR), the Caratula (RCT), and then each document (EPR, with per-type counts of
 * accepted, repaired and rejected documents). Documents are checked in the order of the set, and each
 * accepted one is registered at once, so a folio repeated inside one envelope is caught and a note may
 * reference a factura sent before it in the same envelope.
 */

/** Where the full schema validation answers: at the upload (STATUS 7) or later in the status (RSC). */
export type SchemaValidationPoint = 'upload' | 'status';

/** What processing needs. */
export interface ProcessingSettings {
  state: SimulatorState;
  schemaValidator: SchemaValidator;
  schemaValidation: SchemaValidationPoint;
  schemaErrorWording: SchemaErrorWording;
  trustedCafCertificates: readonly X509Certificate[];
  companies: ReadonlyMap<string, SimulatedCompany>;
  now: () => Date;
  /** Verdicts set through `PUT /admin/verdicts`, applied after the document's own checks. */
  verdicts?: VerdictRules;
}

function rejection(state: 'RSC' | 'RFR' | 'RCT', errors: RevisionError[], now: Date): EnvelopeVerdict {
  return { state, errors, counts: [], documents: [], processedAt: now.toISOString() };
}

function counts(documents: readonly DocumentResult[]): TypeCount[] {
  const byType = new Map<number, TypeCount>();
  for (const document of documents) {
    const count = byType.get(document.TipoDTE) ?? { TipoDTE: document.TipoDTE, informados: 0, aceptados: 0, rechazados: 0, reparos: 0 };
    count.informados += 1;
    if (document.outcome === 'ACE') count.aceptados += 1;
    else if (document.outcome === 'RPR') count.reparos += 1;
    else count.rechazados += 1;
    byType.set(document.TipoDTE, count);
  }
  return [...byType.values()].sort((first, second) => first.TipoDTE - second.TipoDTE);
}

function processDocuments(envelope: ReceivedEnvelope, record: EnvelopeRecord, settings: ProcessingSettings): DocumentResult[] {
  const context = { state: settings.state, trustedCafCertificates: settings.trustedCafCertificates };
  return envelope.documents.map((document) => {
    const checked = checkDocument(document, context);
    const { facts } = checked;
    // A verdict set on demand applies to a document its own checks accept; a real rejection stands.
    const forced = documentOutcome(checked.errors) === 'RCH' ? undefined : settings.verdicts?.take(facts.TipoDTE, facts.Folio);
    const errors = forced === undefined ? checked.errors : [...checked.errors, ...forced.errors];
    const outcome = forced?.outcome ?? documentOutcome(checked.errors);
    if (checked.authenticCaf && facts.caf !== undefined) {
      settings.state.addCafRange({ RUTEmisor: facts.caf.RE, TipoDTE: facts.caf.TD, from: facts.caf.D, to: facts.caf.H });
    }
    if (outcome !== 'RCH') {
      settings.state.registerDocument({
        RUTEmisor: normalRut(facts.RUTEmisor),
        TipoDTE: facts.TipoDTE,
        Folio: facts.Folio,
        FchEmis: facts.FchEmis,
        RUTRecep: normalRut(facts.RUTRecep),
        MntTotal: facts.MntTotal,
        trackId: record.trackId,
        outcome,
        digest: facts.digest,
        references: facts.references,
      });
    }
    return { TipoDTE: facts.TipoDTE, Folio: facts.Folio, outcome, errors };
  });
}

/** Decides an envelope's fate. Never throws on bad input: a file that cannot be read ends in RSC. */
export function processEnvelope(file: Uint8Array, record: EnvelopeRecord, settings: ProcessingSettings): EnvelopeVerdict {
  const now = settings.now();
  const reading = readEnvelope(file);
  if (!reading.ok) return rejection('RSC', reading.problems.map((problem) => revisionError('ENV-3-0', problem)), now);
  const envelope = reading.envelope;
  try {
    if (settings.schemaValidation === 'status') {
      const problems = schemaProblems(file, settings.schemaValidator, settings.schemaErrorWording);
      if (problems.length > 0) return rejection('RSC', problems.map((problem) => revisionError('ENV-3-0', problem)), now);
    }
    const signature = checkEnvelopeSignature(envelope);
    if (signature.errors.length > 0) return rejection('RFR', signature.errors, now);
    const company = settings.companies.get(normalRut(record.companyRut));
    const caratula = checkCaratula(envelope, record, signature.signerRut, company);
    if (caratula.length > 0) return rejection('RCT', caratula, now);
    const documents = processDocuments(envelope, record, settings);
    return { state: 'EPR', errors: [], counts: counts(documents), documents, processedAt: now.toISOString() };
  } finally {
    envelope.dispose();
  }
}
