import type { RevisionError } from './revision-codes.ts';

/**
 * What the simulator remembers: envelopes by track id, the documents it accepted, the CAF ranges it
 * has seen and the tokens it issued. Plain JSON-friendly shapes, so the directory store writes them
 * as they are.
 */

/** The states an envelope passes through, in getEstUp's ESTADO codes. */
export type EnvelopeState = 'REC' | 'SOK' | 'FOK' | 'CRT' | 'PRD' | 'EPR' | 'RSC' | 'RFR' | 'RCT';

/** How long an envelope stays in each intermediate state, in milliseconds. */
export interface StepDurations {
  REC: number;
  SOK: number;
  FOK: number;
  CRT: number;
  PRD: number;
}

/** One document's outcome inside a processed envelope. */
export interface DocumentResult {
  TipoDTE: number;
  Folio: number;
  /** ACE accepted, RPR accepted with reparos, RCH rejected. */
  outcome: 'ACE' | 'RPR' | 'RCH';
  errors: RevisionError[];
}

/** The per-type counts of an EPR answer. */
export interface TypeCount {
  TipoDTE: number;
  informados: number;
  aceptados: number;
  rechazados: number;
  reparos: number;
}

/** How an envelope ended. */
export interface EnvelopeVerdict {
  /** EPR when processed (the counts say what became of each document), or the envelope's rejection. */
  state: 'EPR' | 'RSC' | 'RFR' | 'RCT';
  /** Envelope-level errors (schema, signature, Caratula); empty for EPR. */
  errors: RevisionError[];
  counts: TypeCount[];
  documents: DocumentResult[];
  /** ISO instant of processing. */
  processedAt: string;
}

/** A document an envelope carries, as read when the envelope is taken up for processing. */
export interface CarriedDocument {
  RUTEmisor: string;
  TipoDTE: number;
  Folio: number;
}

/** The intermediate states an envelope can be held in (`PUT /admin/holds`). */
export const HOLD_STATES = ['REC', 'SOK', 'FOK', 'CRT', 'PRD'] as const;
export type HoldState = (typeof HOLD_STATES)[number];

/** An envelope held without verdict: it stays in `state` until released, then its processing runs. */
export interface EnvelopeHold {
  state: HoldState;
  /** ISO instants of the hold and of the release. */
  since: string;
  releasedAt?: string;
}

/** An envelope received through DTEUpload. */
export interface EnvelopeRecord {
  trackId: number;
  /** rutCompany-dvCompany and rutSender-dvSender of the upload. */
  companyRut: string;
  senderRut: string;
  fileName: string;
  /** SHA-256 of the file, hex. */
  digest: string;
  size: number;
  /** ISO instant of reception. */
  receivedAt: string;
  /** The durations in force when it arrived, so a restart with other settings does not rewrite its history. */
  steps: StepDurations;
  /** Absent until processing has finished. */
  verdict?: EnvelopeVerdict;
  /** The documents inside, once read (envelopes processed before this field existed lack it). */
  contents?: CarriedDocument[];
  /** Present when a hold rule stopped the envelope before its verdict. */
  hold?: EnvelopeHold;
}

/** A reference of a document to another, as far as the simulator needs it. */
export interface ReferenceRecord {
  TpoDocRef: string;
  FolioRef: string;
  CodRef?: number;
}

/** A document the simulator accepted (with or without reparos): it holds the folio from then on. */
export interface DocumentRecord {
  RUTEmisor: string;
  TipoDTE: number;
  Folio: number;
  FchEmis: string;
  RUTRecep: string;
  MntTotal: number;
  trackId: number;
  outcome: 'ACE' | 'RPR';
  /** SHA-256 of the DTE as written, to tell a document sent twice (DTE-3-100) from a reused folio (DTE-3-101). */
  digest: string;
  references: ReferenceRecord[];
}

/** A folio range of an authentic CAF seen in some document, to tell FAU (not received) from FNA (not authorised). */
export interface CafRange {
  RUTEmisor: string;
  TipoDTE: number;
  from: number;
  to: number;
}

/** A token issued by GetTokenFromSeed. */
export interface TokenRecord {
  token: string;
  /** The RUT of the certificate that signed the seed. */
  rut: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** A RUT as the simulator compares them: no dots, no leading zeros, upper-case K. */
export function normalRut(rut: string | undefined): string {
  return (rut ?? '').replace(/\./g, '').replace(/^0+/, '').trim().toUpperCase();
}

/** The key of a document: issuer, type and folio. */
export function documentKey(RUTEmisor: string, TipoDTE: number, Folio: number): string {
  return `${normalRut(RUTEmisor)}|${TipoDTE}|${Folio}`;
}

/** Whether a RUT (`76192083-9`) has the right modulo-11 check digit. */
export function isValidRut(rut: string): boolean {
  const match = /^(\d{1,8})-([\dK])$/.exec(normalRut(rut));
  if (match === null) return false;
  let sum = 0;
  let weight = 2;
  for (const digit of [...match[1]!].reverse()) {
    sum += Number(digit) * weight;
    weight = weight === 7 ? 2 : weight + 1;
  }
  const value = 11 - (sum % 11);
  return match[2] === (value === 11 ? '0' : value === 10 ? 'K' : String(value));
}
