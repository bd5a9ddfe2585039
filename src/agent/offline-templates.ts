import { spokenName } from '../core/document-kinds/index.ts';
import type { CodeExplanation, CorrectionSuggestion, Diagnosis, DocumentSummary } from '../app/ports/index.ts';
import { DOCUMENT_STATE_MACHINE, isDocumentState } from '../core/document-states.ts';
import type { Language } from './language.ts';

/** One knowledge hit as search_knowledge returns it. */
export interface KnowledgeHitData {
  id: string;
  title: string;
  rule: string;
  ruleEn?: string;
  sources: Array<{ title: string; section?: string; file?: string; url?: string }>;
  confident: boolean;
}

/** One document as find_document returns it. */
export type DocumentData = DocumentSummary;

/** The offline mode's fixed sentences, in both languages. */
export const PHRASES = {
  offline: {
    es: 'Modo sin conexión (offline): respondo solo con las herramientas del servicio, sin un modelo de lenguaje.',
    en: 'Offline mode: I answer from the service\'s tools alone, without a language model.',
  },
  decline: {
    es: 'Solo puedo ayudar con facturación electrónica, el SII, impuestos y contabilidad.',
    en: 'I can only help with electronic invoicing, the SII, taxes and accounting.',
  },
  notFound: {
    es: (what: string) => `No encontré ${what} entre los documentos de sus empresas.`,
    en: (what: string) => `I could not find ${what} among your companies' documents.`,
  },
  nearest: {
    es: 'No encontré una regla que responda con seguridad; la entrada más cercana de la base de conocimiento (coincidencia parcial, verifique que sea su caso):',
    en: 'I found no rule that answers this with certainty; the closest entry of the knowledge base (a partial match, check that it fits your case):',
  },
  approval: { es: 'Nada se emite ni se reenvía sin su aprobación.', en: 'Nothing is issued or sent again without your approval.' },
  thanks: {
    es: 'De nada. Si tiene otra duda de facturación, el SII o impuestos, pregunte no más.',
    en: 'You\'re welcome. Ask again whenever you have another question about invoicing, the SII or taxes.',
  },
} as const;

/** A state in the answer's language, with the stored value beside it where they differ: "aceptado (accepted)". */
export function stateName(state: string, language: Language): string {
  const name = isDocumentState(state) ? DOCUMENT_STATE_MACHINE[state].names[language] : undefined;
  return name === undefined || name === state ? state : `${name} (${state})`;
}

/** "la factura 12", "la nota de crédito 5", "invoice 12": the registry's short names, all feminine in Spanish. */
export function documentName(type: number, folio: number, language: Language): string {
  const name = spokenName(type, language, 'short');
  if (name === undefined) return language === 'es' ? `el documento tipo ${type} folio ${folio}` : `document type ${type} folio ${folio}`;
  return language === 'es' ? `la ${name} ${folio}` : `${name} ${folio}`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Pesos as Chilean invoices write them: "$41.650". */
function pesos(amount: number): string {
  return `$${Math.round(amount).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
}

/** What the catalog's table says a code is, for codes that are states or statuses rather than rejection details. */
const TABLE_NAMES: Readonly<Record<string, { es: string; en: string }>> = {
  upload_status: { es: 'STATUS de la subida al SII (DTEUpload)', en: 'SII upload STATUS (DTEUpload)' },
  queryestup_estado: { es: 'estado del envío (QueryEstUp)', en: 'state of an upload (QueryEstUp)' },
  queryestdte_estado: { es: 'estado del documento en el SII (QueryEstDte)', en: 'state of a document at the SII (QueryEstDte)' },
  boleta_rest_envio_estado: { es: 'estado del envío de boletas (REST)', en: 'state of a boleta upload (REST)' },
  crseed_estado: { es: 'estado de la semilla (getSeed)', en: 'state of the seed request (getSeed)' },
  gettoken_estado: { es: 'estado del token (getToken)', en: 'state of the token request (getToken)' },
  registroreclamo_codResp: { es: 'codResp del registro de aceptación y reclamos', en: 'codResp of the SII\'s acceptance and claims registry' },
  wsdtecorreo_estado: { es: 'estado del reenvío por correo (wsDTECorreo)', en: 'state of the e-mail resend (wsDTECorreo)' },
  respuesta_dte_intercambio: { es: 'RespuestaDTE del intercambio', en: 'RespuestaDTE of the exchange' },
};

function sourceText(source: KnowledgeHitData['sources'][number]): string {
  return [source.title, source.section].filter((part) => part !== undefined).join(', ');
}

/** "Nota de crédito 5 (id …) está en estado rechazado (rejected).", "Credit note 5 (id …) is rejected." */
export function documentLine(document: DocumentData, language: Language): string {
  const track = document.trackId === null ? '' : `, track id ${document.trackId}`;
  const line = language === 'es'
    ? `${document.title} (id ${document.id}${track}) está en estado ${stateName(document.state, language)}.`
    : `${capitalized(spokenName(document.type, 'en', 'short') === undefined ? document.title : documentName(document.type, document.folio, 'en'))} (id ${document.id}${track}) is ${stateName(document.state, 'en')}.`;
  if (document.state !== 'accepted_with_repairs') return line;
  // Every type the registry names (factura, boleta, guía, nota, liquidación) is feminine.
  const feminine = spokenName(document.type, 'es', 'short') !== undefined;
  const below = document.codes.length > 0;
  return language === 'es'
    ? `${line} El SII ${feminine ? 'la' : 'lo'} aceptó: es ${feminine ? 'válida' : 'válido'}, con reparos (observaciones)${below ? ', que explico abajo' : ''}.`
    : `${line} The SII accepted it: it is valid, with repairs (observations)${below ? ', explained below' : ''}.`;
}

/** The total and the receiver of a document, when asked, from what find_document and diagnose_document returned. */
export function detailLines(document: DocumentData, diagnosis: Diagnosis | undefined, asked: { total: boolean; receiver: boolean }, language: Language): string[] {
  const lines: string[] = [];
  const totals = document.totals;
  if (asked.total && totals?.MntTotal !== undefined) {
    const parts = Object.entries({ MntNeto: totals.MntNeto, MntExe: totals.MntExe, IVA: totals.IVA })
      .flatMap(([name, amount]) => (amount === undefined ? [] : [`${name} ${pesos(amount)}`]));
    const detail = parts.length === 0 ? '' : ` (${parts.join(', ')})`;
    lines.push(language === 'es' ? `Su monto total (MntTotal) es ${pesos(totals.MntTotal)}${detail}.` : `Its total (MntTotal) is ${pesos(totals.MntTotal)}${detail}.`);
  } else if (asked.total) {
    lines.push(language === 'es' ? 'Las herramientas no me dieron sus montos.' : 'The tools did not give me its amounts.');
  }
  if (asked.receiver && diagnosis !== undefined) {
    lines.push(language === 'es'
      ? `Receptor, como lo indica el documento: RUT ${diagnosis.receiver.rut}, razón social «${diagnosis.receiver.name}».`
      : `Receiver, as the document states it: RUT ${diagnosis.receiver.rut}, name "${diagnosis.receiver.name}".`);
  } else if (asked.receiver) {
    lines.push(language === 'es' ? 'No pude leer el receptor del documento.' : 'I could not read the document\'s receiver.');
  }
  return lines;
}

/** A code's meaning, cause, fix and source, or "not in the catalog". */
export function codeLines(explanations: readonly CodeExplanation[], language: Language): string[] {
  return explanations.map((explanation) => {
    if (!explanation.known) {
      return language === 'es' ? `Código ${explanation.code}: no está en el catálogo del proyecto; no sé qué significa.` : `Code ${explanation.code}: not in the project's catalog; I do not know what it means.`;
    }
    const guidance = explanation.guidance;
    const source = guidance?.sources[0] ? sourceText(guidance.sources[0]) : explanation.source;
    const cause = guidance ? (language === 'en' ? guidance.causeEn ?? guidance.cause : guidance.cause) : undefined;
    const fix = guidance ? (language === 'en' ? guidance.fixEn ?? guidance.fix : guidance.fix) : undefined;
    const table = explanation.table === undefined ? undefined : TABLE_NAMES[explanation.table]?.[language];
    const label = table === undefined ? explanation.code : `${explanation.code}, ${table}`;
    const parts = language === 'es'
      ? [`Código ${label}: «${explanation.meaning}».`, cause ? `Causa probable: ${cause}` : '', fix ? `Solución habitual: ${fix}` : '', source ? `(Fuente: ${source}.)` : '']
      : [`Code ${label}: "${explanation.meaning}".`, cause ? `Likely cause: ${cause}` : '', fix ? `Usual fix: ${fix}` : '', source ? `(Source: ${source}.)` : ''];
    return parts.filter((part) => part !== '').join(' ');
  });
}

/** "estado accepted" in a finding's Spanish text as "estado aceptado (accepted)": the state in the answer's language. */
function withSpanishStates(text: string): string {
  return text.replace(/\bestado (accepted_with_repairs|accepted|rejected|signed|queued|submitted|failed)\b/g, (_, state: string) => `estado ${stateName(state, 'es')}`);
}

/** The findings of a diagnosis as a list. */
export function diagnosisLines(diagnosis: Diagnosis, language: Language): string[] {
  const heading = language === 'es' ? 'Lo que encontré en el documento:' : 'What I found in the document:';
  return [heading, ...diagnosis.findings.map((finding) => `- ${language === 'es' ? withSpanishStates(finding.text.es) : finding.text.en}`)];
}

/** A correction: its changes, whether the core validated it, and the next step. */
export function correctionLines(suggestion: CorrectionSuggestion, language: Language): string[] {
  const lines = [language === 'es' ? `Corrección sugerida: ${suggestion.text.es}` : `Suggested correction: ${suggestion.text.en}`];
  for (const change of suggestion.changes) lines.push(changeLine(change));
  if (suggestion.request !== undefined) {
    lines.push(language === 'es'
      ? 'La solicitud corregida pasó la validación del núcleo (sin folio: el servicio lo asigna). Está en las acciones, para su aprobación.'
      : 'The corrected request passed the core\'s validation (without folio: the service assigns it). It is in the actions, for your approval.');
  }
  return lines;
}

/** One change of a correction: `+ pointer: value` added, `− pointer` removed, `pointer: old → new` replaced. */
function changeLine(change: CorrectionSuggestion['changes'][number]): string {
  const empty = (value: unknown) => value === undefined || value === null || (Array.isArray(value) && value.length === 0);
  if (empty(change.from) && !empty(change.to)) return `+ ${change.pointer}: ${JSON.stringify(change.to)}`;
  if (!empty(change.from) && empty(change.to)) return `− ${change.pointer}`;
  return `- ${change.pointer}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`;
}

/** The best confident knowledge entries, quoting rule and source. */
export function knowledgeLines(hits: readonly KnowledgeHitData[], language: Language): string[] {
  return hits.map((hit) => {
    const rule = language === 'en' ? hit.ruleEn ?? hit.rule : hit.rule;
    const source = hit.sources.map(sourceText).join('; ');
    return language === 'es'
      ? `Según «${hit.title}» (${hit.id}): ${rule} Fuente: ${source}.`
      : `Per "${hit.title}" (${hit.id}): ${rule} Source: ${source}.`;
  });
}

/** "I don't know", with what was looked at. */
export function unknownLine(lookedAt: readonly string[], guesses: readonly KnowledgeHitData[], language: Language): string {
  const maybe = guesses.length === 0 ? '' : language === 'es'
    ? ` Temas cercanos, sin seguridad: ${guesses.map((hit) => `«${hit.title}»`).join(', ')}.`
    : ` Nearby topics, not certain: ${guesses.map((hit) => `"${hit.title}"`).join(', ')}.`;
  return language === 'es'
    ? `No sé. Revisé ${lookedAt.join(', ')} y no encontré nada seguro que responda la pregunta.${maybe}`
    : `I don't know. I looked at ${lookedAt.join(', ')} and found nothing certain that answers the question.${maybe}`;
}
