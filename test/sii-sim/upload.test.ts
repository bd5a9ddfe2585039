import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiiSimulator } from '../../src/sii-sim/index.ts';
import { testCredentials } from '../support/credentials.ts';
import { envelopeOf, issueDocument, replaceOnce, startSimulator } from './support/documents.ts';
import { login, SII_USER_AGENT, upload, valueOf } from './support/sii-requests.ts';

let simulator: SiiSimulator;
let url: string;
let token: string;
let envelope: Buffer;

beforeAll(async () => {
  ({ simulator, url } = await startSimulator());
  token = await login(url, (await testCredentials()).certificate);
  envelope = await envelopeOf([await issueDocument(33, 100)]);
});

afterAll(() => simulator.close());

function status(text: string): string | undefined {
  return valueOf(text, 'STATUS');
}

describe('DTEUpload at the gateway', () => {
  it('answers 401 NO ESTA AUTENTICADO without PROG 1.0 in the User-Agent', async () => {
    const answer = await upload(url, envelope, { token, userAgent: 'Mozilla/5.0' });
    expect(answer.status).toBe(401);
    expect(answer.text).toContain('NO ESTA AUTENTICADO');
  });

  it('answers STATUS 5 without a valid TOKEN cookie, echoing the request', async () => {
    for (const options of [{}, { token: 'NOSUCHTOKEN00' }]) {
      const answer = await upload(url, envelope, { ...options, fileName: 'EnvioEjemplo.xml' });
      expect(status(answer.text)).toBe('5');
      expect(answer.text).toMatch(/^<\?xml version="1.0" \?>\n<RECEPCIONDTE>\n<RUTSENDER>76192083-9<\/RUTSENDER>\n<RUTCOMPANY>76192083-9<\/RUTCOMPANY>\n<FILE>EnvioEjemplo.xml<\/FILE>\n<TIMESTAMP>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d<\/TIMESTAMP>\n<STATUS>5<\/STATUS>\n<\/RECEPCIONDTE>\n$/);
    }
  });

  it('answers STATUS 1 when the sender is not the token holder, and 6 for a company that is not a RUT', async () => {
    expect(status((await upload(url, envelope, { token, sender: '11111111-1' })).text)).toBe('1');
    expect(status((await upload(url, envelope, { token, company: '76192083-0' })).text)).toBe('6');
  });

  it('answers STATUS 2 for an empty file and 3 for a body cut short', async () => {
    expect(status((await upload(url, Buffer.alloc(0), { token })).text)).toBe('2');
    const boundary = '7d23e2a11301c4';
    const body = [`--${boundary}`, 'Content-Disposition: form-data; name="rutSender"', '', '76192083', `--${boundary}`, 'Content-Disposition: form-data; name="archivo"; filename="a.xml"', '', '<?xml version="1.0"?><EnvioDTE'].join('\r\n');
    const response = await fetch(`${url}/cgi_dte/UPL/DTEUpload`, {
      method: 'POST',
      headers: { 'User-Agent': SII_USER_AGENT, Cookie: `TOKEN=${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(status(await response.text())).toBe('3');
  });

  it('answers STATUS 7 with DETAIL/ERROR lines for a file that fails the schema, in the SII\'s live (Xerces) wording', async () => {
    const invalid = replaceOnce(replaceOnce(envelope, '<TpoDTE>', '<TipoDTE>'), '</TpoDTE>', '</TipoDTE>');
    const answer = await upload(url, invalid, { token });
    expect(status(answer.text)).toBe('7');
    expect(answer.text).toContain("<DETAIL>\n<ERROR>cvc-complex-type.2.4.a: Invalid content was found starting with element 'TipoDTE'. One of '{&quot;http://www.sii.cl/SiiDte&quot;:TpoDTE}' is expected.</ERROR>\n</DETAIL>");
    expect(answer.text).not.toContain('<TRACKID>');
  });

  it('words STATUS 7 as envio.pdf\'s figure 2.3 does with schemaErrorWording: manual', async () => {
    const manual = await startSimulator({ schemaErrorWording: 'manual' });
    try {
      const manualToken = await login(manual.url, (await testCredentials()).certificate);
      const invalid = replaceOnce(envelope, '<Caratula version="1.0">', '<Caratula version="3.2">');
      const answer = await upload(manual.url, invalid, { token: manualToken });
      expect(status(answer.text)).toBe('7');
      expect(answer.text).toContain('<ERROR>LSX-00265: attribute &quot;version&quot; value &quot;3.2&quot; is wrong (must be &quot;1.0&quot;)</ERROR>');
    } finally {
      await manual.simulator.close();
    }
  });

  it('answers STATUS 7 for XML that is not well-formed, and SCH-00001 for a one-line file', async () => {
    expect(status((await upload(url, Buffer.from('<EnvioDTE><SetDTE>'), { token })).text)).toBe('7');
    const oneLine = Buffer.from(envelope.toString('latin1').replace(/\n/g, ''), 'latin1');
    const answer = await upload(url, oneLine, { token });
    expect(status(answer.text)).toBe('7');
    expect(answer.text).toContain('<ERROR>SCH-00001 Invalid Schema Name</ERROR>');
  });

  it('accepts an envelope with STATUS 0 and a TRACKID, and refuses the same file again within 900 seconds (STATUS 99)', async () => {
    const first = await upload(url, envelope, { token });
    expect(status(first.text)).toBe('0');
    const trackId = valueOf(first.text, 'TRACKID');
    expect(trackId).toMatch(/^\d+$/);
    const again = await upload(url, envelope, { token });
    expect(status(again.text)).toBe('99');
    expect(again.text).toContain(`<ERROR>Archivo ya fue enviado 1 veces con Trackid ${trackId}. Debe esperar 900 segundos antes de reintentar</ERROR>`);
    expect(valueOf((await upload(url, envelope, { token })).text, 'ERROR')).toContain('enviado 2 veces');
  });
});
