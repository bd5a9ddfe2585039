/**
 * The received-documents service (DESIGN.md, "Documents we receive"), as front ends call it: intake
 * over HTTP and from a company's mailbox, the list and one document with its checks, answers and
 * deadline, its XML, and the decision. Every call is scoped to the actor's companies.
 */
import { createHash } from 'node:crypto';
import { DteError } from '../../core/errors.ts';
import { authorize } from '../authorize.ts';
import type {
  CompanyMailSettings, PublicMailSettings,
  Actor, IncomingMail, JsonObject, ReceivedDocumentRecord, ReceivedDocumentView, ReceivedEnvelopeView, ReceivedService,
} from '../ports/index.ts';
import { createAnswerOutbox } from './answer-outbox.ts';
import { decideReceived } from './decide-received.ts';
import { receiveEnvelope, type IntakeOutcome } from './receive-envelope.ts';
import type { ReceivedDependencies } from './received-dependencies.ts';

/** The settings as shown: never a password, only whether one is kept. */
function publicMailSettings(settings: CompanyMailSettings): PublicMailSettings {
  const shown: PublicMailSettings = { address: settings.address };
  if (settings.mailbox !== undefined) {
    const { password: _password, ...mailbox } = settings.mailbox;
    shown.mailbox = { ...mailbox, password: 'set' };
  }
  if (settings.smtp !== undefined) {
    const { password, ...smtp } = settings.smtp;
    shown.smtp = { ...smtp, password: password === undefined ? 'none' : 'set' };
  }
  return shown;
}

function mailMeta(mail: IncomingMail): JsonObject {
  return {
    mailbox: mail.mailbox, folder: mail.folder, uid: mail.uid, uidValidity: mail.uidValidity, size: mail.size,
    ...(mail.messageId === undefined ? {} : { messageId: mail.messageId }),
    ...(mail.from === undefined ? {} : { from: mail.from }),
    ...(mail.subject === undefined ? {} : { subject: mail.subject.slice(0, 200) }),
  };
}

/** Builds the service; intake kicks the outbox so answers leave within moments. */
export function createReceivedService(dependencies: ReceivedDependencies): ReceivedService {
  const { store } = dependencies;
  const outbox = createAnswerOutbox(dependencies);
  const kick = (): void => void outbox.deliver().catch((error: unknown) => dependencies.logger?.warn({ err: String(error) }, 'answer delivery failed'));

  async function view(document: ReceivedDocumentRecord): Promise<ReceivedDocumentView> {
    const envelope = (await store.received.getEnvelope(document.companyRut, document.envelopeId))!;
    const answers = (await store.received.answersOf(document.companyRut, envelope.id))
      .filter((answer) => answer.documentId === undefined || answer.documentId === document.id)
      .map(({ companyRut: _company, envelopeId: _envelope, ...answer }) => answer);
    const { id, codEnvio, fileName, source, status, receivedAt, RutEmisor } = envelope;
    return { ...document, envelope: { id, codEnvio, fileName, source, status, receivedAt, ...(RutEmisor === undefined ? {} : { RutEmisor }) }, answers };
  }

  /** Tells the observer (Slack) of the documents a new envelope brought that wait for a decision; its failure is only logged. */
  async function announce(outcome: IntakeOutcome): Promise<void> {
    if (outcome.repeated || dependencies.onReceived === undefined) return;
    const waiting = (await store.received.documentsOf(outcome.envelope.companyRut, outcome.envelope.id)).filter((document) => document.state === 'received');
    if (waiting.length === 0) return;
    await Promise.resolve(dependencies.onReceived(outcome.envelope.companyRut, waiting))
      .catch((error: unknown) => dependencies.logger?.warn({ companyRut: outcome.envelope.companyRut, err: error instanceof Error ? error.message : String(error) }, 'received documents not announced'));
  }

  async function envelopeView(outcome: IntakeOutcome): Promise<ReceivedEnvelopeView> {
    const documents = await store.received.documentsOf(outcome.envelope.companyRut, outcome.envelope.id);
    return { ...outcome.envelope, repeated: outcome.repeated, documents };
  }

  async function readable(actor: Actor, id: string): Promise<ReceivedDocumentRecord> {
    const companyRut = await store.received.companyOfDocument(id);
    if (companyRut === undefined) throw new DteError('NOT_FOUND', `There is no received document ${id}.`);
    authorize(actor, 'read', companyRut);
    return (await store.received.getDocument(companyRut, id))!;
  }

  /** A refused attachment (a zip bomb, a mail too large) leaves a record naming why, though there are no bytes to keep. */
  async function refusedEvidence(companyRut: string, mail: IncomingMail, refused: IncomingMail['refused'][number]): Promise<void> {
    const identity = createHash('sha256').update(`${mail.mailbox}\n${mail.uidValidity}\n${mail.uid}\n${refused.fileName}`).digest('hex');
    if (await store.received.findByFile(companyRut, identity) !== undefined) return;
    const detail = `${refused.detail} (${refused.reason})`;
    await store.received.insertEnvelope(companyRut, {
      fileSha256: identity, fileName: refused.fileName.slice(0, 255), fileSize: 0, source: 'mail', mail: mailMeta(mail),
      status: { code: 91, glosa: 'Envío Rechazado - Archivo Ilegible', detail },
      checks: [{ name: refused.reason === 'message-too-large' ? 'size' : 'parse', subject: refused.fileName, ok: false, detail }],
      receivedAt: dependencies.clock(), documents: [],
    }).catch((error: unknown) => {
      if (!(error instanceof DteError && error.code === 'CONFLICT')) throw error;
    });
  }

  return {
    async receive(actor, companyRut, bytes, fileName) {
      authorize(actor, 'issue', companyRut);
      const outcome = await receiveEnvelope(dependencies, { companyRut, bytes, fileName, source: 'http' });
      if (!outcome.repeated) {
        await store.audit.record({ actor: actor.subject, action: 'received.intake', target: outcome.envelope.id, companyRut, detail: { source: 'http', status: outcome.envelope.status.code } });
        kick();
        await announce(outcome);
      }
      return envelopeView(outcome);
    },
    mailHandler(companyRut) {
      return async (mail) => {
        for (const refused of mail.refused) await refusedEvidence(companyRut, mail, refused);
        for (const file of mail.files) {
          if (file.root !== 'EnvioDTE') {
            dependencies.logger?.info({ companyRut, mailbox: mail.mailbox, uid: mail.uid, root: file.root }, 'mail attachment is not an EnvioDTE; left aside');
            continue;
          }
          const outcome = await receiveEnvelope(dependencies, {
            companyRut, bytes: file.bytes, fileName: file.fileName, source: 'mail',
            mail: { ...(mail.from === undefined ? {} : { from: mail.from }), ...(mail.replyTo === undefined ? {} : { replyTo: mail.replyTo }), ...(mail.messageId === undefined ? {} : { messageId: mail.messageId }), meta: mailMeta(mail) },
          });
          dependencies.logger?.info({ companyRut, envelopeId: outcome.envelope.id, status: outcome.envelope.status.code, repeated: outcome.repeated }, 'received envelope taken from mail');
          await announce(outcome);
        }
        kick();
      };
    },
    async list(actor, companyRut, filter) {
      authorize(actor, 'read', companyRut);
      const page = await store.received.listDocuments(companyRut, filter);
      return { items: page.items, ...(page.next === undefined ? {} : { nextCursor: page.next }) };
    },
    async get(actor, id) {
      return view(await readable(actor, id));
    },
    async xml(actor, id) {
      const document = await readable(actor, id);
      return (await store.received.getDocumentXml(document.companyRut, id))!;
    },
    async pdf(actor, id) {
      const document = await readable(actor, id);
      if (dependencies.printer === undefined) throw new DteError('INTERNAL', 'No printer is configured for this service.');
      const xml = (await store.received.getDocumentXml(document.companyRut, id))!;
      return dependencies.printer.render(xml, { copy: 'original', format: 'letter' });
    },
    async decide(actor, id, command) {
      const companyRut = await store.received.companyOfDocument(id);
      if (companyRut === undefined) throw new DteError('NOT_FOUND', `There is no received document ${id}.`);
      authorize(actor, 'receive', companyRut);
      const outcome = await decideReceived(dependencies, companyRut, id, command, actor.subject);
      if (!outcome.replayed) kick();
      return { document: await view(outcome.document), replayed: outcome.replayed };
    },
    async configureMail(actor, companyRut, settings) {
      authorize(actor, 'manage', companyRut);
      if (await store.companies.get(companyRut) === undefined) throw new DteError('NOT_FOUND', `There is no company ${companyRut}.`);
      await store.companyMail.put(companyRut, settings);
      await store.audit.record({ actor: actor.subject, action: 'received.mail.configure', target: companyRut, companyRut, detail: { address: settings.address, mailbox: settings.mailbox !== undefined, smtp: settings.smtp !== undefined } });
      return publicMailSettings(settings);
    },
    async mailSettings(actor, companyRut) {
      authorize(actor, 'manage', companyRut);
      const settings = await store.companyMail.get(companyRut);
      return settings === undefined ? undefined : publicMailSettings(settings);
    },
    deliverAnswers: () => outbox.deliver(),
  };
}
