import { createHash, randomUUID } from 'node:crypto';
import type { DocumentRequest } from '../core/document-request.ts';
import { issuedKind } from '../core/document-kinds/index.ts';
import { DteError } from '../core/errors.ts';
import type { Problem } from '../core/result.ts';
import { parseRut } from '../core/rut.ts';
import { validateRequest } from '../core/validate-request.ts';
import { authorize } from './authorize.ts';
import type { IssueBatcher } from './issue-batcher.ts';
import type { Actor, DocumentRecord, IssueCommand, Store, SubmissionDispatcher } from './ports/index.ts';
import { withReferenceDates } from './reference-dates.ts';
import type { SignerCache } from './signer-cache.ts';

/** What issuing observes, for metrics. */
export interface IssueObserver {
  issued(type: number, signingMilliseconds: number): void;
  /** A document could not be issued: the company's CAFs of its type are used up. */
  cafExhausted?(companyRut: string, type: number): void;
}

/** What issuing needs; the document service holds one. */
export interface IssueContext {
  store: Store;
  signers: SignerCache;
  dispatcher: SubmissionDispatcher;
  clock: () => Date;
  batcher: IssueBatcher;
  observer?: IssueObserver;
  /** Companies known to exist; companies are never deleted, so a positive answer can be kept. */
  registered: Set<string>;
}

/** What issuing ends in: the stored document (told to the queue when new), or the problems of the request. */
export type Issued = { ok: true; record: DocumentRecord; replayed: boolean } | { ok: false; problems: Problem[] };

/**
 * Issuing: validate, then atomically claim the idempotency key, audit, allocate the folio, sign and
 * store the document; only after the commit is the queue told. A failure anywhere rolls the folio back
 * with everything else of that document, so folios are never skipped and a document is never
 * half-written. Concurrent issues of one company and type share a transaction (IssueBatcher).
 */
export async function issueDocument(context: IssueContext, actor: Actor, command: IssueCommand): Promise<Issued> {
  // One decision, before validation, so a caller of another company learns nothing of the request's
  // problems. A valid request's RUTEmisor is this same canonical RUT (both read it with core/rut.ts).
  authorize(actor, 'issue', emisorOf(command.request));
  const validated = validateRequest(command.request);
  if (!validated.ok) return { ok: false, problems: validated.problems };
  const request = validated.value;
  if (request.Encabezado.IdDoc.Folio !== undefined) {
    // Ignoring it would issue under another folio than the caller believes; say so instead.
    return { ok: false, problems: [{ pointer: '/Encabezado/IdDoc/Folio', message: "Folio is assigned by the service from the company's CAFs: leave it out." }] };
  }
  const kind = issuedKind(request.Encabezado.IdDoc.TipoDTE);
  if (kind.channel !== 'dte-upload') {
    // Built and signed by the core (dte issue, dte envelope), but the SII receives these through its own
    // REST service, which this service does not speak yet: refused before a folio is used, never sent the wrong way.
    return { ok: false, problems: [{ pointer: '/Encabezado/IdDoc/TipoDTE', message: `The service does not submit ${kind.names.plural} (${kind.code}) yet: the SII's boleta REST channel is not built.` }] };
  }
  const companyRut = request.Encabezado.Emisor.RUTEmisor;
  if (!context.registered.has(companyRut)) {
    if (!(await context.store.companies.get(companyRut))) throw new DteError('NOT_FOUND', `Company ${companyRut} is not registered in this service.`);
    context.registered.add(companyRut);
  }
  const referenced = await withReferenceDates(context.store, companyRut, request);
  if (!referenced.ok) return { ok: false, problems: referenced.problems };
  const outcome = await signAndStore(context, actor, command, referenced.value);
  if ('problems' in outcome) return { ok: false, problems: outcome.problems };
  const record = outcome.replayed ? await context.store.documents.get(companyRut, outcome.id) : outcome.record;
  if (!record) throw new DteError('INTERNAL', `Document ${outcome.id} was stored but cannot be read back.`);
  if (!outcome.replayed) context.dispatcher.documentsReady(companyRut);
  return { ok: true, record, replayed: outcome.replayed };
}

/**
 * The part that holds the folio lock, in a savepoint of a transaction shared with the concurrent
 * issues of its company and type (IssueBatcher): the idempotency claim, the audit entry, the folio,
 * the signature and the insert, which also links the key. A failure rolls back this document's part;
 * the issuer's refusal (the SII's rules of core/sii-rules.ts among them) comes back as problems.
 */
async function signAndStore(context: IssueContext, actor: Actor, command: IssueCommand, request: DocumentRequest) {
  const companyRut = request.Encabezado.Emisor.RUTEmisor;
  const type = request.Encabezado.IdDoc.TipoDTE;
  const requestHash = hashOf(command);
  return context.batcher.run(`${companyRut}/${type}`, async (transaction) => {
    if (command.idempotencyKey !== undefined) {
      const claim = await transaction.idempotency.claim(companyRut, command.idempotencyKey, requestHash);
      if (claim.kind === 'replay') return { replayed: true as const, id: claim.documentId };
    }
    const id = randomUUID();
    await transaction.audit.record({
      actor: actor.subject, action: 'document.issue', target: id, companyRut,
      ...(actor.ip === undefined ? {} : { ip: actor.ip }),
      ...(actor.userAgent === undefined ? {} : { userAgent: actor.userAgent }),
      detail: { type },
    });
    const allocated = await transaction.folios.allocate(companyRut, type);
    const issuer = await context.signers.issuer(transaction, companyRut, allocated.cafId);
    const started = performance.now();
    const result = issuer.issueValidated(request, { folio: allocated.folio, signedAt: context.clock() });
    if (!result.ok) throw new DteError('VALIDATION_FAILED', 'The document cannot be issued.', { details: result.problems });
    context.observer?.issued(result.value.TipoDTE, performance.now() - started);
    const record = await transaction.documents.insertSigned(companyRut, {
      id, issued: result.value, cafId: allocated.cafId,
      ...(command.callbackUrl === undefined ? {} : { callbackUrl: command.callbackUrl }),
      ...(command.odoo === undefined ? {} : { odooReference: { ...command.odoo } }),
      ...(command.idempotencyKey === undefined ? {} : { idempotencyKey: command.idempotencyKey }),
      detail: { message: `issued by ${actor.subject}` },
    });
    return { replayed: false as const, id: record.id, record };
  }).catch((error: unknown) => {
    if (error instanceof DteError && error.code === 'VALIDATION_FAILED' && error.problems.length > 0) return { problems: error.problems };
    if (error instanceof DteError && error.code === 'CAF_EXHAUSTED') context.observer?.cafExhausted?.(companyRut, type);
    throw error;
  });
}

/** The issuer named by a request, when it can be read, so authorisation precedes validation details. */
export function emisorOf(request: unknown): string | undefined {
  const rut = (request as { Encabezado?: { Emisor?: { RUTEmisor?: unknown } } } | null)?.Encabezado?.Emisor?.RUTEmisor;
  return typeof rut === 'string' ? parseRut(rut)?.canonical : undefined;
}

/** The idempotency fingerprint: the whole command but the key, with object keys sorted. */
function hashOf(command: IssueCommand): string {
  const { idempotencyKey: _key, ...rest } = command;
  return createHash('sha256').update(stableJson(rest)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined).sort(([left], [right]) => left.localeCompare(right));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
