import type { TokenCheck } from './authentication.ts';
import { envelopeStateText, envelopeSubcodeText } from './sii-catalog.ts';
import { errorElement, field, linedRespuesta } from './sii-respuesta.ts';
import { normalRut, type EnvelopeRecord, type EnvelopeState, type HoldState } from './simulator-records.ts';
import type { SimulatorState } from './simulator-state.ts';

/**
 * QueryEstUp's getEstUp: the state of an envelope by track id. An envelope moves through the SII's
 * intermediate states as time passes (REC received, SOK schema validated, FOK envelope signature
 * validated, CRT Caratula OK, PRD in process) and ends in EPR (processed; the verdict is in the per-type
 * counts) or in an envelope-level rejection: RSC (schema) after REC, RFR (signature) after SOK, RCT
 * (Caratula) after FOK. The state is computed from the reception time and the step durations recorded
 * with the envelope, so it needs no timer and survives a restart.
 */

/** The states each ending passes through before it is shown. */
const PATHS: Readonly<Record<'EPR' | 'RSC' | 'RFR' | 'RCT', ReadonlyArray<keyof EnvelopeRecord['steps']>>> = {
  RSC: ['REC'],
  RFR: ['REC', 'SOK'],
  RCT: ['REC', 'SOK', 'FOK'],
  EPR: ['REC', 'SOK', 'FOK', 'CRT', 'PRD'],
};

/** The real GLOSA of EPR, as written in the transcribed answers (without the accent the catalog adds). */
const EPR_GLOSA = 'Envio Procesado';

/**
 * The envelope's state at `now`. An envelope not yet processed stays REC whatever the clock says; a
 * held one goes through the states up to its hold's and stays there. Once released and processed, it
 * goes on from there: the states after the held one on its path, each for its step, from the release.
 */
export function envelopeStateAt(record: EnvelopeRecord, now: Date): EnvelopeState {
  const { hold, verdict } = record;
  if (verdict === undefined) return hold === undefined ? 'REC' : heldStateAt(record, hold.state, now);
  let path = PATHS[verdict.state];
  let start = Date.parse(record.receivedAt);
  if (hold?.releasedAt !== undefined) {
    const held = path.indexOf(hold.state);
    path = held === -1 ? [] : path.slice(held + 1);
    start = Date.parse(hold.releasedAt);
  }
  const elapsed = now.getTime() - start;
  let boundary = 0;
  for (const state of path) {
    boundary += record.steps[state];
    if (elapsed < boundary) return state;
  }
  return verdict.state;
}

/** A held envelope's state: the steps of an accepted envelope's path up to the held state, which it keeps. */
function heldStateAt(record: EnvelopeRecord, held: HoldState, now: Date): EnvelopeState {
  const elapsed = now.getTime() - Date.parse(record.receivedAt);
  let boundary = 0;
  for (const state of PATHS.EPR) {
    if (state === held) return held;
    boundary += record.steps[state];
    if (elapsed < boundary) return state;
  }
  return held;
}

/** What getEstUp needs. */
export interface EnvelopeQuery {
  state: SimulatorState;
  now: Date;
  /** NUM_ATENCION, `532 ( 2004/06/14 16:44:20)`. */
  attention: string;
  /** Whether to add the per-document DETALLE_REP_RECH extension. */
  documentDetails: boolean;
}

/** The token answers of getEstUp (catalog: 002 Token Inactivo, 003 Token No Existe). */
function tokenAnswer(check: Exclude<TokenCheck, { ok: true }>): string {
  const code = check.reason === 'expired' ? '002' : '003';
  return linedRespuesta([field('ESTADO', code), field('GLOSA', envelopeStateText(code))]);
}

/** ESTADO -11 with ERR_CODE 1: the envelope is not the company's, or the parameters are missing. */
function notFoundAnswer(trackId: string): string {
  return linedRespuesta([
    field('TRACKID', trackId),
    field('ESTADO', '-11'),
    field('GLOSA', envelopeSubcodeText('ERR_CODE', '1')),
    field('ERR_CODE', '1'),
    field('SQL_CODE', '0'),
    field('SRV_CODE', '1'),
  ]);
}

/** The per-document results of a processed envelope, as the simulator's DETALLE_REP_RECH extension. */
function documentDetails(record: EnvelopeRecord): string[] {
  return (record.verdict?.documents ?? [])
    .filter((document) => document.outcome !== 'ACE')
    .map((document) => [
      '<DETALLE_REP_RECH>',
      field('TIPO_DOCTO', document.TipoDTE),
      field('FOLIO', document.Folio),
      field('ESTADO', document.outcome),
      field('DESCRIPCION', document.outcome === 'RCH' ? 'Dte Rechazado' : 'Dte Aceptado con Reparos'),
      ...document.errors.map(errorElement),
      '</DETALLE_REP_RECH>',
    ].join(''));
}

/** Answers getEstUp(RutCompania, DvCompania, TrackId, Token). */
export function queryEnvelope(companyRut: string, trackId: string, token: TokenCheck, query: EnvelopeQuery): string {
  if (!token.ok) return tokenAnswer(token);
  const record = /^\d+$/.test(trackId.trim()) ? query.state.envelope(Number(trackId)) : undefined;
  if (record === undefined || normalRut(record.companyRut) !== normalRut(companyRut)) return notFoundAnswer(trackId);
  const state = envelopeStateAt(record, query.now);
  const header = [
    field('TRACKID', trackId.trim()),
    field('ESTADO', state),
    field('GLOSA', state === 'EPR' ? EPR_GLOSA : envelopeStateText(state)),
    field('NUM_ATENCION', query.attention),
  ];
  const verdict = record.verdict;
  if (verdict === undefined || state !== verdict.state) return linedRespuesta(header);
  if (state !== 'EPR') return linedRespuesta(header, query.documentDetails ? verdict.errors.map(errorElement) : []);
  const counts = verdict.counts.map((count) =>
    `${field('TIPO_DOCTO', count.TipoDTE)}${field('INFORMADOS', count.informados)}${field('ACEPTADOS', count.aceptados)}${field('RECHAZADOS', count.rechazados)}${field('REPAROS', count.reparos)}`);
  return linedRespuesta(header, [...counts, ...(query.documentDetails ? documentDetails(record) : [])]);
}
