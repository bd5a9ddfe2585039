/**
 * The mail ports of intercambio (implemented by src/mail): a company's mailbox, where suppliers send
 * their EnvioDTEs (IMAP), and the outgoing mail that carries our answers (SMTP). DESIGN.md,
 * "Documents we receive".
 */

/** How a mail connection is secured. */
export type MailTransportSecurity =
  /** TLS from the first byte (IMAPS on 993, SMTPS on 465). */
  | 'implicit'
  /** A plain connection upgraded with STARTTLS, which must be offered (IMAP 143, submission 587). */
  | 'starttls'
  /** No TLS at all: for a server on loopback only (the tests' own servers). */
  | 'none';

/** One mailbox to read, as a company configures it. The password is a secret: never logged. */
export interface MailboxSettings {
  /** A name for logs and records (the address, or the company's RUT); never the password. */
  name: string;
  host: string;
  port: number;
  security: MailTransportSecurity;
  /** A PEM certificate authority to trust besides the system's, for a server with a private CA. */
  certificateAuthority?: string;
  user: string;
  password: string;
  /** The folder suppliers' mail arrives in (INBOX by default). */
  folder?: string;
  /** Where a mail is moved once what it held was handed over and accepted; created when missing. */
  processedFolder: string;
  /** How often the folder is read when the server offers no IDLE (default 60 s); also the retry pace. */
  pollSeconds?: number;
  /** Larger mails are not downloaded: they are handed over as refused, with nothing read (default 40 MiB). */
  maxMessageBytes?: number;
}

/** Where a mail came from and what it said about itself (headers are the sender's: untrusted text). */
export interface MailMeta {
  /** MailboxSettings.name of the mailbox it was read from. */
  mailbox: string;
  /** The folder it was read from. */
  folder: string;
  /** Its IMAP UID in that folder, and the folder's UIDVALIDITY: together they name the mail. */
  uid: number;
  uidValidity: string;
  messageId?: string;
  /** The plain address of From and of Reply-To (the first one), without display names. */
  from?: string;
  replyTo?: string;
  subject?: string;
  date?: Date;
  /** The message's size in bytes as the server reports it. */
  size: number;
}

/** An XML file a mail carried, attached as it is or inside a zip. */
export interface IncomingXmlFile {
  /** The attachment's file name (the entry's name for a file from a zip), as the sender wrote it. */
  fileName: string;
  bytes: Uint8Array;
  /**
   * The local name of its root element, read from its first bytes before anything is trusted:
   * `EnvioDTE` for a supplier's envelope; a customer's answers arrive as `RespuestaDTE` or
   * `EnvioRecibos`. Undefined when the bytes do not start as XML does.
   */
  root: string | undefined;
  /** The zip attachment it came from, when it did. */
  fromZip?: string;
}

/** An attachment or a mail that was not read, and why: it is still evidence, and its sender may be told. */
export interface RefusedAttachment {
  fileName: string;
  reason: 'message-too-large' | 'zip-too-many-entries' | 'zip-too-large' | 'zip-unreadable';
  detail: string;
}

/** One mail as intake hands it over. */
export interface IncomingMail extends MailMeta {
  /** The XML files it carried (an attachment that is not XML and no zip of XML is left out). */
  files: IncomingXmlFile[];
  refused: RefusedAttachment[];
}

/**
 * What intake calls with each mail. The mail is moved to the processed folder only after the promise
 * resolves; when it rejects, the mail stays where it was and is handed over again later. A crash
 * between the two hands the same mail over twice: the handler must be idempotent (the envelope's
 * digest or the file's SHA-256 tells a mail already taken).
 */
export type IncomingMailHandler = (mail: IncomingMail) => Promise<void>;

/** Reads one mailbox. */
export interface MailboxIntake {
  /**
   * Connects, hands over every mail already in the folder, then each new one as it arrives (IDLE where
   * the server offers it, else a read every pollSeconds). Resolves once the first read is done; keeps
   * reconnecting after a lost connection until `stop`.
   */
  start(handler: IncomingMailHandler): Promise<void>;
  /** Connects, hands over the mails in the folder now, and disconnects; returns how many were moved. */
  drain(handler: IncomingMailHandler): Promise<number>;
  /** Stops reading and closes the connection; a handler running now is awaited. */
  stop(): Promise<void>;
}

/** SMTP settings for the answers. The password is a secret: never logged. */
export interface MailSenderSettings {
  host: string;
  port: number;
  security: MailTransportSecurity;
  certificateAuthority?: string;
  user?: string;
  password?: string;
  /** The From of our answers: the company's exchange address. */
  from: string;
}

/** A file attached to an outgoing mail. */
export interface OutgoingAttachment {
  fileName: string;
  content: Uint8Array;
  /** `application/xml` for the answers. */
  contentType: string;
}

/** An answer to mail. */
export interface OutgoingMail {
  /** One plain address (see answerRecipient in src/core/intercambio). */
  to: string;
  subject: string;
  text: string;
  attachments: OutgoingAttachment[];
  /** The Message-ID of the supplier's mail this answers, so mail clients thread them. */
  inReplyTo?: string;
}

/** What the SMTP server said. */
export interface SentMail {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

/** Sends mail (SMTP). Rejects when the server refuses the message or cannot be reached. */
export interface MailSender {
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): Promise<void>;
}

/**
 * A company's mail for intercambio (kept by the store, passwords sealed like the certificate's): the
 * mailbox suppliers write to, and the SMTP server our answers leave by. Without `smtp` the service's
 * SMTP_URL is used, with `address` as the From.
 */
export interface CompanyMailSettings {
  /** The exchange address the company registered at the SII (the From of our answers). */
  address: string;
  mailbox?: Omit<MailboxSettings, 'name'>;
  smtp?: Omit<MailSenderSettings, 'from'>;
}

/** The companies' mail settings. Reads open the sealed passwords; nothing here is logged. */
export interface CompanyMailRepository {
  get(companyRut: string): Promise<CompanyMailSettings | undefined>;
  put(companyRut: string, settings: CompanyMailSettings): Promise<void>;
  /** The companies that have mail settings. */
  companies(): Promise<string[]>;
}
