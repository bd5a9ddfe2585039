import { chileTimestamp } from './chile-time.ts';
import type { SimulatedCompany } from './caratula-checks.ts';
import { envelopeStateAt } from './envelope-status.ts';
import type { FaultInjector } from './faults.ts';
import type { RegistryEventRecord, RegistryRecords } from './registry-records.ts';
import {
  cedibility, decideAction, readAction, readDocumentName, registryAnswer, REGISTRY_START, WINDOW_MS, withinWindow,
  type DocumentName, type DocumentParameters, type RegistryAnswer,
} from './registry-rules.ts';
import { registryEventText } from './sii-catalog.ts';
import { normalRut, type DocumentRecord } from './simulator-records.ts';
import type { SimulatorState } from './simulator-state.ts';

/**
 * The four operations of the SII's registry of acceptances and claims (RegistroReclamoDteService), over
 * what the simulator holds: the documents it accepted (DTE_Control_DTE in the manual), the time it
 * received them (their envelope's reception, from which the eight days run) and the events recorded.
 *
 * Which documents it knows: one accepted (with or without reparos) whose envelope has reached EPR. One in
 * an envelope it received but has not finished (held, or still in its intermediate states) answers 18
 * ("Documento no ha sido recibido": the manual gives this code no condition; not yet received is our
 * reading). One it never received, or rejected, or issued or received before 2017-01-14, answers 10, as
 * the manual's validation of accionDoc says.
 *
 * Who may ask: a token acts for a company when its RUT is the company's, when the `companies` option
 * lists it among the company's signers, or when it has sent an envelope of the company that the SII
 * received. Recording an action needs the receiver (else 17); the listing the issuer or the receiver
 * (else 14); the reception date is given to them only (as an empty answer: the operation has no codResp);
 * the cedibility query to any caller, since its output table lists no authorisation code.
 */

/** What the operations need. */
export interface RegistryContext {
  state: SimulatorState;
  records: RegistryRecords;
  companies: ReadonlyMap<string, SimulatedCompany>;
  faults: FaultInjector;
  now: () => Date;
}

/** One event of a listing, with the fields of listaEventosDoc. */
export interface ListedEvent {
  codEvento: string;
  descEvento: string;
  rutResponsable: string;
  fechaEvento: string;
  at: string;
}

/** An answer with codResp, and the events of a listing. */
export interface RegistryResult extends RegistryAnswer {
  events?: ListedEvent[];
}

type Lookup = { kind: 'received'; document: DocumentRecord; receivedAt: Date } | { kind: 'refused'; answer: RegistryAnswer };

export class RegistryService {
  constructor(private readonly context: RegistryContext) {}

  /** ingresarAceptacionReclamoDoc, as `caller` (the token's RUT); `via` says whether through the web service or the SII's site. */
  record(caller: string, parameters: DocumentParameters & { accionDoc: string }, via: RegistryEventRecord['via'] = 'ws'): RegistryResult {
    const named = readDocumentName(parameters);
    if (!named.ok) return named.answer;
    const action = readAction(parameters.accionDoc);
    if (!action.ok) return action.answer;
    const found = this.lookup(named.name);
    if (found.kind === 'refused') return found.answer;
    const { document, receivedAt } = found;
    if (!this.actsFor(caller, document.RUTRecep)) return registryAnswer(17);
    const now = this.context.now();
    if (!withinWindow(receivedAt, now)) return registryAnswer(8);
    if (via === 'ws' && this.context.faults.failsRegistryAction()) return registryAnswer(-1);
    const events = this.context.records.events(document.RUTEmisor, document.TipoDTE, document.Folio);
    const answer = decideAction(events, action.action);
    if (answer.codResp === 0) {
      this.context.records.add({
        RUTEmisor: document.RUTEmisor, TipoDTE: document.TipoDTE, Folio: document.Folio, codEvento: action.action,
        rutResponsable: caller, at: now.toISOString(), via,
      });
    }
    return answer;
  }

  /** listarEventosHistDoc: 15 with the events (the receiver's and the SII's own NCA and ENC), else 16 while the eight days run and 8 after them. */
  list(caller: string, parameters: DocumentParameters): RegistryResult {
    const named = readDocumentName(parameters);
    if (!named.ok) return named.answer;
    const found = this.lookup(named.name);
    if (found.kind === 'refused') return found.answer;
    const { document, receivedAt } = found;
    if (!this.actsFor(caller, document.RUTEmisor) && !this.actsFor(caller, document.RUTRecep)) return registryAnswer(14);
    const events = this.listedEvents(document);
    if (events.length > 0) return { ...registryAnswer(15), events };
    return registryAnswer(withinWindow(receivedAt, this.context.now()) ? 16 : 8);
  }

  /**
   * consultarDocDteCedible: 20 to 25 (registry-rules.ts `cedibility`). Its output table lists no
   * authorisation code (14, 17), so any authenticated caller may ask (a factoring company before it
   * takes a factura, say).
   */
  cedible(parameters: DocumentParameters): RegistryResult {
    const named = readDocumentName(parameters, 20);
    if (!named.ok) return named.answer;
    const found = this.lookup(named.name);
    if (found.kind === 'refused') return found.answer;
    const { document, receivedAt } = found;
    const events = this.context.records.events(document.RUTEmisor, document.TipoDTE, document.Folio);
    const annulled = this.annullingNotes(document).some((note) => note.receivedAt.getTime() - receivedAt.getTime() <= WINDOW_MS);
    return cedibility(events, withinWindow(receivedAt, this.context.now()), annulled);
  }

  /** consultarFechaRecepcionSii: `DD-MM-YYYY HH:MM:SS` in Chile, or an empty string when there is no date to give this caller. */
  receptionDate(caller: string, parameters: DocumentParameters): string {
    const named = readDocumentName(parameters);
    if (!named.ok) return '';
    const found = this.lookup(named.name);
    if (found.kind === 'refused') return '';
    if (!this.actsFor(caller, found.document.RUTEmisor) && !this.actsFor(caller, found.document.RUTRecep)) return '';
    return registryDateTime(found.receivedAt);
  }

  /** The document as the registry knows it, or the codResp that says it does not (10 or 18). */
  private lookup(name: DocumentName): Lookup {
    const { state } = this.context;
    const now = this.context.now();
    const document = state.document(name.RUTEmisor, name.TipoDTE, name.Folio);
    const envelope = document === undefined ? undefined : state.envelope(document.trackId);
    if (document === undefined || envelope === undefined) {
      const pending = state.envelopeCarrying(name.RUTEmisor, name.TipoDTE, name.Folio);
      return { kind: 'refused', answer: registryAnswer(pending === undefined ? 10 : 18) };
    }
    if (envelopeStateAt(envelope, now) !== 'EPR') return { kind: 'refused', answer: registryAnswer(18) };
    const receivedAt = new Date(envelope.receivedAt);
    if (receivedAt.getTime() < REGISTRY_START || Date.parse(`${document.FchEmis}T00:00:00-03:00`) < REGISTRY_START) {
      return { kind: 'refused', answer: registryAnswer(10) };
    }
    return { kind: 'received', document, receivedAt };
  }

  /** Whether the token's holder acts for the company (see the class's comment). */
  private actsFor(caller: string, companyRut: string): boolean {
    const company = normalRut(companyRut);
    if (normalRut(caller) === company) return true;
    const signers = this.context.companies.get(company)?.signers;
    if (signers !== undefined && signers.map(normalRut).includes(normalRut(caller))) return true;
    return this.context.state.sendsFor(caller, company);
  }

  /** The credit notes (61) of the issuer the SII holds that reference the document, with when they arrived. */
  private creditNotes(document: DocumentRecord): Array<{ note: DocumentRecord; annuls: boolean; receivedAt: Date }> {
    const { state } = this.context;
    return state.notesReferencing(document.RUTEmisor, document.TipoDTE, document.Folio)
      .filter((note) => note.TipoDTE === 61)
      .flatMap((note) => {
        const envelope = state.envelope(note.trackId);
        if (envelope === undefined) return [];
        const references = note.references.filter((reference) => Number(reference.TpoDocRef) === document.TipoDTE && Number(reference.FolioRef) === document.Folio);
        return [{ note, annuls: references.some((reference) => reference.CodRef === 1), receivedAt: new Date(envelope.receivedAt) }];
      });
  }

  private annullingNotes(document: DocumentRecord): Array<{ receivedAt: Date }> {
    return this.creditNotes(document).filter((entry) => entry.annuls);
  }

  /** The receiver's events and the SII's own (NCA, ENC: credit notes that reference it), oldest first. */
  private listedEvents(document: DocumentRecord): ListedEvent[] {
    const recorded = this.context.records.events(document.RUTEmisor, document.TipoDTE, document.Folio)
      .map((event) => listed(event.codEvento, event.rutResponsable, new Date(event.at)));
    const notes = this.creditNotes(document).map((entry) => listed(entry.annuls ? 'NCA' : 'ENC', entry.note.RUTEmisor, entry.receivedAt));
    return [...recorded, ...notes].sort((first, second) => first.at.localeCompare(second.at));
  }
}

function listed(code: string, responsible: string, at: Date): ListedEvent {
  return { codEvento: code, descEvento: registryEventText(code), rutResponsable: normalRut(responsible), fechaEvento: registryDateTime(at), at: at.toISOString() };
}

/** `DD-MM-YYYY HH:MM:SS` in Chile, as fechaEvento and the reception date are written (manual, annex). */
export function registryDateTime(instant: Date): string {
  const [date = '', time = ''] = chileTimestamp(instant).split(' ');
  const [year, month, day] = date.split('-');
  return `${day}-${month}-${year} ${time}`;
}
