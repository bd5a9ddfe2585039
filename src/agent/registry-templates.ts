/**
 * The offline mode's answers about the receiver's answer to one of our documents (Ley 19.983), over what
 * get_document_events returned: did the customer claim it, accept it, and until when it may still do so.
 * The action names are the registry manual's (ingresarAceptacionReclamoDoc, accionDoc), as the knowledge
 * entry `tipos-de-reclamo` cites them; a code the table does not name is shown as the SII listed it.
 */
import type { Language } from './language.ts';
import { REGISTRY_TYPES } from '../core/document-kinds/index.ts';

/** The types the registry follows: "33, 34, 43". */
const REGISTRY_IN_LIST = [...REGISTRY_TYPES].join(', ');

/** What get_document_events returns. */
export interface DocumentEventsData {
  document: string;
  documentId: string;
  receiverStatus: 'pending' | 'accepted' | 'goods_received' | 'claimed' | 'accepted_by_law' | null;
  receivedAt: string | null;
  deadline: string | null;
  lastPolledAt: string | null;
  events: Array<{ code: string; description: string; responsibleRut: string; at: string }>;
}

/** Questions about the receiver's acceptance or claim, or the eight days' deadline. */
const ABOUT_REGISTRY = /\b(reclam\w*|claim\w*|acuse|hasta\s+cu[aá]ndo|until\s+when|deadline|ocho\s+d[ií]as|8\s+d[ií]as|8\s+days|aceptad[oa]\s+por\s+ley|accepted\s+by\s+law)\b/iu;
const WHO_ACCEPTS = /\b(cliente|receptor|comprador|customer|client|buyer|receiver)\b.*\b(acept\w*|accept\w*)\b|\b(acept\w*|accept\w*)\b.*\b(cliente|receptor|comprador|customer|client|buyer|receiver)\b/iu;

/** Whether the question asks what the receiver did with the document, or until when it may act. */
export function asksRegistry(question: string): boolean {
  return ABOUT_REGISTRY.test(question) || WHO_ACCEPTS.test(question);
}

const ACTIONS: Record<string, { es: string; en: string; claim: boolean }> = {
  ACD: { es: 'aceptó el contenido (ACD)', en: 'accepted the content (ACD)', claim: false },
  ERM: { es: 'dio el recibo de mercaderías o servicios (ERM)', en: 'gave the receipt of goods or services (ERM)', claim: false },
  RCD: { es: 'reclamó el contenido (RCD)', en: 'claimed the content (RCD)', claim: true },
  RFP: { es: 'reclamó falta parcial de mercaderías o servicios (RFP)', en: 'claimed a partial lack of goods or services (RFP)', claim: true },
  RFT: { es: 'reclamó falta total de mercaderías o servicios (RFT)', en: 'claimed a total lack of goods or services (RFT)', claim: true },
};

/** "2026-11-22 13:15 UTC" from an ISO instant. */
function when(at: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/u.test(at) ? `${at.slice(0, 10)} ${at.slice(11, 16)} UTC` : at.slice(0, 40);
}

function eventLine(event: DocumentEventsData['events'][number], language: Language): string {
  const action = ACTIONS[event.code];
  const what = action?.[language] ?? (language === 'es' ? `registró el evento ${event.code.slice(0, 10)}` : `recorded the event ${event.code.slice(0, 10)}`);
  return language === 'es'
    ? `El ${when(event.at)}, ${event.responsibleRut.slice(0, 12)} ${what}.`
    : `On ${when(event.at)}, ${event.responsibleRut.slice(0, 12)} ${what}.`;
}

function statusLine(data: DocumentEventsData, name: string, language: Language): string {
  const deadline = data.deadline === null ? '' : when(data.deadline);
  const received = data.receivedAt === null ? '' : when(data.receivedAt);
  const es = language === 'es';
  switch (data.receiverStatus) {
    case 'claimed': return es ? `El receptor reclamó ${name} en el registro del SII.` : `The receiver claimed ${name} in the SII's registry.`;
    case 'accepted': return es ? `El receptor aceptó ${name} en el registro del SII; no la reclamó.` : `The receiver accepted ${name} in the SII's registry; it did not claim it.`;
    case 'goods_received': return es ? `El receptor dio acuse de recibo de ${name}; no la reclamó.` : `The receiver acknowledged receipt of ${name}; it did not claim it.`;
    case 'accepted_by_law': return es
      ? `El receptor no aceptó ni reclamó ${name} dentro de los 8 días corridos, que vencieron el ${deadline}: quedó aceptada por ley y ya no puede reclamarse.`
      : `The receiver neither accepted nor claimed ${name} within the 8 calendar days, which ended on ${deadline}: it stands accepted by law and can no longer be claimed.`;
    case 'pending': return es
      ? `El receptor aún no acepta ni reclama ${name}. Puede hacerlo hasta el ${deadline} (8 días corridos desde la recepción en el SII, el ${received}); si no reclama antes, queda aceptada por ley.`
      : `The receiver has not accepted or claimed ${name} yet. It may do so until ${deadline} (8 calendar days from the SII's reception, on ${received}); with no claim by then it stands accepted by law.`;
    default: return es
      ? `El registro de aceptación o reclamo no sigue ${name}: aún no está aceptada por el SII, o no es de un tipo que el registro admite (${REGISTRY_IN_LIST}).`
      : `The acceptance or claim registry does not follow ${name}: it is not accepted by the SII yet, or not of a type the registry takes (${REGISTRY_IN_LIST}).`;
  }
}

/** What the knowledge base is asked after a claim: what the issuer does now (entry `que-hacer-si-cliente-reclama`). */
export const AFTER_CLAIM_QUERY = 'me reclamaron la factura, qué hago con el reclamo';

/** The lines that answer a registry question about one document (`name`: "la factura 120", "invoice 120"). */
export function registryLines(data: DocumentEventsData, name: string, language: Language): string[] {
  const lines = [statusLine(data, name, language)];
  const receiverEvents = data.events.filter((event) => ACTIONS[event.code] !== undefined);
  lines.push(...receiverEvents.slice(-5).map((event) => eventLine(event, language)));
  if (data.receiverStatus !== null) {
    lines.push(data.lastPolledAt === null
      ? (language === 'es' ? 'El servicio aún no ha consultado el registro del SII por este documento.' : 'The service has not asked the SII\'s registry about this document yet.')
      : (language === 'es' ? `Última consulta al registro del SII: ${when(data.lastPolledAt)}.` : `Last asked the SII's registry: ${when(data.lastPolledAt)}.`));
  }
  return lines;
}
