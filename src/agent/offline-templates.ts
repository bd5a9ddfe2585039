import type { CodeExplanation, CorrectionSuggestion, Diagnosis } from '../app/ports/index.ts';
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
export interface DocumentData {
  id: string;
  title: string;
  type: number;
  folio: number;
  state: string;
  trackId: string | null;
  codes: Array<{ code: string; message?: string }>;
}

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
    en: (what: string) => `I found no ${what} among your companies' documents.`,
  },
  approval: { es: 'Nada se emite ni se reenvía sin su aprobación.', en: 'Nothing is issued or sent again without your approval.' },
} as const;

function sourceText(source: KnowledgeHitData['sources'][number]): string {
  return [source.title, source.section].filter((part) => part !== undefined).join(', ');
}

/** "La nota de crédito 5 (id …) está en estado rejected." */
export function documentLine(document: DocumentData, language: Language): string {
  const track = document.trackId === null ? '' : language === 'es' ? `, track id ${document.trackId}` : `, track id ${document.trackId}`;
  return language === 'es'
    ? `${document.title} (id ${document.id}${track}) está en estado ${document.state}.`
    : `${document.title} (id ${document.id}${track}) is ${document.state}.`;
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
    const parts = language === 'es'
      ? [`Código ${explanation.code}: «${explanation.meaning}».`, cause ? `Causa probable: ${cause}` : '', fix ? `Solución habitual: ${fix}` : '', source ? `(Fuente: ${source}.)` : '']
      : [`Code ${explanation.code}: "${explanation.meaning}".`, cause ? `Likely cause: ${cause}` : '', fix ? `Usual fix: ${fix}` : '', source ? `(Source: ${source}.)` : ''];
    return parts.filter((part) => part !== '').join(' ');
  });
}

/** The findings of a diagnosis as a list. */
export function diagnosisLines(diagnosis: Diagnosis, language: Language): string[] {
  const heading = language === 'es' ? 'Lo que encontré en el documento:' : 'What I found in the document:';
  return [heading, ...diagnosis.findings.map((finding) => `- ${finding.text[language]}`)];
}

/** A correction: its changes, whether the core validated it, and the next step. */
export function correctionLines(suggestion: CorrectionSuggestion, language: Language): string[] {
  const lines = [language === 'es' ? `Corrección sugerida: ${suggestion.text.es}` : `Suggested correction: ${suggestion.text.en}`];
  for (const change of suggestion.changes) {
    lines.push(language === 'es'
      ? `- ${change.pointer}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`
      : `- ${change.pointer}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`);
  }
  if (suggestion.request !== undefined) {
    lines.push(language === 'es'
      ? 'La solicitud corregida pasó la validación del núcleo (sin folio: el servicio lo asigna). Está en las acciones, para su aprobación.'
      : 'The corrected request passed the core\'s validation (without folio: the service assigns it). It is in the actions, for your approval.');
  }
  return lines;
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
