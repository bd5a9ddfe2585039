import { CLAIMS, REGISTRY_ACTIONS, type RegistryAction, type RegistryEventRecord } from './registry-records.ts';
import { registryAnswerText } from './sii-catalog.ts';
import { isValidRut } from './simulator-records.ts';

/**
 * The rules of the SII's registry of acceptances and claims, written from its manual ("Web Service de
 * Consulta y Registro de Aceptación/Reclamo a DTE recibido" v1.2, the validation column of each
 * operation's input table and its output table of codResp). Pure: the caller brings the document's
 * events, the times and who is asking.
 */

/** A codResp and the descResp sent with it. */
export interface RegistryAnswer {
  codResp: number;
  descResp: string;
}

/** The answer `code` with the catalog's wording; `claim` fills the manual's XXX (the claim recorded before). */
export function registryAnswer(code: number, claim?: string): RegistryAnswer {
  const text = registryAnswerText(code);
  return { codResp: code, descResp: claim === undefined ? text : text.replace('XXX', claim) };
}

/** The fields that name a document, as the call carried them (absent ones empty). */
export interface DocumentParameters {
  rutEmisor: string;
  dvEmisor: string;
  tipoDoc: string;
  folio: string;
}

/** A document named by issuer, type and folio. */
export interface DocumentName {
  RUTEmisor: string;
  TipoDTE: number;
  Folio: number;
}

/** The types the registry serves (manual, tipoDoc: 33, 34 and 43). */
export const REGISTRY_TYPES: ReadonlySet<number> = new Set([33, 34, 43]);

/** The eight calendar days of Ley 19.983 art. 4, as a span from the SII's reception (manual, rule 1). */
export const WINDOW_MS = 8 * 86_400_000;

/** Documents issued or received before this instant are outside the registry (codResp 10). */
export const REGISTRY_START = Date.parse('2017-01-14T00:00:00-03:00');

/**
 * Reads the document's fields in the order of the manual's table and refuses the first wrong one:
 * rutEmisor (numeric, at least 1000, at most eight digits) with dvEmisor (its modulo-11 digit, K
 * upper-case) → 1; tipoDoc (numeric, 33, 34 or 43) → `typeRefusal` (3; 20 for consultarDocDteCedible,
 * whose output table has "Tipo de documento no es cedible" instead); folio (numeric, up to ten digits,
 * not zero) → 2.
 */
export function readDocumentName(parameters: DocumentParameters, typeRefusal = 3): { ok: true; name: DocumentName } | { ok: false; answer: RegistryAnswer } {
  const body = parameters.rutEmisor.trim();
  const digit = parameters.dvEmisor.trim();
  if (!/^\d{1,8}$/.test(body) || Number(body) < 1000 || !/^[\dK]$/.test(digit) || !isValidRut(`${Number(body)}-${digit}`)) {
    return { ok: false, answer: registryAnswer(1) };
  }
  const type = parameters.tipoDoc.trim();
  if (!/^\d{1,2}$/.test(type) || !REGISTRY_TYPES.has(Number(type))) return { ok: false, answer: registryAnswer(typeRefusal) };
  const folio = parameters.folio.trim();
  if (!/^\d{1,10}$/.test(folio) || Number(folio) === 0) return { ok: false, answer: registryAnswer(2) };
  return { ok: true, name: { RUTEmisor: `${Number(body)}-${digit}`, TipoDTE: Number(type), Folio: Number(folio) } };
}

/** The action named by accionDoc, or codResp 4 (Acción inválida). */
export function readAction(text: string): { ok: true; action: RegistryAction } | { ok: false; answer: RegistryAnswer } {
  const action = REGISTRY_ACTIONS.find((candidate) => candidate === text.trim());
  return action === undefined ? { ok: false, answer: registryAnswer(4) } : { ok: true, action };
}

/** Whether `now` is within the eight days from the SII's reception. */
export function withinWindow(receivedAt: Date, now: Date): boolean {
  return now.getTime() - receivedAt.getTime() <= WINDOW_MS;
}

/**
 * Whether a new event may be recorded on a document within its eight days, by the manual's rules for
 * the events recorded before (ACD, ERM and the claims RCD, RFP, RFT; other events do not count):
 * - the same event again → 7 (Evento registrado previamente);
 * - after a claim: ERM → 6 and ACD → 12, naming the claim; another claim is recorded;
 * - after ACD: a claim → 11; ERM is recorded;
 * - after ERM: a claim → 13; ACD is recorded;
 * - with none of them, any action is recorded (0).
 */
export function decideAction(events: readonly RegistryEventRecord[], action: RegistryAction): RegistryAnswer {
  const recorded = new Set(events.map((event) => event.codEvento));
  if (recorded.has(action)) return registryAnswer(7);
  const claim = events.find((event) => CLAIMS.has(event.codEvento))?.codEvento;
  if (claim !== undefined) {
    if (action === 'ERM') return registryAnswer(6, claim);
    if (action === 'ACD') return registryAnswer(12, claim);
    return registryAnswer(0);
  }
  if (recorded.has('ACD') && CLAIMS.has(action)) return registryAnswer(11);
  if (recorded.has('ERM') && CLAIMS.has(action)) return registryAnswer(13);
  return registryAnswer(0);
}

/**
 * consultarDocDteCedible's answer: 21 when an annulling credit note of the issuer arrived within the
 * eight days; 24 when the receiver claimed it; 23 when the receiver gave the receipt of goods (ERM,
 * which Ley 19.983 art. 4 requires for ceding); else 22 while the eight days run (neither claim nor
 * receipt yet), and 25 after them (the receipt is presumed).
 */
export function cedibility(events: readonly RegistryEventRecord[], open: boolean, annulledInWindow: boolean): RegistryAnswer {
  if (annulledInWindow) return registryAnswer(21);
  if (events.some((event) => CLAIMS.has(event.codEvento))) return registryAnswer(24);
  if (events.some((event) => event.codEvento === 'ERM')) return registryAnswer(23);
  return registryAnswer(open ? 22 : 25);
}
