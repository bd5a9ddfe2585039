/**
 * The offline mode's sentences about the documents suppliers sent (list_received_documents): each a
 * template over the tool's output, in the asker's language. The supplier's name is their text, quoted.
 */
import type { Language } from './language.ts';

/** Questions about what suppliers sent: "¿qué facturas me llegaron?", "facturas recibidas", "what invoices did we receive?". */
export const RECEIVED_QUESTION = /\b(me\s+llegaron|nos\s+llegaron|llegaron|han\s+llegado|recibid[oa]s|recib[ií]|recibimos|de\s+(?:mis\s+|los\s+)?proveedores|received|from\s+(?:our\s+|my\s+)?suppliers?)\b/i;

/** A received document as list_received_documents gives it. */
export interface ReceivedDocumentData {
  title?: string;
  issuerRut?: string;
  issuerName?: string;
  total?: number;
  state: string;
  deadline?: string;
  receivedAt: string;
  refusal?: string;
}

const STATES: Record<string, { es: string; en: string }> = {
  received: { es: 'espera su decisión', en: 'waiting for your decision' },
  refused: { es: 'rechazado en la recepción', en: 'refused at reception' },
  accepted: { es: 'aceptado', en: 'accepted' },
  accepted_with_discrepancies: { es: 'aceptado con discrepancias', en: 'accepted with discrepancies' },
  rejected: { es: 'reclamado', en: 'rejected (claimed)' },
};

function pesos(amount: number): string {
  return `$${Math.round(amount).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
}

/** The deadline as a day in Chile (dd-mm). */
function day(iso: string): string {
  const [, month, date] = new Date(iso).toLocaleDateString('en-CA', { timeZone: 'America/Santiago' }).split('-');
  return `${date}-${month}`;
}

/** One line per document, after a line that counts them; a line saying there are none when so. */
export function receivedLines(documents: readonly ReceivedDocumentData[], language: Language): string[] {
  if (documents.length === 0) return [language === 'es' ? 'No hay documentos recibidos de proveedores registrados.' : 'There are no documents received from suppliers on record.'];
  const lines = [language === 'es' ? `Documentos recibidos de proveedores (los ${documents.length} más recientes):` : `Documents received from suppliers (the latest ${documents.length}):`];
  for (const document of documents) {
    const who = document.issuerName === undefined ? document.issuerRut ?? '?' : `«${document.issuerName}» (${document.issuerRut ?? '?'})`;
    const amount = document.total === undefined ? '' : language === 'es' ? ` por ${pesos(document.total)}` : ` for ${pesos(document.total)}`;
    const state = STATES[document.state]?.[language] ?? document.state;
    const deadline = document.state === 'received' && document.deadline !== undefined
      ? (language === 'es' ? `; plazo para aceptar o reclamar: ${day(document.deadline)}` : `; deadline to accept or claim: ${day(document.deadline)}`)
      : '';
    const title = document.title ?? (language === 'es' ? 'Documento' : 'Document');
    lines.push(`- ${title} ${language === 'es' ? 'de' : 'from'} ${who}${amount}: ${state}${deadline}.`);
  }
  return lines;
}
