import { describe, expect, it } from 'vitest';
import { siiCodeCatalog } from '../../src/composition/resources.ts';
import { judgeEnvelope } from '../../src/app/submission/verdicts.ts';
import { signSeed } from '../../src/core/sign-seed.ts';
import type { HttpTransport } from '../../src/sii/http-transport.ts';
import { SiiClient } from '../../src/sii/sii-client.ts';
import { fixture, PATHS, respuesta, SEED, soapAnswer } from './fake-sii.ts';
import { everythingShown, rejectionOf, useFakeSii } from './support.ts';

const setup = useFakeSii();
const { gateway } = setup;

const ENVELOPE = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<EnvioDTE version="1.0">\n<SetDTE ID="SetDoc">\xd1</SetDTE>\n</EnvioDTE>\n', 'latin1');

describe('login and upload', () => {
  it('gets a seed, signs it, gets a token and uploads the envelope with it', async () => {
    const receipt = await gateway().upload(ENVELOPE, { companyRut: '76.235.291-5', fileName: 'ENVIO_1.xml' });
    expect(receipt).toEqual({
      trackId: '39', timestamp: '2002-11-25 18:51:44', fileName: 'EnvioEjemplo.xml',
      senderRut: setup.certificate.signerRut, companyRut: '76235291-5', repeated: false,
    });
    expect(setup.sii.requests.map((request) => request.path)).toEqual([PATHS.seed, PATHS.token, PATHS.upload]);

    const [seed, token, upload] = setup.sii.requests;
    expect(seed!.soap?.operation).toBe('getSeed');
    expect(token!.soap?.operation).toBe('getToken');
    // The SII receives exactly the signed seed (RSA PKCS#1 v1.5 signing is deterministic).
    expect(token!.soap?.parameters.pszXml).toBe(signSeed(SEED, setup.certificate));

    expect(upload!.method).toBe('POST');
    expect(upload!.headers.cookie).toBe(`TOKEN=${setup.sii.tokenNumber(1)}`);
    expect(upload!.headers['user-agent']).toBe('Mozilla/4.0 (compatible; PROG 1.0; Windows NT 5.0; YComp 5.0.2.4)');
    expect(upload!.headers['content-length']).toBe(String(upload!.body.byteLength));
    expect(upload!.headers['transfer-encoding']).toBeUndefined();
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(upload!.headers['content-type'] ?? '')?.[1];
    expect(boundary).toBeDefined();
    const parts = upload!.body.toString('latin1').split(`--${boundary}`).slice(1, -1);
    const [sender, senderDigit] = (setup.certificate.signerRut ?? '').split('-');
    expect(parts.map((part) => /name="(\w+)"/.exec(part)?.[1])).toEqual(['rutSender', 'dvSender', 'rutCompany', 'dvCompany', 'archivo']);
    expect(parts.slice(0, 4).map((part) => part.split('\r\n\r\n')[1])).toEqual([`${sender}\r\n`, `${senderDigit}\r\n`, '76235291\r\n', '5\r\n']);
    expect(parts[4]).toContain('filename="ENVIO_1.xml"\r\nContent-Type: text/xml\r\n\r\n');
    expect(upload!.body.includes(ENVELOPE)).toBe(true);
  });

  it('keeps the token for later calls and asks getEstUp with the WSDL\'s parameters', async () => {
    const client = gateway();
    await client.upload(ENVELOPE, { companyRut: '76192083-9' });
    const status = judgeEnvelope(await client.envelopeStatus('0251', '76192083-9'));
    expect(status).toMatchObject({ trackId: '251', state: 'EPR', final: true, verdict: 'accepted' });
    expect(setup.sii.requestsTo(PATHS.seed)).toHaveLength(1);
    const query = setup.sii.requestsTo(PATHS.envelopeStatus)[0]!;
    expect(query.soap?.operation).toBe('getEstUp');
    expect(query.soap?.parameters).toEqual({ RutCompania: '76192083', DvCompania: '9', TrackId: '251', Token: setup.sii.tokenNumber(1) });
    expect(Object.keys(query.soap?.parameters ?? {})).toEqual(['RutCompania', 'DvCompania', 'TrackId', 'Token']);
  });

  it('asks getEstDte with the WSDL\'s parameters and the date as DDMMAAAA', async () => {
    const status = await gateway().documentStatus({
      companyRut: '76192083-9', receiverRut: '60910000-1', type: 33, folio: 12, issueDate: '2026-11-20', totalAmount: 119_000,
    });
    expect(status).toEqual({ state: 'DOK', meaning: expect.stringContaining('Datos Coinciden'), errorCode: '0', attentionNumber: '1' });
    const parameters = setup.sii.requestsTo(PATHS.documentStatus)[0]!.soap?.parameters ?? {};
    const [consultant, consultantDigit] = (setup.certificate.signerRut ?? '').split('-');
    expect(Object.entries(parameters)).toEqual([
      ['RutConsultante', consultant], ['DvConsultante', consultantDigit], ['RutCompania', '76192083'], ['DvCompania', '9'],
      ['RutReceptor', '60910000'], ['DvReceptor', '1'], ['TipoDte', '33'], ['FolioDte', '12'], ['FechaEmisionDte', '20112026'],
      ['MontoDte', '119000'], ['Token', setup.sii.tokenNumber(1)],
    ]);
  });

  it('refuses a bad RUT, track id or query before asking the SII anything', async () => {
    const client = gateway();
    expect(await rejectionOf(client.upload(ENVELOPE, { companyRut: '76192083-8' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await rejectionOf(client.envelopeStatus('12a', '76192083-9'))).toMatchObject({ code: 'VALIDATION_FAILED' });
    const query = await rejectionOf(client.documentStatus({ companyRut: 'x', receiverRut: '60910000-1', type: 33, folio: 0, issueDate: '20-11-2026', totalAmount: 1 }));
    expect(query.problems.map((problem) => problem.pointer)).toEqual(['/companyRut', '/issueDate', '/folio']);
    expect(await rejectionOf(client.upload(new Uint8Array(), { companyRut: '76192083-9' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(setup.sii.requests).toHaveLength(0);
  });
});

describe('token renewal', () => {
  it('gets a fresh token and uploads once more when the upload answers 401 NO ESTA AUTENTICADO', async () => {
    setup.sii.queue(PATHS.upload, () => ({ status: 401, contentType: 'text/html', body: '<html>NO ESTA AUTENTICADO</html>' }));
    const receipt = await gateway().upload(ENVELOPE, { companyRut: '76192083-9' });
    expect(receipt.trackId).toBe('39');
    expect(setup.sii.requests.map((request) => request.path)).toEqual([PATHS.seed, PATHS.token, PATHS.upload, PATHS.seed, PATHS.token, PATHS.upload]);
    expect(setup.sii.requestsTo(PATHS.upload).map((request) => request.headers.cookie)).toEqual([`TOKEN=${setup.sii.tokenNumber(1)}`, `TOKEN=${setup.sii.tokenNumber(2)}`]);
  });

  it('renews on upload STATUS 5 and on QueryEstUp ESTADO 002', async () => {
    const client = gateway();
    setup.sii.queue(PATHS.upload, () => ({ body: '<RECEPCIONDTE><STATUS>5</STATUS></RECEPCIONDTE>' }));
    await client.upload(ENVELOPE, { companyRut: '76192083-9' });
    expect(setup.sii.tokens).toBe(2);
    setup.sii.queue(PATHS.envelopeStatus, () => ({ body: soapAnswer('getEstUp', respuesta('<ESTADO>002</ESTADO><GLOSA>Token Inactivo</GLOSA>')) }));
    const status = await client.envelopeStatus('251', '76192083-9');
    expect(status.state).toBe('EPR');
    expect(setup.sii.tokens).toBe(3);
    expect(setup.sii.requestsTo(PATHS.envelopeStatus).map((request) => request.soap?.parameters.Token)).toEqual([setup.sii.tokenNumber(2), setup.sii.tokenNumber(3)]);
  });

  it('gives up after a fresh token is refused too, without quoting either token', async () => {
    setup.sii.answer(PATHS.upload, () => ({ status: 401, body: 'NO ESTA AUTENTICADO' }));
    const error = await rejectionOf(gateway().upload(ENVELOPE, { companyRut: '76192083-9' }));
    expect(error).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true });
    expect(error.message).toContain('refused a freshly issued token');
    expect(setup.sii.requestsTo(PATHS.upload)).toHaveLength(2);
    expect(everythingShown(error)).not.toMatch(/TKN\d+x/);
  });

  it('logs in again once the token has gone unused for its lifetime, and not before', async () => {
    const client = gateway({ tokenLifetimeMs: 1_000 });
    await client.envelopeStatus('251', '76192083-9');
    setup.clock.advance(800);
    await client.envelopeStatus('251', '76192083-9');
    setup.clock.advance(800);
    await client.envelopeStatus('251', '76192083-9');
    expect(setup.sii.tokens).toBe(1);
    setup.clock.advance(1_001);
    await client.envelopeStatus('251', '76192083-9');
    expect(setup.sii.tokens).toBe(2);
  });

  it('shares one login between concurrent calls', async () => {
    const client = gateway();
    await Promise.all([client.envelopeStatus('1', '76192083-9'), client.envelopeStatus('2', '76192083-9'), client.envelopeStatus('3', '76192083-9')]);
    expect(setup.sii.requestsTo(PATHS.seed)).toHaveLength(1);
  });
});

describe('environments', () => {
  it('changes only the host between certificación, producción and local', async () => {
    const urls: string[] = [];
    const transport: HttpTransport = async (request) => {
      urls.push(request.url);
      const path = new URL(request.url).pathname;
      const body = path === PATHS.seed ? fixture('CrSeed_getSeedResponse.soap.xml')
        : path === PATHS.token ? soapAnswer('getToken', respuesta('<ESTADO>00</ESTADO>', '<TOKEN>ABCDEF</TOKEN>'))
          : soapAnswer('getEstUp', fixture('QueryEstUp_EPR.xml'));
      return { status: 200, headers: {}, body: Buffer.from(body) };
    };
    for (const environment of ['certificacion', 'produccion'] as const) {
      await gateway({ environment, baseUrl: undefined, transport }).envelopeStatus('251', '76192083-9');
    }
    expect(urls).toEqual([
      'https://maullin.sii.cl/DTEWS/CrSeed.jws', 'https://maullin.sii.cl/DTEWS/GetTokenFromSeed.jws', 'https://maullin.sii.cl/DTEWS/QueryEstUp.jws',
      'https://palena.sii.cl/DTEWS/CrSeed.jws', 'https://palena.sii.cl/DTEWS/GetTokenFromSeed.jws', 'https://palena.sii.cl/DTEWS/QueryEstUp.jws',
    ]);
    expect(new SiiClient({ environment: 'local', certificate: setup.certificate, catalog: siiCodeCatalog() }).baseUrl).toBe('http://127.0.0.1:8089');
    expect(() => new SiiClient({ environment: 'local', baseUrl: 'ftp://x', certificate: setup.certificate, catalog: siiCodeCatalog() })).toThrow(/use http/);
  });

  it('needs a certificate that carries its owner\'s RUT', () => {
    expect(() => gateway({ certificate: { ...setup.certificate, signerRut: undefined } })).toThrow(/no RUT/);
  });
});
