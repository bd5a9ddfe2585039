/**
 * The SMTP sender against a real SMTP server in the test process (smtp-server), read back as received.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DteError } from '../../src/core/errors.ts';
import { SmtpMailSender } from '../../src/mail/index.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.ts';
import { loopbackCertificate } from '../support/tls-certificate.ts';

const ANSWER = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<RespuestaDTE>Recepci\xf3n</RespuestaDTE>\n', 'latin1');
const credentials = { user: 'dte@empresa.example', password: 'secreto-smtp-9f2c' };

describe('SMTP sender', () => {
  const receivers: SmtpReceiver[] = [];
  const senders: SmtpMailSender[] = [];
  afterEach(async () => {
    await Promise.all(senders.splice(0).map((sender) => sender.close()));
    await Promise.all(receivers.splice(0).map((receiver) => receiver.stop()));
  });

  async function receiver(options: Parameters<typeof startSmtpReceiver>[0]): Promise<SmtpReceiver> {
    const started = await startSmtpReceiver(options);
    receivers.push(started);
    return started;
  }

  function sender(settings: ConstructorParameters<typeof SmtpMailSender>[0]): SmtpMailSender {
    const created = new SmtpMailSender(settings);
    senders.push(created);
    return created;
  }

  it('delivers the answer with its XML attached byte for byte, over STARTTLS with AUTH, threaded to the supplier\'s mail', async () => {
    const tls = loopbackCertificate();
    const server = await receiver({ credentials, tls });
    const sent = await sender({ host: server.host, port: server.port, security: 'starttls', certificateAuthority: tls.certificate, ...credentials, from: 'intercambio@empresa.example' })
      .send({
        to: 'intercambio@proveedor.example',
        subject: 'Respuesta a su envío SetDoc',
        text: 'Adjuntamos el acuse de recibo.',
        inReplyTo: '<envio-13@proveedor.example>',
        attachments: [{ fileName: 'RecepcionEnvio_1.xml', content: ANSWER, contentType: 'application/xml' }],
      });
    expect(sent.accepted).toEqual(['intercambio@proveedor.example']);
    const [message] = await server.waitFor(1);
    expect(message!.from).toBe('intercambio@empresa.example');
    expect(message!.to).toEqual(['intercambio@proveedor.example']);
    expect(message!.parsed.inReplyTo).toBe('<envio-13@proveedor.example>');
    expect(message!.parsed.messageId).toBe(sent.messageId);
    expect(message!.parsed.attachments).toHaveLength(1);
    expect(message!.parsed.attachments[0]!.filename).toBe('RecepcionEnvio_1.xml');
    expect(message!.parsed.attachments[0]!.content.equals(ANSWER)).toBe(true);
  });

  it('refuses to send in clear text when STARTTLS is required but not offered', async () => {
    const server = await receiver({});
    const failure = await sender({ host: server.host, port: server.port, security: 'starttls', from: 'intercambio@empresa.example' })
      .send({ to: 'a@proveedor.example', subject: 's', text: 't', attachments: [] })
      .then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(DteError);
    expect(server.messages).toHaveLength(0);
  });

  it('a refused message is a DELIVERY_FAILED that is not retried, and a wrong password never appears in the error', async () => {
    const refusing = await receiver({ refuseWith: 'Mensaje rechazado por politica' });
    const refused = await sender({ host: refusing.host, port: refusing.port, security: 'none', from: 'intercambio@empresa.example' })
      .send({ to: 'a@proveedor.example', subject: 's', text: 't', attachments: [] })
      .then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(DteError);
    expect(refused).toMatchObject({ code: 'DELIVERY_FAILED', retryable: false });
    expect((refused as DteError).message).toContain('Mensaje rechazado por politica');

    const guarded = await receiver({ credentials });
    const wrong = 'clave-equivocada-77';
    const denied = await sender({ host: guarded.host, port: guarded.port, security: 'none', user: credentials.user, password: wrong, from: 'intercambio@empresa.example' })
      .send({ to: 'a@proveedor.example', subject: 's', text: 't', attachments: [] })
      .then(() => undefined, (error: unknown) => error);
    expect(denied).toMatchObject({ code: 'DELIVERY_FAILED' });
    expect(JSON.stringify({ message: (denied as DteError).message, details: (denied as DteError).details })).not.toContain(wrong);
    expect(guarded.messages).toHaveLength(0);
  });
});
