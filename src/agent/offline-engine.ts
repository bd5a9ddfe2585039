import type {
  AgentOutcome, AnswerEngine, CodeExplanation, ConversationTurn, CorrectionSuggestion, Diagnosis, EngineAnswer,
} from '../app/ports/index.ts';
import { parseDocumentReference, type AgentTool, type ToolServices } from '../../tools/index.ts';
import { directIntent, directLines } from './intent.ts';
import { calculationLines } from './calculation.ts';
import { calculationResult, computeInput } from '../../tools/compute.ts';
import { isDocumentState, isFinal } from '../core/document-states.ts';
import { REGISTRY_TYPES } from '../core/document-kinds/index.ts';
import { languageOf, type Language } from './language.ts';
import {
  codeLines, correctionLines, detailLines, diagnosisLines, documentLine, documentName, knowledgeLines, PHRASES, unknownLine, type DocumentData, type KnowledgeHitData,
} from './offline-templates.ts';
import { AFTER_CLAIM_QUERY, asksRegistry, registryLines, type DocumentEventsData } from './registry-templates.ts';
import { ToolRecorder } from './tool-recorder.ts';
import { RECEIVED_QUESTION, receivedLines, type ReceivedDocumentData } from './received-lines.ts';

const TRACK_ID = /\btrack\s*(?:id)?\s*:?\s*(\d{5,20})\b/i;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
/** Words of a follow-up about the document of the conversation. */
const FOLLOW_UP = /\b(corrij\w*|correg\w*|arregl\w*|soluci\w*|fix\w*|correct\w*|estado|status|por qu[eé]|porq\w*|xq|pq|why|c[oó]digo|code|reintent\w*|retry|anul\w*)\b/i;
const STATE = /\b(estado|status|state)\b/i;
const CORRECTION = /\b(corrij\w*|correg\w*|arregl\w*|soluci\w*|fix\w*|correct\w*|anul\w*|cancel\w*)\b/i;
/** Questions about a document's amounts, its receiver, its validity. */
const TOTAL = /\b(total|monto|montos|neto|iva|cu[aá]nto|amount|how much)\b/i;
const RECEIVER = /\b(a\s+qui[eé]n|receptor|cliente|destinatario|receiver|customer|client|to\s+whom|issued\s+to|billed\s+to|who\s+(?:is|was)\s+it\s+(?:for|to)|who\s+did\s+(?:we|i)\s+(?:issue|bill|invoice|sell|send)\w*)\b/i;
const VALIDITY = /\b(v[aá]lid\w*|sirve|vale|valid\w*)\b/i;
const FOLIOS = /\bfolios?\b.*\b(quedan|queda|disponibles|left|tengo|have|cu[aá]ntos)\b|\b(cu[aá]ntos|how many)\b.*\bfolios?\b/i;
/** Words of the domain: a question with none of these and nothing found is off-topic. */
const DOMAIN = /\b(factur\w*|fact|fac|nc|nd|reclam\w*|multa\w*|honorario\w*|f29|formulario\w*|declar\w*|retenci[oó]n\w*|factoring|cedible|boleta\w*|nota\w*|iva|sii|dte|folio\w*|caf|timbre|gu[ií]a\w*|impuest\w*|tribut\w*|contab\w*|invoic\w*|tax\w*|vat|credit|debit|cr[eé]dito|d[eé]bito|rut|emisi[oó]n|emitir|anular|rechaz\w*|rechas\w*|reject\w*|envelope|sobre|acuse|cesi[oó]n|exenta|receipt|accounting|ppm|provisional\w*|renta|remuneraci[oó]n\w*|contador\w*)\b/i;

export interface OfflineEngineOptions {
  tools: readonly AgentTool<never>[];
  services: ToolServices;
  promptVersion: string;
  toolSetHash: string;
}

/**
 * The offline mode: answers from the tools alone, with templates in the asker's language. It finds
 * the document the question names (or the conversation's), explains its codes, runs the diagnosis and
 * the suggested correction; answers other questions from the confident knowledge entries, quoting rule
 * and source; says it does not know, with what it looked at, when nothing matches; declines off-topic
 * questions in one sentence. It says it is the offline mode. It never makes a fact up: every sentence
 * is a template over a tool's output.
 */
export function createOfflineEngine(options: OfflineEngineOptions): AnswerEngine {
  return {
    async answer(actor, question): Promise<EngineAnswer> {
      const started = performance.now();
      const language = languageOf(question.question);
      const tools = new ToolRecorder(options.tools, { actor, services: options.services });
      const { lines, outcome } = await compose(tools, question.question, question.documentId, question.history, language);
      return {
        answer: [PHRASES.offline[language], ...lines].join('\n'),
        mode: 'offline', outcome, citations: tools.citations, actions: tools.actions, toolCalls: tools.toolCalls,
        promptVersion: options.promptVersion, toolSetHash: options.toolSetHash,
        usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, steps: tools.toolCalls.length, latencyMs: Math.round(performance.now() - started) },
      };
    },
  };
}

async function compose(tools: ToolRecorder, question: string, documentId: string | undefined, history: readonly ConversationTurn[], language: Language): Promise<{ lines: string[]; outcome: AgentOutcome }> {
  const lookup = documentLookup(question, documentId, history, language);
  const codes = tools.context.services.explanations.codesIn(question);
  // Greetings, thanks and calculations are answered before any tool: a calculation only when no document or code is named.
  const direct = directIntent(question, { namesDocument: lookup !== undefined, namesCode: codes.length > 0 });
  if (direct?.kind === 'calculation') {
    // The figures come from the compute tool (the one a model calls), which cites the rate's source.
    const computed = await tools.call<Record<string, number | string>>('compute', computeInput(direct.calculation));
    const lines = computed === undefined ? directLines(direct, language) : calculationLines(calculationResult(computed), language);
    return { lines, outcome: 'answered' };
  }
  if (direct !== undefined) return { lines: directLines(direct, language), outcome: 'answered' };
  if (lookup === undefined && RECEIVED_QUESTION.test(question) && tools.context.services.received !== undefined) {
    const received = await tools.call<{ documents: ReceivedDocumentData[] }>('list_received_documents', { limit: 10 });
    if (received !== undefined) return { lines: receivedLines(received.documents, language), outcome: 'answered' };
  }
  if (lookup !== undefined) {
    const found = await tools.call<{ documents: DocumentData[] }>('find_document', lookup.input);
    const document = found?.documents[0];
    if (document === undefined) return { lines: [PHRASES.notFound[language](lookup.label)], outcome: 'unknown' };
    return { lines: await aboutDocument(tools, document, question, language), outcome: 'answered' };
  }
  const lines: string[] = [];
  let knownCodes = false;
  if (codes.length > 0) {
    const explained = await tools.call<{ explanations: CodeExplanation[] }>('explain_sii_codes', { codes: codes.slice(0, 20) });
    lines.push(...codeLines(explained?.explanations ?? [], language));
    knownCodes = (explained?.explanations ?? []).some((explanation) => explanation.known);
  }
  if (FOLIOS.test(question)) {
    const folios = await tools.call<{ companies: Array<{ companyRut: string; folios: Array<{ type: number; left: number; cafs: number }> }> }>('folios_left', {});
    for (const company of folios?.companies ?? []) {
      const counts = company.folios.map((entry) => `${entry.type}: ${entry.left}`).join(', ') || (language === 'es' ? 'ninguno' : 'none');
      lines.push(language === 'es' ? `Folios disponibles de ${company.companyRut} por tipo: ${counts}.` : `Folios left for ${company.companyRut} by type: ${counts}.`);
    }
  }
  // A question about a code the catalog knows is answered from the catalog: a knowledge entry that
  // matches its other words ("mi factura dice …") would be a loose match.
  if (knownCodes) return { lines, outcome: 'answered' };
  const search = await tools.call<{ hits: KnowledgeHitData[] }>('search_knowledge', { query: question.slice(0, 300), limit: 4 });
  const confident = (search?.hits ?? []).filter((hit) => hit.confident).slice(0, 2);
  lines.push(...knowledgeLines(confident, language));
  if (lines.length > 0) return { lines, outcome: 'answered' };
  if (!DOMAIN.test(question)) return { lines: [PHRASES.decline[language]], outcome: 'declined' };
  const near = nearestHit(search?.hits ?? []);
  if (near !== undefined) {
    // Not confident, but clearly the best of the base: quoted as the closest entry, said to be a partial match.
    tools.citations.push({ kind: 'knowledge', id: near.id, title: near.title });
    return { lines: [PHRASES.nearest[language], ...knowledgeLines([near], language)], outcome: 'answered' };
  }
  const lookedAt = language === 'es'
    ? ['la base de conocimiento (búsqueda léxica de la pregunta)', 'los códigos SII mencionados (ninguno)', 'los documentos nombrados (ninguno)']
    : ['the knowledge base (a lexical search of the question)', 'the SII codes mentioned (none)', 'the documents named (none)'];
  return { lines: [unknownLine(lookedAt, (search?.hits ?? []).slice(0, 3), language)], outcome: 'unknown' };
}

/**
 * The closest entry when no hit is confident: its lexical score at least NEAR_SCORE and ahead of the
 * runner-up by NEAR_LEAD. Fitted on the tuning suite and the first held-out split (never on the sealed
 * one): there the best non-confident hit was the right entry for 14 more held-out questions, and the
 * tuning suite's "No sé" questions stayed "No sé" (their best hits are below the score or tied).
 */
const NEAR_SCORE = 300;
const NEAR_LEAD = 1.05;

export function nearestHit(hits: readonly (KnowledgeHitData & { score?: number })[]): KnowledgeHitData | undefined {
  const [best, second] = hits;
  if (best?.score === undefined || best.score < NEAR_SCORE) return undefined;
  return second?.score === undefined || best.score >= NEAR_LEAD * second.score ? best : undefined;
}

/** Which document the question is about: given, named in it, or the conversation's (on a follow-up). */
function documentLookup(question: string, documentId: string | undefined, history: readonly ConversationTurn[], language: Language): { input: Record<string, unknown>; label: string } | undefined {
  const byId = (id: string): string => (language === 'es' ? `el documento ${id.slice(0, 60)}` : `document ${id.slice(0, 60)}`);
  if (documentId !== undefined) return { input: { documentId }, label: byId(documentId) };
  const id = UUID.exec(question)?.[0];
  if (id !== undefined) return { input: { documentId: id }, label: byId(id) };
  const track = TRACK_ID.exec(question)?.[1];
  if (track !== undefined) return { input: { trackId: track }, label: language === 'es' ? `el envío con track id ${track}` : `upload with track id ${track}` };
  const named = parseDocumentReference(question);
  if (named !== undefined) return { input: { type: named.type, folio: named.folio }, label: documentName(named.type, named.folio, language) };
  const previous = [...history].reverse().find((turn) => turn.documentId !== undefined)?.documentId;
  if (previous !== undefined && (FOLLOW_UP.test(question) || asksRegistry(question))) return { input: { documentId: previous }, label: byId(previous) };
  return undefined;
}

/** What the receiver did with the document and until when it may act (get_document_events), and after a claim what to do (knowledge). */
async function aboutRegistry(tools: ToolRecorder, document: DocumentData, language: Language): Promise<string[] | undefined> {
  const events = await tools.call<DocumentEventsData>('get_document_events', { documentId: document.id });
  if (events === undefined) return undefined;
  const lines = [documentLine(document, language), ...registryLines(events, documentName(document.type, document.folio, language), language)];
  if (events.receiverStatus === 'claimed') {
    const search = await tools.call<{ hits: KnowledgeHitData[] }>('search_knowledge', { query: AFTER_CLAIM_QUERY, limit: 1 });
    lines.push(...knowledgeLines((search?.hits ?? []).filter((hit) => hit.confident).slice(0, 1), language));
  }
  return lines;
}

async function aboutDocument(tools: ToolRecorder, document: DocumentData, question: string, language: Language): Promise<string[]> {
  if (asksRegistry(question) && REGISTRY_TYPES.has(document.type)) {
    const registry = await aboutRegistry(tools, document, language);
    if (registry !== undefined) return registry;
  }
  const lines = [documentLine(document, language)];
  if (STATE.test(question)) {
    const status = await tools.call<{ sii?: { state: string; meaning?: string } }>('get_document_status', { documentId: document.id, refresh: true });
    lines.push(status?.sii === undefined
      ? (language === 'es' ? 'No pude consultar al SII el estado actual; indico el estado guardado.' : 'I could not ask the SII for the current state; I give the stored one.')
      : (language === 'es' ? `El SII responde ahora (QueryEstDte): ${status.sii.state} — ${status.sii.meaning ?? ''}` : `The SII answers now (QueryEstDte): ${status.sii.state} — ${status.sii.meaning ?? ''}`));
  }
  const codes = document.codes.map((code) => code.code).slice(0, 20);
  if (codes.length > 0) {
    const explained = await tools.call<{ explanations: CodeExplanation[] }>('explain_sii_codes', { codes });
    lines.push(...codeLines(explained?.explanations ?? [], language));
  }
  const diagnosis = await tools.call<Diagnosis>('diagnose_document', { documentId: document.id });
  lines.push(...detailLines(document, diagnosis, { total: TOTAL.test(question), receiver: RECEIVER.test(question) }, language));
  if (document.state === 'accepted_with_repairs' && VALIDITY.test(question)) {
    // What a reparo is comes from the knowledge base, quoted only when an entry answers the question.
    const search = await tools.call<{ hits: KnowledgeHitData[] }>('search_knowledge', { query: question.slice(0, 300), limit: 2 });
    lines.push(...knowledgeLines((search?.hits ?? []).filter((hit) => hit.confident).slice(0, 1), language));
  }
  if (diagnosis !== undefined) lines.push(...diagnosisLines(diagnosis, language));
  const accepted = isDocumentState(document.state) && isFinal(document.state);
  const wantsCorrection = document.state === 'rejected' || (accepted && CORRECTION.test(question));
  if (wantsCorrection) {
    const suggestion = await tools.call<CorrectionSuggestion>('suggest_correction', { documentId: document.id });
    if (suggestion !== undefined) lines.push(...correctionLines(suggestion, language));
  }
  if (document.state === 'failed') {
    const offered = await tools.call<{ offered: boolean; text?: { es: string; en: string } }>('retry_submission', { documentId: document.id });
    if (offered?.offered) lines.push(language === 'es' ? 'Puedo ofrecer reintentar el envío: está en las acciones.' : 'I can offer to retry the upload: it is in the actions.');
    else if (offered?.text !== undefined) lines.push(offered.text[language]);
  }
  if (wantsCorrection || document.state === 'failed') lines.push(PHRASES.approval[language]);
  return lines;
}
