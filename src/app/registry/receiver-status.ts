/**
 * The rules of the receiver's window (Ley 19.983 art. 3 and 4; the SII's manual "Web Service de
 * Consulta y Registro de Aceptación/Reclamo a DTE recibido" v1.2): eight days from the SII's
 * reception to accept (ACD), acknowledge the goods (ERM) or claim (RCD, RFP, RFT); after them, a
 * document not claimed is accepted by law.
 */
import { REGISTRY_TYPES } from '../../core/document-kinds/index.ts';
import type { RegistryAction, RegistryClaim } from '../ports/registry-gateway.ts';
import type { NewRegistryEvent, ReceiverStatus } from '../ports/registry-records.ts';

/** The eight days, counted as 8 × 24 hours from the SII's reception. */
export const REGISTRY_WINDOW_MS = 8 * 24 * 3_600_000;

/** The document types the SII's registry serves (the manual; others get codResp 3), from sii-document-types.ts. */
export { REGISTRY_TYPES };

/** The receiver's actions. */
export const REGISTRY_ACTIONS: readonly RegistryAction[] = ['ACD', 'ERM', 'RCD', 'RFP', 'RFT'];

/** The claims among them. */
export const REGISTRY_CLAIMS: readonly RegistryClaim[] = ['RCD', 'RFP', 'RFT'];

/** Whether a text is one of the receiver's actions. */
export function isRegistryAction(text: string): text is RegistryAction {
  return (REGISTRY_ACTIONS as readonly string[]).includes(text);
}

/** Whether an event code is a claim. */
export function isClaim(code: string): code is RegistryClaim {
  return (REGISTRY_CLAIMS as readonly string[]).includes(code);
}

/** The end of the window of a document the SII received at `receivedAt`. */
export function deadlineOf(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + REGISTRY_WINDOW_MS);
}

/**
 * What the receiver did, from the events: a claim first (the SII refuses an acceptance after it), then
 * the receipt of the goods, then an acceptance; with none of them, pending while the window is open
 * and accepted by law once it closed.
 */
export function receiverStatusOf(events: readonly Pick<NewRegistryEvent, 'code'>[], now: Date, deadline: Date): ReceiverStatus {
  const codes = new Set(events.map((event) => event.code));
  if (REGISTRY_CLAIMS.some((claim) => codes.has(claim))) return 'claimed';
  if (codes.has('ERM')) return 'goods_received';
  if (codes.has('ACD')) return 'accepted';
  return now.getTime() >= deadline.getTime() ? 'accepted_by_law' : 'pending';
}
