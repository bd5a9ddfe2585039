/**
 * The port through which the product talks to the SII's registry of acceptances and claims (Ley
 * 19.983; RegistroReclamoDteService, manual "Web Service de Consulta y Registro de Aceptación/Reclamo a
 * DTE recibido" v1.2): record the receiver's answer to a document, list a document's events, ask whether
 * it may be ceded and when the SII received it. The adapter in src/sii implements it with the same
 * session token as the upload; tests swap in fakes.
 *
 * Every answer with a codResp comes back typed, never as an exception: what the SII did (recorded,
 * listed, cedible) or a refusal carrying the code, the catalog's meaning and the SII's own words. Errors
 * (DteError) are kept for what is not an answer: the SII could not be reached or answered nothing
 * usable (SII_UNAVAILABLE, also for codResp -1, "retry later"), or the request could not be built
 * (VALIDATION_FAILED, naming the field).
 */
import type { SigningCertificate } from '../../core/certificate.ts';

/**
 * The receiver's actions (accionDoc): ACD accepts the content, ERM acknowledges receipt of the goods or
 * services, RCD claims against the content, RFP claims part of the goods missing, RFT all of them.
 */
export type RegistryAction = 'ACD' | 'ERM' | 'RCD' | 'RFP' | 'RFT';

/** The claims among the actions. */
export type RegistryClaim = 'RCD' | 'RFP' | 'RFT';

/** A document as the registry names it: its issuer, type and folio. */
export interface RegistryDocument {
  /** RUTEmisor, `76192083-9` (dots allowed); one whose check digit is wrong is refused before anything is sent. */
  issuerRut: string;
  /** TipoDTE. The registry serves 33, 34 and 43 and refuses others itself (codResp 3, or 20 for cedibility). */
  type: number;
  /** Folio. */
  folio: number;
}

/** A codResp as the SII answered it. */
export interface RegistryCode {
  /** codResp. */
  code: number;
  /** The catalog's meaning of the code (resources/sii-codes.json, registroreclamo_codResp). */
  meaning: string;
  /** descResp as the SII wrote it, with its XXX filled in (the claim it names). */
  description: string;
}

/**
 * Why the registry refused, by codResp: 1 invalid_issuer, 2 invalid_folio, 3 type_not_served,
 * 4 invalid_action, 5 already_claimed, 6 receipt_after_claim, 7 already_recorded (the event is on the
 * SII: a repeat, or a retry of a call whose answer was lost), 8 window_closed, 9 no_records,
 * 10 not_in_registry, 11 claim_after_acceptance, 12 acceptance_after_claim, 13 claim_after_receipt,
 * 14 not_issuer_or_receiver, 17 not_receiver, 18 not_received, 19 goods_already_claimed,
 * 20 type_not_cedible; `unexpected` for a code the operation does not list (the code is carried).
 */
export type RegistryRefusalReason =
  | 'invalid_issuer' | 'invalid_folio' | 'type_not_served' | 'invalid_action' | 'already_claimed' | 'receipt_after_claim'
  | 'already_recorded' | 'window_closed' | 'no_records' | 'not_in_registry' | 'claim_after_acceptance'
  | 'acceptance_after_claim' | 'claim_after_receipt' | 'not_issuer_or_receiver' | 'not_receiver' | 'not_received'
  | 'goods_already_claimed' | 'type_not_cedible' | 'unexpected';

/** A refusal: never a success. */
export interface RegistryRefusal {
  kind: 'refused';
  reason: RegistryRefusalReason;
  answer: RegistryCode;
  /** The claim recorded before, when the SII names it (codResp 5, 6, 12: "reclamado por XXX"). */
  claim?: RegistryClaim;
}

/** ingresarAceptacionReclamoDoc: recorded (codResp 0) or refused. */
export type RegistryActionResult = { kind: 'recorded'; answer: RegistryCode } | RegistryRefusal;

/** One event of a document's history (listaEventosDoc). */
export interface RegistryEvent {
  /** codEvento: the five actions, and events the SII records itself (NCA, ENC; PAG, CED and others at the real SII). */
  code: string;
  /** descEvento as the SII wrote it. */
  description: string;
  /** rutResponsable-dvResponsable: who recorded it. */
  responsibleRut: string;
  /** fechaEvento as an instant, ISO 8601 (the SII writes `DD-MM-YYYY HH:MM:SS` in Chilean time). */
  at: string;
  /** fechaEvento as the SII wrote it. */
  siiTime: string;
}

/**
 * listarEventosHistDoc: the events (codResp 15), none while the eight days run (16), none and the eight
 * days over (8: accepted by law unless the events say otherwise), or refused.
 */
export type RegistryEventsResult =
  | { kind: 'events'; events: RegistryEvent[]; answer: RegistryCode }
  | { kind: 'no_events'; answer: RegistryCode }
  | { kind: 'window_closed'; answer: RegistryCode }
  | RegistryRefusal;

/**
 * consultarDocDteCedible: cedible because the receiver acknowledged the goods (23) or because eight
 * days passed without claim (25); not cedible because claimed (24) or annulled by a credit note within
 * the eight days (21); pending (22: neither claim nor receipt yet, the eight days running); or refused
 * (20: the type cannot be ceded, and the document errors 1, 2, 10, 18).
 */
export type RegistryCedibilityResult =
  | { kind: 'cedible'; basis: 'receipt' | 'accepted_by_law'; answer: RegistryCode }
  | { kind: 'not_cedible'; basis: 'claimed' | 'annulled'; answer: RegistryCode }
  | { kind: 'pending'; answer: RegistryCode }
  | RegistryRefusal;

/**
 * consultarFechaRecepcionSii: when the SII received the document (the eight days run from it), or
 * nothing: the operation answers no codResp, and an empty answer says the SII has no date to give
 * (not received, not the caller's, or a bad request); a text that is not a date is carried as it came.
 */
export type RegistryReceptionResult =
  | { kind: 'received'; receivedAt: string; siiTime: string }
  | { kind: 'unknown'; siiText?: string };

/** Per call: a cancellation (the caller's deadline), retries included. */
export interface RegistryCallOptions {
  signal?: AbortSignal;
}

/** The registry, as the product uses it. The company's certificate is given when the gateway is built. */
export interface RegistryGateway {
  /** Records the receiver's action on a document received (the certificate's owner must act for the receiver). */
  recordAction(document: RegistryDocument, action: RegistryAction, options?: RegistryCallOptions): Promise<RegistryActionResult>;
  /** The document's events (as its issuer or receiver). */
  listEvents(document: RegistryDocument, options?: RegistryCallOptions): Promise<RegistryEventsResult>;
  /** Whether the document may be ceded (as its issuer or receiver). */
  cedibility(document: RegistryDocument, options?: RegistryCallOptions): Promise<RegistryCedibilityResult>;
  /** When the SII received the document (as its issuer or receiver). */
  receptionDate(document: RegistryDocument, options?: RegistryCallOptions): Promise<RegistryReceptionResult>;
}

/** Opens a registry gateway that logs in with one signing certificate (as SiiGatewayOpener does). */
export type RegistryGatewayOpener = (certificate: SigningCertificate) => RegistryGateway;
