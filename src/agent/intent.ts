/**
 * What a question is, before anything is searched: a greeting, thanks, a calculation, or a question for
 * the tools (a document, a code, a rule). Greetings, thanks and calculations are answered the same way by
 * every engine (offline, or through a model), from fixed text and the core's totals code: a model is
 * neither needed nor trusted to do arithmetic. Everything else goes to the tools.
 */
import { compute, calculationLines, parseCalculation, type Calculation, type CalculationResult } from './calculation.ts';
import type { Language } from './language.ts';
import { PHRASES } from './offline-templates.ts';

/** The intents answered before the tools. */
export type DirectIntent =
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'calculation'; calculation: Calculation; result: CalculationResult };

/** A message that only thanks ("ok gracias", "muchas gracias!", "thanks"). */
const THANKS = /^(?:(?:ok|okay|oka|vale|listo|perfecto|genial|super|bueno|ya|dale|muchas|muchisimas|mil|thank|thanks|thx|ty|you|very|much|so|gracias|grax|grcs|po|eso|era|todo|a|lot|that|helped|helps|was|helpful|great|nice|me|sirvio|sirvió|ayudo|ayudó|la|ayuda)[\s,.!¡]*)+$/iu;
const THANKS_WORD = /\b(gracias|grax|grcs|thank|thanks|thx|ty)\b/iu;

/** Words a greeting is made of: a message of these alone, with one greeting word, is a greeting. */
const GREETING_WORDS = new Set([
  'hola', 'ola', 'holi', 'buenas', 'buenos', 'buen', 'dia', 'dias', 'tardes', 'noches', 'saludos', 'alo', 'hey', 'hi', 'hello', 'good', 'morning',
  'afternoon', 'evening', 'there', 'q', 'que', 'tal', 'como', 'estas', 'esta', 'una', 'un', 'consulta', 'pregunta', 'duda', 'tengo', 'me', 'puedes',
  'puede', 'ayudar', 'ayudarme', 'ayuda', 'help', 'hacer', 'haces', 'what', 'can', 'you', 'do', 'oye', 'estimado', 'estimados', 'señores', 'senores',
  'i', 'have', 'a', 'question', 'quick', 'y', 'tu', 'usted', 'sirves', 'para', 'pa', 'how', 'are', 'is', 'it', 'going',
]);
const GREETING_START = /^(?:hola+|ola|holi|buen(?:[oa]s?)?|saludos|al[oó]|hey+|hi|hello|good\s+(?:morning|afternoon|evening)|q\s+tal|que\s+tal)\b/u;

const folded = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** Whether the message only greets (or greets and asks what the agent can do), with no question of its own. */
export function isGreeting(question: string): boolean {
  const text = folded(question).trim();
  if (!GREETING_START.test(text)) return false;
  const words = text.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
  return words.length <= 12 && words.every((word) => GREETING_WORDS.has(word) || /^(?:hola+|hey+|buenas+)$/u.test(word));
}

/** Whether the message only thanks. */
export function isThanks(question: string): boolean {
  return THANKS.test(question.trim()) && THANKS_WORD.test(question);
}

/**
 * The intent answered before the tools, or undefined. A calculation is read only from a question that names
 * no document (`namesDocument`) and no SII code (`namesCode`): "el IVA de la factura 12" is a document question.
 */
export function directIntent(question: string, options: { namesDocument: boolean; namesCode: boolean }): DirectIntent | undefined {
  if (isThanks(question)) return { kind: 'thanks' };
  if (isGreeting(question)) return { kind: 'greeting' };
  if (options.namesDocument || options.namesCode) return undefined;
  const calculation = parseCalculation(question);
  return calculation === undefined ? undefined : { kind: 'calculation', calculation, result: compute(calculation) };
}

const HELP = {
  es: 'Hola. Puedo ayudarle con sus documentos (estado, montos, rechazos y cómo corregirlos: «¿por qué rechazaron la factura 12?»), '
    + 'con los códigos y estados del SII («¿qué es EPR?»), con reglas de facturación citando su fuente («¿cómo anulo una factura?») '
    + 'y con cálculos de IVA («¿cuánto es el IVA de 100.000?»).',
  en: 'Hello. I can help with your documents (state, amounts, rejections and how to fix them: "why was invoice 12 rejected?"), '
    + 'with SII codes and states ("what is EPR?"), with invoicing rules and their source ("how do I void an invoice?") '
    + 'and with VAT calculations ("what is the VAT on 100,000?").',
} as const;


/** The answer's lines for a direct intent. */
export function directLines(intent: DirectIntent, language: Language): string[] {
  if (intent.kind === 'thanks') return [PHRASES.thanks[language]];
  if (intent.kind === 'greeting') return [HELP[language]];
  return calculationLines(intent.result, language);
}
