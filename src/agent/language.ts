/** The languages the agent answers in. */
export type Language = 'es' | 'en';

const SPANISH = /[ñáéíóú¿¡]|\b(que|qué|cómo|como|por|para|una|el|la|los|las|es|mi|del|factura|nota|rechaz\w*|cuál|cuántos|puedo|lleva|hay|sé|corrijo|tengo|gracias|significa)\b/gi;
const ENGLISH = /\b(what|why|how|the|is|was|my|does|do|can|which|rejected|invoice|credit|note|fix|many|left|about|tell|me|thanks|thank|you|mean|means|hi|hello|hey|good|morning|vat|gross|net|amount|please|are|should|whats|will|it|in|to|on|and|of|for|with|this|that|we|our|did|who|when|where|plan|day|trip|tomorrow)\b/gi;

/** The asker's language: English when its words outnumber Spanish ones, else Spanish (most users). */
export function languageOf(text: string): Language {
  const spanish = text.match(SPANISH)?.length ?? 0;
  const english = text.match(ENGLISH)?.length ?? 0;
  return english > spanish ? 'en' : 'es';
}
