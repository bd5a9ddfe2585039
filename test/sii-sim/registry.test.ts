import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClientAsync } from 'soap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiiSimulator } from '../../src/sii-sim/index.ts';
import { testCredentials, TEST_COMPANY_RUT } from '../support/credentials.ts';
import { startSimulator } from './support/documents.ts';
import { advance, receive, RECEIVER_RUT } from './support/registry.ts';

/**
 * The local SII's registry of acceptances and claims over HTTP, with requests written by hand as the
 * manual's annex shows them (no client of the project): the wire format, the token, the fields'
 * validation, the events and dates as written, the admin knobs and the state across a restart.
 */
const PATH = '/WSREGISTRORECLAMODTECERT/registroreclamodteservice';
const NAMESPACE = 'http://ws.registroreclamodte.diii.sdi.sii.cl';

let simulator: SiiSimulator;
let url: string;
let folio = 1;

beforeAll(async () => {
  const credentials = await testCredentials();
  ({ simulator, url } = await startSimulator({ trustedCafCertificates: [credentials.authority] }));
});

afterAll(async () => {
  await simulator.close();
});

/** The request of the manual's annex: `ws:<operation>` with unqualified fields. */
function request(operation: string, fields: Record<string, string>): string {
  const values = Object.entries(fields).map(([name, value]) => `<${name}>${value}</${name}>`).join('');
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ws="${NAMESPACE}"><soapenv:Header/><soapenv:Body><ws:${operation}>${values}</ws:${operation}></soapenv:Body></soapenv:Envelope>`;
}

async function call(operation: string, fields: Record<string, string>, token: string | undefined, path = PATH): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' };
  if (token !== undefined) headers.Cookie = `TOKEN=${token}`;
  const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: request(operation, fields) });
  return { status: response.status, text: await response.text() };
}

function fieldsOf(documentFolio: number, extra: Record<string, string> = {}): Record<string, string> {
  return { rutEmisor: '76192083', dvEmisor: '9', tipoDoc: '33', folio: String(documentFolio), ...extra };
}

function codeOf(text: string): string | undefined {
  return /<codResp>(-?\d+)<\/codResp>/.exec(text)?.[1];
}

async function accepted(): Promise<number> {
  const documentFolio = folio++;
  await receive(simulator, [{ type: 33, folio: documentFolio }]);
  return documentFolio;
}

describe('the wire', () => {
  it('answers as the manual\'s annex shows: S:Envelope, ns2:<operation>Response, return with codResp and descResp', async () => {
    const documentFolio = await accepted();
    const answer = await call('ingresarAceptacionReclamoDoc', fieldsOf(documentFolio, { accionDoc: 'ACD' }), simulator.createToken(RECEIVER_RUT));
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(`<?xml version='1.0' encoding='UTF-8'?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><ns2:ingresarAceptacionReclamoDocResponse xmlns:ns2="${NAMESPACE}"><return><codResp>0</codResp><descResp>Acción Completada OK</descResp></return></ns2:ingresarAceptacionReclamoDocResponse></S:Body></S:Envelope>`);
    const listing = await call('listarEventosHistDoc', fieldsOf(documentFolio), simulator.createToken(TEST_COMPANY_RUT));
    expect(listing.text).toMatch(new RegExp('<return><codResp>15</codResp><descResp>Listado de eventos del documento</descResp><listaEventosDoc><codEvento>ACD</codEvento>'
      + '<descEvento>Acepta Contenido del Documento</descEvento><rutResponsable>77777777</rutResponsable><dvResponsable>7</dvResponsable>'
      + '<fechaEvento>\\d{2}-\\d{2}-\\d{4} \\d{2}:\\d{2}:\\d{2}</fechaEvento></listaEventosDoc></return>'));
    const date = await call('consultarFechaRecepcionSii', fieldsOf(documentFolio), simulator.createToken(TEST_COMPANY_RUT));
    expect(date.text).toMatch(/<ns2:consultarFechaRecepcionSiiResponse xmlns:ns2="[^"]+"><return>\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}<\/return>/);
  });

  it('answers the production path as well, and refuses a missing, unknown or expired token with the SOAP fault', async () => {
    const documentFolio = await accepted();
    const production = await call('consultarDocDteCedible', fieldsOf(documentFolio), simulator.createToken(RECEIVER_RUT), '/WSREGISTRORECLAMODTE/registroreclamodteservice');
    expect(codeOf(production.text)).toBe('22');
    for (const token of [undefined, 'NOSUCHTOKEN12']) {
      const refused = await call('listarEventosHistDoc', fieldsOf(documentFolio), token);
      expect(refused.status).toBe(500);
      expect(refused.text).toContain('<S:Fault><faultcode>S:Server</faultcode><faultstring>Error de Autenticacion: TOKEN invalido</faultstring></S:Fault>');
    }
    const token = simulator.createToken(RECEIVER_RUT);
    advance(simulator, 1 / 12);
    expect((await call('listarEventosHistDoc', fieldsOf(documentFolio), token)).text).toContain('TOKEN invalido');
  });

  it('serves our WSDL at ?wsdl, pointing at itself, and a generic SOAP client built from it reads the answers', async () => {
    const wsdl = await (await fetch(`${url}${PATH}?wsdl`)).text();
    expect(wsdl).toContain('OUR WSDL, NOT THE SII\'S');
    expect(wsdl).toContain(`<soap:address location="${url}${PATH}"/>`);
    const documentFolio = await accepted();
    const client = await createClientAsync(`${url}${PATH}?wsdl`);
    client.addHttpHeader('Cookie', `TOKEN=${simulator.createToken(RECEIVER_RUT)}`);
    const [recorded] = await client.ingresarAceptacionReclamoDocAsync({ rutEmisor: '76192083', dvEmisor: '9', tipoDoc: '33', folio: String(documentFolio), accionDoc: 'ERM' }) as [{ return: { codResp: number; descResp: string } }];
    expect(recorded.return).toEqual({ codResp: 0, descResp: 'Acción Completada OK' });
    const [listed] = await client.listarEventosHistDocAsync({ rutEmisor: '76192083', dvEmisor: '9', tipoDoc: '33', folio: String(documentFolio) }) as [{ return: { codResp: number; listaEventosDoc: Array<{ codEvento: string }> } }];
    expect(listed.return.codResp).toBe(15);
    expect(listed.return.listaEventosDoc.map((event) => event.codEvento)).toEqual(['ERM']);
  });

  it('answers a request that is not SOAP, or names no operation it has, with a client fault', async () => {
    const token = simulator.createToken(RECEIVER_RUT);
    const notSoap = await fetch(`${url}${PATH}`, { method: 'POST', headers: { Cookie: `TOKEN=${token}` }, body: '<nada/>' });
    expect(notSoap.status).toBe(500);
    expect(await notSoap.text()).toContain('<faultcode>S:Client</faultcode>');
    const unknown = await call('getVersion', {}, token);
    expect(unknown.text).toContain(`Cannot find dispatch method for {${NAMESPACE}}getVersion`);
  });
});

describe('the fields, in the order of the manual\'s table', () => {
  it.each([
    ['a dotted RUT', { rutEmisor: '76.192.083' }, '1'],
    ['a RUT under 1000', { rutEmisor: '999', dvEmisor: '7' }, '1'],
    ['a lower-case k', { rutEmisor: '10000013', dvEmisor: 'k' }, '1'],
    ['a wrong check digit', { dvEmisor: '1' }, '1'],
    ['a type it does not serve', { tipoDoc: '61' }, '3'],
    ['a type that is not a number', { tipoDoc: 'FA' }, '3'],
    ['a folio of eleven digits', { folio: '12345678901' }, '2'],
    ['folio zero', { folio: '0' }, '2'],
    ['no action', { accionDoc: '' }, '4'],
    ['an action in lower case', { accionDoc: 'acd' }, '4'],
    ['the consultation "action" CNS', { accionDoc: 'CNS' }, '4'],
  ])('refuses %s', async (_name, change, code) => {
    const answer = await call('ingresarAceptacionReclamoDoc', { ...fieldsOf(1), accionDoc: 'ACD', ...change }, simulator.createToken(RECEIVER_RUT));
    expect(codeOf(answer.text)).toBe(code);
  });

  it('answers a type the cedibility query cannot cede with 20, and the reception date of a bad request with an empty string', async () => {
    const token = simulator.createToken(RECEIVER_RUT);
    expect(codeOf((await call('consultarDocDteCedible', fieldsOf(1, { tipoDoc: '52' }), token)).text)).toBe('20');
    expect((await call('consultarFechaRecepcionSii', fieldsOf(1, { tipoDoc: '52' }), token)).text).toContain('<return></return>');
  });
});

describe('the admin knob for a receiver\'s action', () => {
  async function post(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${url}/admin/registry/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, json: await response.json() as Record<string, unknown> };
  }

  it('records as the document\'s receiver (201), refuses under the registry\'s rules (409, 404), and lists what it holds', async () => {
    const documentFolio = await accepted();
    const recorded = await post({ rutEmisor: TEST_COMPANY_RUT, tipoDoc: 33, folio: documentFolio, accionDoc: 'ERM' });
    expect(recorded.status).toBe(201);
    expect(recorded.json).toMatchObject({ codResp: 0, event: { codEvento: 'ERM', rutResponsable: RECEIVER_RUT, via: 'site', Folio: documentFolio } });
    expect(await post({ rutEmisor: TEST_COMPANY_RUT, tipoDoc: 33, folio: documentFolio, accionDoc: 'RFT' })).toMatchObject({ status: 409, json: { codResp: 13 } });
    expect(await post({ rutEmisor: TEST_COMPANY_RUT, tipoDoc: 33, folio: documentFolio, accionDoc: 'ACD', rutReceptor: TEST_COMPANY_RUT })).toMatchObject({ status: 409, json: { codResp: 17 } });
    expect(await post({ rutEmisor: TEST_COMPANY_RUT, tipoDoc: 33, folio: 9_999, accionDoc: 'ACD' })).toMatchObject({ status: 404, json: { codResp: 10 } });
    const listed = await (await fetch(`${url}/admin/registry/events?rutEmisor=${TEST_COMPANY_RUT}&folio=${documentFolio}`)).json() as { events: Array<{ codEvento: string }> };
    expect(listed.events.map((event) => event.codEvento)).toEqual(['ERM']);
  });

  it('names each field that is wrong', async () => {
    const answer = await post({ rutEmisor: '76192083', tipoDoc: '33', accionDoc: 'ACD', extra: 1 });
    expect(answer.status).toBe(400);
    expect((answer.json.problems as string[]).join('\n')).toMatch(/rutEmisor: .*RUT[\s\S]*tipoDoc[\s\S]*folio[\s\S]*extra/);
  });
});

describe('the clock', () => {
  it('moves by days or milliseconds, to a given time, and back; refuses anything else', async () => {
    const put = async (body: string) => fetch(`${url}/admin/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
    const before = simulator.clock();
    const moved = await (await put('{"offsetDays": 9}')).json() as { now: string; offsetMs: number };
    expect(moved.offsetMs).toBe(9 * 86_400_000);
    expect(Date.parse(moved.now) - Date.parse(before.now)).toBeGreaterThan(9 * 86_400_000 - before.offsetMs - 5_000);
    const at = await (await put('{"at": "2027-01-01T12:00:00-03:00"}')).json() as { now: string };
    expect(Math.abs(Date.parse(at.now) - Date.parse('2027-01-01T15:00:00Z'))).toBeLessThan(5_000);
    for (const body of ['{"offsetDays": 1, "at": "2027-01-01T00:00:00Z"}', '{"at": "mañana"}', '{"offsetDays": 99999}', 'not json']) {
      expect((await put(body)).status).toBe(400);
    }
    expect(await (await fetch(`${url}/admin/clock`, { method: 'DELETE' })).json()).toMatchObject({ offsetMs: 0 });
    simulator.setClock({ offsetMs: before.offsetMs });
  });
});

describe('across a restart', () => {
  it('keeps the events, the receptions they count from and the moved clock', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sii-sim-registry-'));
    const credentials = await testCredentials();
    try {
      const first = await startSimulator({ trustedCafCertificates: [credentials.authority], dataDirectory: directory });
      await receive(first.simulator, [{ type: 33, folio: 1 }]);
      expect(first.simulator.recordReceiverAction({ rutEmisor: TEST_COMPANY_RUT, tipoDoc: 33, folio: 1, accionDoc: 'RFP' })).toMatchObject({ codResp: 0 });
      advance(first.simulator, 3);
      await first.simulator.close();
      const second = await startSimulator({ trustedCafCertificates: [credentials.authority], dataDirectory: directory });
      try {
        expect(second.simulator.clock().offsetMs).toBe(3 * 86_400_000);
        expect(second.simulator.registryEvents().map((event) => event.codEvento)).toEqual(['RFP']);
        expect(second.simulator.recordReceiverAction({ rutEmisor: TEST_COMPANY_RUT, tipoDoc: 33, folio: 1, accionDoc: 'RFP' })).toMatchObject({ codResp: 7 });
        advance(second.simulator, 6);
        expect(second.simulator.recordReceiverAction({ rutEmisor: TEST_COMPANY_RUT, tipoDoc: 33, folio: 1, accionDoc: 'RCD' })).toMatchObject({ codResp: 8 });
      } finally {
        await second.simulator.close();
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
