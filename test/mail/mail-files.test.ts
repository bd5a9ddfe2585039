import { zipSync } from 'fflate';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ZIP_LIMITS } from '../../src/core/intercambio/index.ts';
import { filesOfMail } from '../../src/mail/index.ts';
import { composeMail } from '../support/mail-messages.ts';
import { fixture } from '../core/verify/support/fixtures.ts';

const ENVELOPE = fixture('envio/F000013T33.xml');

describe('the files of a mail', () => {
  it('takes XML by its bytes whatever its name says, expands zips, leaves other attachments out and refuses a broken zip', async () => {
    const raw = await composeMail({
      subject: 'Varios',
      attachments: [
        { filename: 'factura.pdf', content: ENVELOPE, contentType: 'application/pdf' },
        { filename: 'impreso.pdf', content: Buffer.from('%PDF-1.4 ...'), contentType: 'application/pdf' },
        { filename: 'respuesta.xml', content: Buffer.from('<?xml version="1.0"?><RespuestaDTE version="1.0"/>') },
        { filename: 'envio.zip', content: zipSync({ 'F13.xml': ENVELOPE }) },
        { filename: 'roto.zip', content: Buffer.from([0x50, 0x4b, 3, 4, 9, 9]) },
      ],
    });
    const { files, refused } = filesOfMail(await simpleParser(raw), DEFAULT_ZIP_LIMITS);
    expect(files.map((file) => [file.fileName, file.root, file.fromZip])).toEqual([
      ['factura.pdf', 'EnvioDTE', undefined],
      ['respuesta.xml', 'RespuestaDTE', undefined],
      ['F13.xml', 'EnvioDTE', 'envio.zip'],
    ]);
    expect(Buffer.from(files[2]!.bytes).equals(ENVELOPE)).toBe(true);
    expect(refused).toEqual([expect.objectContaining({ fileName: 'roto.zip', reason: 'zip-unreadable' })]);
  });
});
