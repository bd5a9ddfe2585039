/**
 * A person's decision on a received document: the commercial result (ResultadoDTE), the acuse de
 * recibo when goods or services were received (EnvioRecibos, Ley 19.983 art. 4 b), and the matching
 * action in the SII's registry (ACD, ERM, RCD/RFP/RFT), in one idempotent step: the registry first
 * (a repeat answers "already recorded" and counts as done), then the decision, the signed answers and
 * the audit entry in one transaction. The same decision again returns the first; another is a CONFLICT.
 */
import { REGISTRY_TYPES } from '../../core/document-kinds/index.ts';
import { DteError } from '../../core/errors.ts';
import { buildEnvioRecibos, buildResultadoDte, type AnsweredDocument } from '../../core/intercambio/index.ts';
import type { SigningCertificate } from '../../core/certificate.ts';
import type {
  DecisionCommand, JsonObject, ReceivedDecision, ReceivedDocumentRecord, ReceivedEnvelopeRecord, RegistryAction, Store,
} from '../ports/index.ts';
import { claimDeadline, type ReceivedDependencies } from './received-dependencies.ts';


/** The registry actions of a decision, in the order recorded. */
export function registryActions(command: DecisionCommand): RegistryAction[] {
  if (command.result === 'rejected') return [command.claim ?? 'RCD'];
  return command.receipt === undefined ? ['ACD'] : ['ACD', 'ERM'];
}

function identity(document: ReceivedDocumentRecord): AnsweredDocument {
  return { TipoDTE: document.TipoDTE!, Folio: document.Folio!, FchEmis: document.FchEmis!, RUTEmisor: document.RUTEmisor!, RUTRecep: document.RUTRecep!, MntTotal: document.MntTotal! };
}

function sameDecision(recorded: ReceivedDecision, command: DecisionCommand): boolean {
  return recorded.result === command.result && (recorded.reason ?? '') === (command.reason ?? '')
    && (recorded.receipt?.recinto ?? '') === (command.receipt?.recinto ?? '');
}

/** Records the actions at the SII; a refusal other than "already recorded" stops the decision with the SII's words. */
async function recordAtRegistry(dependencies: ReceivedDependencies, certificate: SigningCertificate, document: ReceivedDocumentRecord, command: DecisionCommand): Promise<JsonObject[]> {
  if (dependencies.registry === undefined) return [{ skipped: 'No SII registry is configured for this service.' }];
  if (!REGISTRY_TYPES.has(document.TipoDTE ?? 0)) return [{ skipped: `The SII's registry does not serve TipoDTE ${document.TipoDTE ?? '?'}.` }];
  const gateway = dependencies.registry(certificate);
  const recorded: JsonObject[] = [];
  for (const action of registryActions(command)) {
    const result = await gateway.recordAction({ issuerRut: document.RUTEmisor!, type: document.TipoDTE!, folio: document.Folio! }, action);
    if (result.kind === 'refused' && result.reason !== 'already_recorded') {
      throw new DteError('CONFLICT', `The SII's registry refused ${action}: ${result.answer.description || result.answer.meaning} (codResp ${result.answer.code}).`, {
        details: { action, reason: result.reason, codResp: result.answer.code, recorded },
      });
    }
    recorded.push({ action, kind: result.kind === 'refused' ? 'already_recorded' : 'recorded', codResp: result.answer.code, description: result.answer.description });
  }
  return recorded;
}

/**
 * The claim deadline counts from the SII's reception of the document (Ley 19.983, art. 3), which its
 * registry tells; until it does, the deadline set at intake (our reception) stands. A registry that
 * cannot answer now leaves the document as it was.
 */
async function deadlineFromSii(dependencies: ReceivedDependencies, certificate: SigningCertificate, document: ReceivedDocumentRecord): Promise<ReceivedDocumentRecord> {
  if (dependencies.registry === undefined || document.state !== 'received' || !REGISTRY_TYPES.has(document.TipoDTE ?? 0)) return document;
  try {
    const reception = await dependencies.registry(certificate).receptionDate({ issuerRut: document.RUTEmisor!, type: document.TipoDTE!, folio: document.Folio! });
    if (reception.kind !== 'received') return document;
    const deadline = claimDeadline(new Date(reception.receivedAt));
    if (Number.isNaN(deadline.getTime()) || deadline.getTime() === document.deadline?.getTime()) return document;
    await dependencies.store.received.setDeadline(document.companyRut, document.id, deadline);
    return { ...document, deadline };
  } catch (error) {
    dependencies.logger?.warn({ companyRut: document.companyRut, documentId: document.id, err: error instanceof Error ? error.message : String(error) }, 'SII reception date not read');
    return document;
  }
}

interface DecisionContext {
  document: ReceivedDocumentRecord;
  envelope: ReceivedEnvelopeRecord;
  command: DecisionCommand;
  certificate: SigningCertificate;
  signedAt: Date;
  recipient: string | undefined;
}

/** Builds, signs and queues the ResultadoDTE and, with a receipt, the EnvioRecibos. */
async function queueAnswers(transaction: Store, context: DecisionContext): Promise<void> {
  const { document, envelope, command, certificate, signedAt } = context;
  const idRespuesta = await transaction.received.nextAnswerNumber();
  const caratula = { RutResponde: document.companyRut, RutRecibe: document.RUTEmisor ?? envelope.RutEmisor ?? '' };
  const resultado = buildResultadoDte({
    caratula: { ...caratula, IdRespuesta: idRespuesta },
    results: [{ ...identity(document), CodEnvio: envelope.codEnvio, result: command.result, ...(command.reason === undefined ? {} : { reason: command.reason }) }],
    certificate,
    signedAt,
  });
  if (!resultado.ok) throw new DteError('VALIDATION_FAILED', 'The ResultadoDTE cannot be built.', { details: resultado.problems });
  const common = { envelopeId: envelope.id, documentId: document.id, ...(context.recipient === undefined ? {} : { recipient: context.recipient }) };
  await transaction.received.addAnswer(document.companyRut, { ...common, kind: 'ResultadoDTE', idRespuesta, xml: resultado.value, fileName: `ResultadoDTE_${idRespuesta}.xml` });
  if (command.receipt === undefined) return;
  const recibos = buildEnvioRecibos({
    caratula,
    receipts: [{ ...identity(document), Recinto: command.receipt.recinto, ...(command.receipt.rutFirma === undefined ? {} : { RutFirma: command.receipt.rutFirma }) }],
    certificate,
    signedAt,
  });
  if (!recibos.ok) throw new DteError('VALIDATION_FAILED', 'The EnvioRecibos cannot be built.', { details: recibos.problems.map((problem) => ({ ...problem, pointer: problem.pointer.replace(/^\/receipts\/0/, '/receipt') })) });
  await transaction.received.addAnswer(document.companyRut, { ...common, kind: 'EnvioRecibos', xml: recibos.value, fileName: `EnvioRecibos_${document.Folio ?? document.position}.xml` });
}

/** Checks that the document can be decided now; returns the recorded decision when this one repeats it. */
function precheck(document: ReceivedDocumentRecord, command: DecisionCommand, now: Date): ReceivedDocumentRecord | undefined {
  if (document.decision !== undefined) {
    if (sameDecision(document.decision, command)) return document;
    throw new DteError('CONFLICT', `Received document ${document.id} was decided before (${document.decision.result}); a decision is not changed.`, { details: { decision: document.decision.result } });
  }
  if (document.state !== 'received') throw new DteError('CONFLICT', `Received document ${document.id} was refused at reception (${document.status.glosa}): there is nothing to decide.`);
  if (document.deadline !== undefined && now.getTime() > document.deadline.getTime()) {
    throw new DteError('CONFLICT', `The eight days to accept or claim document ${document.id} ended on ${document.deadline.toISOString()} (Ley 19.983, art. 3): the SII's registry no longer takes an answer (codResp 8).`, { details: { deadline: document.deadline.toISOString() } });
  }
  if (command.result !== 'accepted' && (command.reason === undefined || command.reason.trim() === '')) {
    throw new DteError('VALIDATION_FAILED', `A reason is required when the result is ${command.result}.`, { details: [{ pointer: '/reason', message: `A reason is required when the result is ${command.result}.` }] });
  }
  return undefined;
}

/** Decides a received document of a company (the caller authorised the actor). */
export async function decideReceived(dependencies: ReceivedDependencies, companyRut: string, id: string, command: DecisionCommand, actor: string): Promise<{ document: ReceivedDocumentRecord; replayed: boolean }> {
  const { store } = dependencies;
  const found = await store.received.getDocument(companyRut, id);
  if (found === undefined) throw new DteError('NOT_FOUND', `There is no received document ${id} for company ${companyRut}.`);
  const now = dependencies.clock();
  const early = found.decision === undefined ? undefined : precheck(found, command, now);
  if (early !== undefined) return { document: early, replayed: true };
  const certificate = await dependencies.certificate(store, companyRut);
  const document = await deadlineFromSii(dependencies, certificate, found);
  const replay = precheck(document, command, now);
  if (replay !== undefined) return { document: replay, replayed: true };
  const envelope = (await store.received.getEnvelope(companyRut, document.envelopeId))!;
  const registry = await recordAtRegistry(dependencies, certificate, document, command);
  const reception = (await store.received.answersOf(companyRut, envelope.id)).find((answer) => answer.kind === 'RecepcionEnvio');
  const decided = await store.transaction(async (transaction) => {
    const record = await transaction.received.decide(companyRut, id, {
      result: command.result,
      ...(command.reason === undefined ? {} : { reason: command.reason }),
      ...(command.receipt === undefined ? {} : { receipt: command.receipt }),
      decidedBy: actor,
      registry,
    });
    await queueAnswers(transaction, { document, envelope, command, certificate, signedAt: now, recipient: reception?.recipient });
    await transaction.audit.record({ actor, action: 'received.decide', target: id, companyRut, detail: { result: command.result, registry } });
    return record;
  }).catch(async (error: unknown) => {
    // A twin request decided it meanwhile: the same decision is its replay, another stays a conflict.
    const now = await store.received.getDocument(companyRut, id);
    if (error instanceof DteError && error.code === 'CONFLICT' && now?.decision !== undefined && sameDecision(now.decision, command)) return undefined;
    throw error;
  });
  if (decided === undefined) return { document: (await store.received.getDocument(companyRut, id))!, replayed: true };
  return { document: decided, replayed: false };
}
