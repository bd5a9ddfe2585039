import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RegistryGateway } from '../../src/app/ports/index.ts';
import { siiCodeCatalog } from '../../src/composition/resources.ts';
import type { SigningCertificate } from '../../src/core/certificate.ts';
import { CircuitBreakers } from '../../src/sii/circuit-breaker.ts';
import { createRegistryGateway, RegistryClient, type RegistryClientOptions } from '../../src/sii/registry-client.ts';
import { registryEndpoint } from '../../src/sii/registry-endpoints.ts';
import { chileInstant } from '../../src/sii/registry-messages.ts';
import { testCredentials } from '../support/credentials.ts';
import { FakeSii, PATHS } from './fake-sii.ts';
import { manualRuntime, rejectionOf, type ManualRuntime } from './support.ts';

/**
 * The registry client against a fake SII that answers what each test says (test/sii/fake-sii.ts): the
 * requests it writes, and what it makes of every codResp, fault and failure. The local SII is its
 * peer in test/integration/registry-client-simulator.test.ts.
 */
const REGISTRY = '/WSREGISTRORECLAMODTECERT/registroreclamodteservice';
const NAMESPACE = 'http://ws.registroreclamodte.diii.sdi.sii.cl';
const DOCUMENT = { issuerRut: '76.192.083-9', type: 33, folio: 120 };

let certificate: SigningCertificate;
let sii: FakeSii;
let clock: ManualRuntime;

beforeAll(async () => {
  certificate = (await testCredentials()).certificate;
});

beforeEach(async () => {
  sii = await new FakeSii().start();
  clock = manualRuntime();
});

afterEach(() => sii.close());

function client(options: Partial<RegistryClientOptions> = {}): RegistryGateway {
  return createRegistryGateway({
    environment: 'local', baseUrl: sii.url, certificate, catalog: siiCodeCatalog(), runtime: clock.runtime,
    circuitBreakers: new CircuitBreakers({ failureThreshold: 50, coolDownMs: 1_000 }, clock.runtime.now),
    ...options,
  });
}

/** A JAX-WS answer of `operation` whose return holds `content`. */
function answer(operation: string, content: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><ns2:${operation}Response xmlns:ns2="${NAMESPACE}">${content}</ns2:${operation}Response></S:Body></S:Envelope>`;
}

function coded(operation: string, code: number, description: string, extra = ''): string {
  return answer(operation, `<return><codResp>${code}</codResp><descResp>${description}</descResp>${extra}</return>`);
}

function fault(message: string, code = 'S:Server'): { status: number; body: string } {
  return { status: 500, body: `<?xml version='1.0' encoding='UTF-8'?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault><faultcode>${code}</faultcode><faultstring>${message}</faultstring></S:Fault></S:Body></S:Envelope>` };
}

describe('requests', () => {
  it('logs in at the SII and sends the manual\'s fields with the token cookie to the registry', async () => {
    sii.answer(REGISTRY, () => ({ body: coded('ingresarAceptacionReclamoDoc', 0, 'Acción Completada OK') }));
    expect(await client().recordAction(DOCUMENT, 'RCD')).toEqual({ kind: 'recorded', answer: { code: 0, meaning: 'Acción Completada OK', description: 'Acción Completada OK' } });
    expect(sii.requests.map((request) => request.path)).toEqual([PATHS.seed, PATHS.token, REGISTRY]);
    const sent = sii.requestsTo(REGISTRY)[0]!;
    expect(sent.headers.cookie).toBe(`TOKEN=${sii.tokenNumber(1)}`);
    expect(sent.headers.soapaction).toBe('""');
    expect(sent.body.toString('utf8')).toContain(`<ws:ingresarAceptacionReclamoDoc><rutEmisor>76192083</rutEmisor><dvEmisor>9</dvEmisor><tipoDoc>33</tipoDoc><folio>120</folio><accionDoc>RCD</accionDoc></ws:ingresarAceptacionReclamoDoc>`);
    expect(sent.body.toString('utf8')).toContain(`xmlns:ws="${NAMESPACE}"`);
  });

  it('goes to ws2.sii.cl in certification and ws1.sii.cl in production, each at its path', () => {
    expect(registryEndpoint('certificacion')).toEqual({ baseUrl: 'https://ws2.sii.cl', url: 'https://ws2.sii.cl/WSREGISTRORECLAMODTECERT/registroreclamodteservice' });
    expect(registryEndpoint('produccion')).toEqual({ baseUrl: 'https://ws1.sii.cl', url: 'https://ws1.sii.cl/WSREGISTRORECLAMODTE/registroreclamodteservice' });
    expect(registryEndpoint('local', 'http://127.0.0.1:9')).toEqual({ baseUrl: 'http://127.0.0.1:9', url: 'http://127.0.0.1:9/WSREGISTRORECLAMODTECERT/registroreclamodteservice' });
    const production = new RegistryClient({ environment: 'produccion', certificate, catalog: siiCodeCatalog() });
    expect(production.endpoint.url).toBe('https://ws1.sii.cl/WSREGISTRORECLAMODTE/registroreclamodteservice');
  });

  it('sends a K check digit upper-case, and refuses what it cannot send, naming each field, before any request', async () => {
    sii.answer(REGISTRY, () => ({ body: coded('listarEventosHistDoc', 16, 'Documento no presenta eventos de reclamos o acuse de recibo') }));
    await client().listEvents({ issuerRut: '10000013-k', type: 34, folio: 1 });
    expect(sii.requestsTo(REGISTRY)[0]!.body.toString('utf8')).toContain('<rutEmisor>10000013</rutEmisor><dvEmisor>K</dvEmisor>');
    const before = sii.requests.length;
    const error = await rejectionOf(client().recordAction({ issuerRut: '76192083-1', type: 100, folio: 1.5 }, 'rcd' as 'RCD'));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.problems.map((problem) => problem.pointer)).toEqual(['/issuerRut', '/type', '/folio', '/action']);
    expect(error.problems[0]!.message).toContain('the RUT 76192083 has 9');
    expect(sii.requests.length).toBe(before);
  });
});

describe('what each codResp means', () => {
  const refusals: Array<[string, number, string]> = [
    ['ingresarAceptacionReclamoDoc', 1, 'invalid_issuer'], ['ingresarAceptacionReclamoDoc', 2, 'invalid_folio'],
    ['ingresarAceptacionReclamoDoc', 3, 'type_not_served'], ['ingresarAceptacionReclamoDoc', 4, 'invalid_action'],
    ['ingresarAceptacionReclamoDoc', 5, 'already_claimed'], ['ingresarAceptacionReclamoDoc', 6, 'receipt_after_claim'],
    ['ingresarAceptacionReclamoDoc', 7, 'already_recorded'], ['ingresarAceptacionReclamoDoc', 8, 'window_closed'],
    ['ingresarAceptacionReclamoDoc', 9, 'no_records'], ['ingresarAceptacionReclamoDoc', 10, 'not_in_registry'],
    ['ingresarAceptacionReclamoDoc', 11, 'claim_after_acceptance'], ['ingresarAceptacionReclamoDoc', 12, 'acceptance_after_claim'],
    ['ingresarAceptacionReclamoDoc', 13, 'claim_after_receipt'], ['ingresarAceptacionReclamoDoc', 14, 'not_issuer_or_receiver'],
    ['ingresarAceptacionReclamoDoc', 17, 'not_receiver'], ['ingresarAceptacionReclamoDoc', 18, 'not_received'],
    ['ingresarAceptacionReclamoDoc', 19, 'goods_already_claimed'],
    // A code the operation's table does not list is never a success.
    ['ingresarAceptacionReclamoDoc', 15, 'unexpected'], ['ingresarAceptacionReclamoDoc', 23, 'unexpected'],
    ['listarEventosHistDoc', 3, 'type_not_served'], ['listarEventosHistDoc', 14, 'not_issuer_or_receiver'],
    ['listarEventosHistDoc', 17, 'not_receiver'], ['listarEventosHistDoc', 18, 'not_received'], ['listarEventosHistDoc', 0, 'unexpected'],
    ['consultarDocDteCedible', 20, 'type_not_cedible'], ['consultarDocDteCedible', 10, 'not_in_registry'], ['consultarDocDteCedible', 0, 'unexpected'],
  ];

  it.each(refusals)('%s codResp %i is a refusal (%s) with the catalog\'s meaning', async (operation, code, reason) => {
    sii.answer(REGISTRY, () => ({ body: coded(operation, code, 'as the SII words it') }));
    const gateway = client();
    const result = operation === 'ingresarAceptacionReclamoDoc' ? await gateway.recordAction(DOCUMENT, 'ACD')
      : operation === 'listarEventosHistDoc' ? await gateway.listEvents(DOCUMENT) : await gateway.cedibility(DOCUMENT);
    expect(result).toMatchObject({ kind: 'refused', reason, answer: { code, description: 'as the SII words it' } });
    const meaning = siiCodeCatalog().meaning('registroreclamo_codResp', String(code));
    if (reason !== 'unexpected' && meaning !== undefined) expect((result as { answer: { meaning: string } }).answer.meaning).toBe(meaning.replace(/^\([A-Za-z]+\)\s*/, ''));
  });

  it('names the claim the SII quotes in 5, 6 and 12', async () => {
    sii.answer(REGISTRY, () => ({ body: coded('ingresarAceptacionReclamoDoc', 6, 'No se puede acusar recibo de mercadería de DTE previamente reclamado por RFT') }));
    expect(await client().recordAction(DOCUMENT, 'ERM')).toMatchObject({ kind: 'refused', reason: 'receipt_after_claim', claim: 'RFT' });
  });

  it('reads the listing\'s events, with fechaEvento in Chilean time as an instant', async () => {
    const event = '<listaEventosDoc><codEvento>ACD</codEvento><descEvento>Acepta Contenido del Documento</descEvento><rutResponsable>45000055</rutResponsable><dvResponsable>8</dvResponsable><fechaEvento>29-12-2016 12:05:36</fechaEvento></listaEventosDoc>';
    sii.answer(REGISTRY, () => ({ body: coded('listarEventosHistDoc', 15, 'Listado de eventos del documento', event) }));
    expect(await client().listEvents(DOCUMENT)).toEqual({
      kind: 'events', answer: { code: 15, meaning: 'Listado de eventos del documento', description: 'Listado de eventos del documento' },
      events: [{ code: 'ACD', description: 'Acepta Contenido del Documento', responsibleRut: '45000055-8', at: '2016-12-29T15:05:36.000Z', siiTime: '29-12-2016 12:05:36' }],
    });
  });

  it('tells the listing\'s 16 (none yet) from its 8 (none, and the eight days are over)', async () => {
    sii.queue(REGISTRY, () => ({ body: coded('listarEventosHistDoc', 16, 'Documento no presenta eventos de reclamos o acuse de recibo') }),
      () => ({ body: coded('listarEventosHistDoc', 8, 'Pasados 8 días después de la recepción no es posible registrar reclamos o eventos') }));
    expect((await client().listEvents(DOCUMENT)).kind).toBe('no_events');
    expect((await client().listEvents(DOCUMENT)).kind).toBe('window_closed');
  });

  it.each([[23, 'cedible', 'receipt'], [25, 'cedible', 'accepted_by_law'], [24, 'not_cedible', 'claimed'], [21, 'not_cedible', 'annulled'], [22, 'pending', undefined]] as const)(
    'consultarDocDteCedible %i is %s', async (code, kind, basis) => {
      sii.answer(REGISTRY, () => ({ body: coded('consultarDocDteCedible', code, 'x') }));
      const result = await client().cedibility(DOCUMENT);
      expect(result.kind).toBe(kind);
      if (basis !== undefined) expect(result).toMatchObject({ basis });
    });

  it('reads the reception date, and an empty one as unknown', async () => {
    sii.queue(REGISTRY, () => ({ body: answer('consultarFechaRecepcionSii', '<return>21-02-2017 19:02:03</return>') }),
      () => ({ body: answer('consultarFechaRecepcionSii', '<return></return>') }),
      () => ({ body: answer('consultarFechaRecepcionSii', '') }));
    expect(await client().receptionDate(DOCUMENT)).toEqual({ kind: 'received', receivedAt: '2017-02-21T22:02:03.000Z', siiTime: '21-02-2017 19:02:03' });
    expect(await client().receptionDate(DOCUMENT)).toEqual({ kind: 'unknown' });
    expect(await client().receptionDate(DOCUMENT)).toEqual({ kind: 'unknown' });
  });
});

describe('failures', () => {
  it('renews the token when the registry answers the token fault, once', async () => {
    sii.queue(REGISTRY, () => fault('Error de Autenticacion: TOKEN invalido'));
    sii.answer(REGISTRY, () => ({ body: coded('consultarDocDteCedible', 22, 'No existe registro de reclamo o de recepción de mercadería o servicios') }));
    expect((await client().cedibility(DOCUMENT)).kind).toBe('pending');
    expect(sii.tokens).toBe(2);
    expect(sii.requestsTo(REGISTRY).map((request) => request.headers.cookie)).toEqual([`TOKEN=${sii.tokenNumber(1)}`, `TOKEN=${sii.tokenNumber(2)}`]);
  });

  it('retries codResp -1 and 5xx as the policy says, then gives a retryable SII_UNAVAILABLE', async () => {
    sii.answer(REGISTRY, () => ({ body: coded('ingresarAceptacionReclamoDoc', -1, 'Error Interno') }));
    const error = await rejectionOf(client({ retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 10 } }).recordAction(DOCUMENT, 'ACD'));
    expect(error).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true, details: { codResp: -1 } });
    expect(sii.requestsTo(REGISTRY)).toHaveLength(3);
    sii.answer(REGISTRY, () => ({ status: 503, body: 'busy' }));
    const unavailable = await rejectionOf(client({ retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 } }).listEvents(DOCUMENT));
    expect(unavailable).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true, details: { httpStatus: 503 } });
  });

  it('takes an HTML page, a cut answer or a server fault as the SII failing, a client fault as final', async () => {
    for (const body of ['<html><body>Servicio no disponible</body></html>', coded('listarEventosHistDoc', 15, 'x').slice(0, 80)]) {
      sii.answer(REGISTRY, () => ({ body }));
      expect(await rejectionOf(client({ retry: { attempts: 1 } }).listEvents(DOCUMENT))).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true });
    }
    sii.answer(REGISTRY, () => fault('java.lang.NullPointerException'));
    expect(await rejectionOf(client({ retry: { attempts: 1 } }).listEvents(DOCUMENT))).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true, details: { faultcode: 'S:Server' } });
    sii.answer(REGISTRY, () => fault('Cannot find dispatch method', 'S:Client'));
    expect(await rejectionOf(client({ retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 1 } }).listEvents(DOCUMENT))).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: false });
  });

  it('opens the registry host\'s breaker after repeated failures, without touching the login host\'s', async () => {
    sii.answer(REGISTRY, () => ({ status: 502, body: 'bad gateway' }));
    const breakers = new CircuitBreakers({ failureThreshold: 2, coolDownMs: 60_000 }, clock.runtime.now);
    const gateway = client({ retry: { attempts: 1 }, circuitBreakers: breakers, registryBaseUrl: sii.url.replace('127.0.0.1', 'localhost') });
    await rejectionOf(gateway.listEvents(DOCUMENT));
    await rejectionOf(gateway.listEvents(DOCUMENT));
    const calls = sii.requestsTo(REGISTRY).length;
    const open = await rejectionOf(gateway.listEvents(DOCUMENT));
    expect(open.message).toMatch(/paused until/);
    expect(sii.requestsTo(REGISTRY)).toHaveLength(calls);
    expect(breakers.forHost(sii.url).state).toBe('closed');
  });

  it('gives up when the caller cancels', async () => {
    sii.answer(REGISTRY, () => 'hang');
    const controller = new AbortController();
    const pending = client({ runtime: undefined, retry: { attempts: 1 } }).listEvents(DOCUMENT, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await rejectionOf(pending)).toMatchObject({ code: 'SII_UNAVAILABLE', details: { cancelled: true } });
  });
});

describe('Chilean times', () => {
  it('reads summer (UTC-3) and winter (UTC-4) times, and refuses what is not a date', () => {
    expect(chileInstant('05-01-2026 12:00:00')).toBe('2026-01-05T15:00:00.000Z');
    expect(chileInstant('06-07-2026 12:00:00')).toBe('2026-07-06T16:00:00.000Z');
    expect(chileInstant('31-02-2026 12:00:00')).toBeUndefined();
    expect(chileInstant('2026-02-01 12:00:00')).toBeUndefined();
  });
});
