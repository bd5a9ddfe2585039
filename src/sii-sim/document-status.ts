import type { TokenCheck } from './authentication.ts';
import type { SimulatedCompany } from './caratula-checks.ts';
import { documentErrorCode, documentStateText } from './sii-catalog.ts';
import { compactRespuesta, field } from './sii-respuesta.ts';
import { normalRut, type DocumentRecord } from './simulator-records.ts';
import type { SimulatorState } from './simulator-state.ts';

/**
 * QueryEstDte's getEstDte: what the SII knows of one document, compared with the data the caller
 * gives. Answers with the catalog's states (queryestdte_estado): DOK when the data match what was
 * received, DNK when they do not, FAU when the document was not received (or was rejected), FNA when
 * no authentic CAF the SII has seen authorises the folio, EMP when the company is not authorised, and
 * the states that say a received note modifies it (ANC/AND annul, MMC/MMD amounts, TMC/TMD text).
 * The answer's header carries ESTADO, GLOSA_ESTADO, ERR_CODE, GLOSA_ERR and NUM_ATENCION, the fields
 * clients read from the real one.
 */

/** getEstDte's parameters, as strings from the SOAP call. */
export interface DocumentQueryParameters {
  RutCompania: string;
  DvCompania: string;
  RutReceptor: string;
  DvReceptor: string;
  TipoDte: string;
  FolioDte: string;
  /** DDMMAAAA. */
  FechaEmisionDte: string;
  MontoDte: string;
}

/** What getEstDte needs. */
export interface DocumentQuery {
  state: SimulatorState;
  companies: ReadonlyMap<string, SimulatedCompany>;
  attention: string;
}

function answer(estado: string, detail: string, attention: string): string {
  const errorCode = documentErrorCode(estado);
  return compactRespuesta([
    field('ESTADO', estado),
    field('GLOSA_ESTADO', documentStateText(estado)),
    ...(errorCode === undefined ? [] : [field('ERR_CODE', errorCode)]),
    field('GLOSA_ERR', detail),
    field('NUM_ATENCION', attention),
  ]);
}

/** The note that modifies the document most (annulment, then amounts, then text), the latest first. */
function modification(notes: readonly DocumentRecord[], target: DocumentRecord): string | undefined {
  const codes = notes.flatMap((note) => note.references
    .filter((reference) => Number(reference.TpoDocRef) === target.TipoDTE && Number(reference.FolioRef) === target.Folio)
    .map((reference) => ({ codRef: reference.CodRef, credit: note.TipoDTE === 61 || note.TipoDTE === 112 })));
  for (const [codRef, credit, debit] of [[1, 'ANC', 'AND'], [3, 'MMC', 'MMD'], [2, 'TMC', 'TMD']] as const) {
    const found = codes.findLast((code) => code.codRef === codRef);
    if (found !== undefined) return found.credit ? credit : debit;
  }
  return undefined;
}

/** `DDMMAAAA` as `AAAA-MM-DD`, or undefined when it is not a date. */
function isoDate(text: string): string | undefined {
  const match = /^(\d{2})(\d{2})(\d{4})$/.exec(text.trim());
  return match === null ? undefined : `${match[3]}-${match[2]}-${match[1]}`;
}

/** Answers getEstDte once the token has been checked. */
export function queryDocument(parameters: DocumentQueryParameters, token: TokenCheck, query: DocumentQuery): string {
  if (!token.ok) {
    const code = token.reason === 'expired' ? '002' : token.reason === 'missing' ? '001' : '003';
    return compactRespuesta([field('ESTADO', code), field('GLOSA_ESTADO', documentStateText(code))]);
  }
  const company = normalRut(`${parameters.RutCompania}-${parameters.DvCompania}`);
  const type = Number(parameters.TipoDte);
  const folio = Number(parameters.FolioDte);
  const date = isoDate(parameters.FechaEmisionDte);
  const amount = Number(parameters.MontoDte);
  if (!Number.isInteger(type) || !Number.isInteger(folio) || date === undefined || !Number.isFinite(amount)) {
    return compactRespuesta([field('ESTADO', '-2'), field('GLOSA_ESTADO', documentStateText('-2')), field('GLOSA_ERR', 'TipoDte, FolioDte, FechaEmisionDte (DDMMAAAA) or MontoDte is not valid.')]);
  }
  if (query.companies.size > 0 && !query.companies.has(company)) return answer('EMP', `${company} is not a company the simulator knows.`, query.attention);
  const record = query.state.document(company, type, folio);
  if (record === undefined) {
    return query.state.cafCovers(company, type, folio)
      ? answer('FAU', `DTE ${type} folio ${folio} of ${company} has not been received.`, query.attention)
      : answer('FNA', `No CAF the SII knows authorises folio ${folio} of type ${type} for ${company}.`, query.attention);
  }
  const differences: string[] = [];
  const receiver = normalRut(`${parameters.RutReceptor}-${parameters.DvReceptor}`);
  if (receiver !== normalRut(record.RUTRecep)) differences.push(`RutReceptor ${receiver} <> ${record.RUTRecep}`);
  if (date !== record.FchEmis) differences.push(`FechaEmision ${date} <> ${record.FchEmis}`);
  if (amount !== record.MntTotal) differences.push(`Monto ${amount} <> ${record.MntTotal}`);
  if (differences.length > 0) return answer('DNK', differences.join('; '), query.attention);
  const modified = modification(query.state.notesReferencing(company, type, folio), record);
  return answer(modified ?? 'DOK', modified === undefined ? documentStateText('DOK') : documentStateText(modified), query.attention);
}
