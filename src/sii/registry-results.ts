import type { CodeCatalog } from '../app/ports/code-catalog.ts';
import type {
  RegistryActionResult, RegistryCedibilityResult, RegistryClaim, RegistryEventsResult, RegistryReceptionResult, RegistryRefusal,
  RegistryRefusalReason,
} from '../app/ports/registry-gateway.ts';
import { chileInstant, registryCode, type CodedAnswer } from './registry-messages.ts';
import { redact, siiUnavailable } from './sii-errors.ts';

/**
 * What each codResp means for the product, operation by operation, from the manual's output tables:
 * a code the operation lists is its typed answer or a typed refusal (with the catalog's meaning); a code
 * it does not list is an `unexpected` refusal, never a success; -1 ("Error Interno … debe reintentar
 * enviar la transacción más tarde") is the SII failing, a retryable SII_UNAVAILABLE.
 */

/** The refusal each codResp names. */
const REASONS: Readonly<Record<number, RegistryRefusalReason>> = {
  1: 'invalid_issuer', 2: 'invalid_folio', 3: 'type_not_served', 4: 'invalid_action', 5: 'already_claimed',
  6: 'receipt_after_claim', 7: 'already_recorded', 8: 'window_closed', 9: 'no_records', 10: 'not_in_registry',
  11: 'claim_after_acceptance', 12: 'acceptance_after_claim', 13: 'claim_after_receipt', 14: 'not_issuer_or_receiver',
  17: 'not_receiver', 18: 'not_received', 19: 'goods_already_claimed', 20: 'type_not_cedible',
};

/** The refusals each operation's output table lists. */
const ACTION_REFUSALS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 18, 19]);
const LISTING_REFUSALS = new Set([1, 2, 3, 10, 14, 17, 18]);
const CEDIBILITY_REFUSALS = new Set([1, 2, 10, 18, 20]);

/** Codes whose description names the claim recorded before ("… reclamado por XXX"). */
const NAMING_A_CLAIM = new Set([5, 6, 12]);

function refusal(answer: CodedAnswer, catalog: CodeCatalog, listed: ReadonlySet<number>): RegistryRefusal {
  const reason = listed.has(answer.code) ? REASONS[answer.code] : undefined;
  const result: RegistryRefusal = { kind: 'refused', reason: reason ?? 'unexpected', answer: registryCode(answer, catalog) };
  const claim = NAMING_A_CLAIM.has(answer.code) ? /\b(RCD|RFP|RFT)\b/.exec(answer.description)?.[1] : undefined;
  if (claim !== undefined) result.claim = claim as RegistryClaim;
  return result;
}

/** codResp -1: the SII failed and asks to be called again later. */
function failIfInternal(answer: CodedAnswer, operation: string, catalog: CodeCatalog): void {
  if (answer.code !== -1) return;
  const meaning = registryCode(answer, catalog).meaning;
  throw siiUnavailable(`The SII's registry could not answer ${operation} (codResp -1: ${meaning}); try again later.`, {
    service: 'RegistroReclamoDte', operation, codResp: -1, meaning,
  });
}

/** ingresarAceptacionReclamoDoc: 0 recorded, else a refusal. */
export function actionResult(answer: CodedAnswer, catalog: CodeCatalog): RegistryActionResult {
  failIfInternal(answer, 'ingresarAceptacionReclamoDoc', catalog);
  if (answer.code === 0) return { kind: 'recorded', answer: registryCode(answer, catalog) };
  return refusal(answer, catalog, ACTION_REFUSALS);
}

/** listarEventosHistDoc: 15 events, 16 none, 8 none and the window over, else a refusal. */
export function eventsResult(answer: CodedAnswer, catalog: CodeCatalog): RegistryEventsResult {
  failIfInternal(answer, 'listarEventosHistDoc', catalog);
  const code = registryCode(answer, catalog);
  if (answer.code === 15) return { kind: 'events', events: answer.events, answer: code };
  if (answer.code === 16) return { kind: 'no_events', answer: code };
  if (answer.code === 8) return { kind: 'window_closed', answer: code };
  return refusal(answer, catalog, LISTING_REFUSALS);
}

/** consultarDocDteCedible: 23 and 25 cedible, 21 and 24 not, 22 pending, else a refusal. */
export function cedibilityResult(answer: CodedAnswer, catalog: CodeCatalog): RegistryCedibilityResult {
  failIfInternal(answer, 'consultarDocDteCedible', catalog);
  const code = registryCode(answer, catalog);
  switch (answer.code) {
    case 23: return { kind: 'cedible', basis: 'receipt', answer: code };
    case 25: return { kind: 'cedible', basis: 'accepted_by_law', answer: code };
    case 24: return { kind: 'not_cedible', basis: 'claimed', answer: code };
    case 21: return { kind: 'not_cedible', basis: 'annulled', answer: code };
    case 22: return { kind: 'pending', answer: code };
    default: return refusal(answer, catalog, CEDIBILITY_REFUSALS);
  }
}

/** consultarFechaRecepcionSii: a date, or nothing (an empty answer, or a text that is not a date). */
export function receptionResult(text: string): RegistryReceptionResult {
  const receivedAt = chileInstant(text);
  if (receivedAt !== undefined) return { kind: 'received', receivedAt, siiTime: text.trim() };
  return text.trim() === '' ? { kind: 'unknown' } : { kind: 'unknown', siiText: redact(text).slice(0, 100) };
}
