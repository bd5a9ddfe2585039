/**
 * The store's port for the receiver's answers to the documents we issued (Ley 19.983): the events the
 * SII's registry listed for each document, and each document's window of eight days from the SII's
 * reception, which the registry poll follows while it is open. Every call takes the company's RUT, as
 * the other repositories do; `openWindows` is system-wide (startup recovery).
 */

/** What the receiver did, as the product tells it (see src/app/registry/receiver-status.ts). */
export const RECEIVER_STATUSES = ['pending', 'accepted', 'goods_received', 'claimed', 'accepted_by_law'] as const;

/**
 * pending: nothing yet and the window open; accepted: ACD; goods_received: ERM; claimed: RCD, RFP or
 * RFT; accepted_by_law: the window closed without a claim (Ley 19.983 art. 3).
 */
export type ReceiverStatus = (typeof RECEIVER_STATUSES)[number];

/** An event as the registry listed it. */
export interface NewRegistryEvent {
  /** codEvento: ACD, ERM, RCD, RFP, RFT, or one the SII records itself (NCA, ENC, PAG, CED…). */
  code: string;
  description: string;
  /** Who recorded it (rutResponsable-dvResponsable). */
  responsibleRut: string;
  /** fechaEvento as an instant. */
  at: Date;
  /** fechaEvento as the SII wrote it. */
  siiTime: string;
}

/** A stored event. */
export interface RegistryEventRecord extends NewRegistryEvent {
  id: number;
  companyRut: string;
  documentId: string;
  /** When the service first saw it. */
  recordedAt: Date;
  /** When its news was passed on (webhook, Odoo, Slack); null until then. */
  notifiedAt: Date | null;
}

/** A document's window of eight days. */
export interface RegistryWindow {
  documentId: string;
  companyRut: string;
  /** When the SII received the document: the eight days run from it. */
  receivedAt: Date;
  /** receivedAt + 8 × 24 h. */
  deadline: Date;
  status: ReceiverStatus;
  /** Registry questions asked about it. */
  polls: number;
  lastPolledAt: Date | null;
  /** When the service stopped following it (the window over and its last question asked); null while followed. */
  closedAt: Date | null;
  updatedAt: Date;
}

/** What a poll changes on a window. */
export interface RegistryWindowChange {
  status?: ReceiverStatus;
  /** The SII's own reception date, when it differs from the one the window was opened with (and its deadline). */
  reception?: { receivedAt: Date; deadline: Date };
  /** Counts one poll, asked at this instant. */
  polledAt?: Date;
  /** Stops following the window. */
  closedAt?: Date;
}

/** The registry's records in the store. */
export interface RegistryRecords {
  /**
   * Opens a document's window, once: when it is open already the stored one is returned unchanged.
   * A document not of this company is NOT_FOUND.
   */
  openWindow(companyRut: string, documentId: string, receivedAt: Date, deadline: Date): Promise<RegistryWindow>;
  window(companyRut: string, documentId: string): Promise<RegistryWindow | undefined>;
  /** Changes a window; an unknown one is NOT_FOUND. */
  updateWindow(companyRut: string, documentId: string, change: RegistryWindowChange): Promise<RegistryWindow>;
  /** System-wide, for startup recovery: windows still followed, the nearest deadline first. */
  openWindows(limit?: number): Promise<RegistryWindow[]>;
  /** Stores the events not stored yet (by document, code, responsible RUT and instant) and returns those, oldest first. */
  addEvents(companyRut: string, documentId: string, events: readonly NewRegistryEvent[]): Promise<RegistryEventRecord[]>;
  /** The document's events, oldest first. */
  events(companyRut: string, documentId: string): Promise<RegistryEventRecord[]>;
  /** The document's events whose news was not passed on yet, oldest first. */
  unnotified(companyRut: string, documentId: string): Promise<RegistryEventRecord[]>;
  /** Marks events' news as passed on. */
  markNotified(companyRut: string, ids: readonly number[], at: Date): Promise<void>;
}
