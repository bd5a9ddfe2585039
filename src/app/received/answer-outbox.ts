/**
 * The outbox of our answers to suppliers: every signed RespuestaDTE and EnvioRecibos is stored first
 * (queued), then mailed; a failed attempt leaves it queued for the next delivery, up to a limit, and
 * a refusal for good (a 5xx) ends it as failed. Nothing is lost when the SMTP server is down.
 */
import { DteError } from '../../core/errors.ts';
import type { ReceivedAnswerRecord } from '../ports/index.ts';
import type { ReceivedDependencies } from './received-dependencies.ts';

/** Attempts before an answer is given up. */
export const MAX_DELIVERY_ATTEMPTS = 10;

const SUBJECTS: Record<ReceivedAnswerRecord['kind'], string> = {
  RecepcionEnvio: 'Respuesta de recepción de envío de DTE',
  ResultadoDTE: 'Resultado de la revisión comercial de DTE',
  EnvioRecibos: 'Acuse de recibo de mercaderías o servicios (Ley 19.983)',
};

async function deliverOne(dependencies: ReceivedDependencies, answer: ReceivedAnswerRecord): Promise<boolean> {
  const { store } = dependencies;
  const sender = await dependencies.mailSender?.(answer.companyRut);
  const xml = await store.received.getAnswerXml(answer.companyRut, answer.id);
  if (sender === undefined || xml === undefined || answer.recipient === undefined) return false;
  try {
    const sent = await sender.send({
      to: answer.recipient,
      subject: `${SUBJECTS[answer.kind]} (${answer.companyRut})`,
      text: `${SUBJECTS[answer.kind]}: se adjunta ${answer.fileName}, firmado por ${answer.companyRut}.`,
      attachments: [{ fileName: answer.fileName, content: xml, contentType: 'application/xml' }],
      ...(answer.inReplyTo === undefined ? {} : { inReplyTo: answer.inReplyTo }),
    });
    await store.received.markAnswerSent(answer.companyRut, answer.id, sent.messageId);
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const final = (error instanceof DteError && !error.retryable) || answer.attempts + 1 >= MAX_DELIVERY_ATTEMPTS;
    await store.received.markAnswerFailed(answer.companyRut, answer.id, message, final);
    dependencies.logger?.warn({ companyRut: answer.companyRut, answerId: answer.id, kind: answer.kind, final, err: message }, 'answer not mailed');
    return false;
  }
}

/** Mails the answers waiting in the outbox, oldest first; returns how many were sent. One delivery runs at a time. */
export function createAnswerOutbox(dependencies: ReceivedDependencies): { deliver(): Promise<number> } {
  let running: Promise<number> | undefined;
  let again = false;
  const pass = async (): Promise<number> => {
    let sent = 0;
    do {
      again = false;
      for (const answer of await dependencies.store.received.queuedAnswers(100)) {
        if (await deliverOne(dependencies, answer)) sent += 1;
      }
    } while (again);
    return sent;
  };
  return {
    deliver() {
      if (running !== undefined) {
        again = true;
        return running;
      }
      running = pass().finally(() => (running = undefined));
      return running;
    },
  };
}
