import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistryGateway } from '../../src/app/ports/index.ts';
import { siiCodeCatalog } from '../../src/composition/resources.ts';
import type { SigningCertificate } from '../../src/core/certificate.ts';
import { DteError } from '../../src/core/errors.ts';
import { createRegistryGateway } from '../../src/sii/registry-client.ts';
import { CircuitBreakers, createSiiGateway, fetchTransport, TokenCache, type HttpTransport } from '../../src/sii/index.ts';
import type { SiiSimulator } from '../../src/sii-sim/index.ts';
import { testCredentials, TEST_COMPANY_RUT } from '../support/credentials.ts';
import { envelopeOf, issueDocument, startSimulator } from '../sii-sim/support/documents.ts';
import { advance, certificateOf, receive, RECEIVER_RUT, STRANGER_RUT } from '../sii-sim/support/registry.ts';
import { uploadAccepted } from '../sii-sim/support/sii-requests.ts';
import { everythingShown } from '../sii/support.ts';

/**
 * Contract tests of our registry client (src/sii/registry-client.ts) against the local SII's registry
 * (src/sii-sim/registry-*.ts), over HTTP on 127.0.0.1: each side is written from the manual on its own,
 * so here they must agree on every operation and every codResp the local SII produces. The receiver's
 * client acts for 77777777-7, the issuer's for the test company 76192083-9.
 */
let simulator: SiiSimulator;
let folio = 1;

beforeAll(async () => {
  const credentials = await testCredentials();
  ({ simulator } = await startSimulator({ trustedCafCertificates: [credentials.authority] }));
});

afterAll(async () => {
  await simulator.close();
});

/** A registry client logging in with `certificate` at the local SII, with fast retries. */
function clientOf(certificate: SigningCertificate, options: { transport?: HttpTransport; tokens?: TokenCache; attempts?: number } = {}): RegistryGateway {
  const tokens = options.tokens ?? new TokenCache();
  return createRegistryGateway({
    environment: 'local', baseUrl: simulator.url, certificate, catalog: siiCodeCatalog(), requestTimeoutMs: 5_000,
    retry: { attempts: options.attempts ?? 3, baseDelayMs: 1, maxDelayMs: 5 }, tokenCache: tokens,
    circuitBreakers: new CircuitBreakers({ failureThreshold: 1_000, coolDownMs: 10 }),
    ...(options.transport === undefined ? {} : { transport: options.transport }),
  });
}

/** Node's fetch, recording the path of every request. */
function countingTransport(): { calls: string[]; counting: HttpTransport } {
  const calls: string[] = [];
  return { calls, counting: (request) => {
    calls.push(new URL(request.url).pathname);
    return fetchTransport(request);
  } };
}

async function receiver(): Promise<RegistryGateway> {
  return clientOf(await certificateOf(RECEIVER_RUT));
}

async function issuer(): Promise<RegistryGateway> {
  return clientOf((await testCredentials()).certificate);
}

/** A factura of the test company to 77777777-7 that the local SII has received and accepted. */
async function factura(type: 33 | 34 = 33): Promise<{ issuerRut: string; type: number; folio: number }> {
  const document = { type, folio: folio++ };
  await receive(simulator, [document]);
  return { issuerRut: TEST_COMPANY_RUT, ...document };
}

describe('recording the receiver\'s actions', () => {
  it('records an acceptance (0), and the issuer and receiver then list it (15) with who and when', async () => {
    const document = await factura();
    const before = Date.parse(simulator.clock().now);
    const recorded = await (await receiver()).recordAction(document, 'ACD');
    expect(recorded).toEqual({ kind: 'recorded', answer: { code: 0, meaning: 'Acción Completada OK', description: 'Acción Completada OK' } });
    for (const client of [await issuer(), await receiver()]) {
      const listed = await client.listEvents(document);
      expect(listed.kind).toBe('events');
      if (listed.kind !== 'events') return;
      expect(listed.answer.code).toBe(15);
      expect(listed.events).toHaveLength(1);
      expect(listed.events[0]).toMatchObject({ code: 'ACD', description: 'Acepta Contenido del Documento', responsibleRut: RECEIVER_RUT });
      expect(listed.events[0]!.siiTime).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/);
      // Written to the second in Chilean time, and read back as the same instant.
      expect(Math.abs(Date.parse(listed.events[0]!.at) - before)).toBeLessThan(5_000);
    }
  });

  it('refuses the same event twice (7), a claim after an acceptance (11) and the issuer acting as receiver (17)', async () => {
    const document = await factura(34);
    const client = await receiver();
    expect((await client.recordAction(document, 'ACD')).kind).toBe('recorded');
    expect(await client.recordAction(document, 'ACD')).toMatchObject({ kind: 'refused', reason: 'already_recorded', answer: { code: 7, meaning: 'Evento registrado previamente' } });
    expect(await client.recordAction(document, 'RCD')).toMatchObject({ kind: 'refused', reason: 'claim_after_acceptance', answer: { code: 11 } });
    expect(await (await issuer()).recordAction(document, 'ERM')).toMatchObject({ kind: 'refused', reason: 'not_receiver', answer: { code: 17 } });
    // The receipt of goods after an acceptance is recorded.
    expect((await client.recordAction(document, 'ERM')).kind).toBe('recorded');
    const listed = await client.listEvents(document);
    expect(listed.kind === 'events' ? listed.events.map((event) => event.code) : listed).toEqual(['ACD', 'ERM']);
  });

  it('after a claim, refuses an acceptance (12) and a receipt (6) naming the claim, and records another claim', async () => {
    const document = await factura();
    const client = await receiver();
    expect((await client.recordAction(document, 'RFP')).kind).toBe('recorded');
    expect(await client.recordAction(document, 'ACD')).toEqual({
      kind: 'refused', reason: 'acceptance_after_claim', claim: 'RFP',
      answer: { code: 12, meaning: 'No se puede dar por aceptado DTE previamente rechazado por XXX', description: 'No se puede dar por aceptado DTE previamente rechazado por RFP' },
    });
    expect(await client.recordAction(document, 'ERM')).toMatchObject({ kind: 'refused', reason: 'receipt_after_claim', claim: 'RFP', answer: { code: 6 } });
    expect((await client.recordAction(document, 'RFT')).kind).toBe('recorded');
    expect(await client.recordAction(document, 'RFT')).toMatchObject({ reason: 'already_recorded', answer: { code: 7 } });
  });

  it('after a receipt of goods, refuses a claim (13) and records the acceptance', async () => {
    const document = await factura();
    const client = await receiver();
    expect((await client.recordAction(document, 'ERM')).kind).toBe('recorded');
    expect(await client.recordAction(document, 'RCD')).toMatchObject({ kind: 'refused', reason: 'claim_after_receipt', answer: { code: 13 } });
    expect((await client.recordAction(document, 'ACD')).kind).toBe('recorded');
  });

  it('refuses what the registry does not serve: an issuer RUT under 1000 (1), folio 0 (2), a guía (3), an unknown action (4)', async () => {
    const client = await receiver();
    await receive(simulator, [{ type: 52, folio: 1 }]);
    expect(await client.recordAction({ issuerRut: '999-7', type: 33, folio: 1 }, 'ACD')).toMatchObject({ reason: 'invalid_issuer', answer: { code: 1, meaning: 'Rut Emisor Erróneo' } });
    expect(await client.recordAction({ issuerRut: TEST_COMPANY_RUT, type: 33, folio: 0 }, 'ACD')).toMatchObject({ reason: 'invalid_folio', answer: { code: 2 } });
    expect(await client.recordAction({ issuerRut: TEST_COMPANY_RUT, type: 52, folio: 1 }, 'ACD')).toMatchObject({ reason: 'type_not_served', answer: { code: 3 } });
    const document = await factura();
    // An untyped caller can send any three letters; the SII judges them.
    expect(await client.recordAction(document, 'XYZ' as 'ACD')).toMatchObject({ reason: 'invalid_action', answer: { code: 4, meaning: 'Acción inválida' } });
    expect(simulator.registryEvents().filter((event) => event.Folio === document.folio)).toEqual([]);
  });

  it('answers 10 for a document it never received, and the listing, cedibility and reception date agree', async () => {
    const unknown = { issuerRut: TEST_COMPANY_RUT, type: 33, folio: 400 };
    const client = await receiver();
    expect(await client.recordAction(unknown, 'RCD')).toMatchObject({ kind: 'refused', reason: 'not_in_registry', answer: { code: 10 } });
    expect(await client.listEvents(unknown)).toMatchObject({ kind: 'refused', reason: 'not_in_registry' });
    expect(await client.cedibility(unknown)).toMatchObject({ kind: 'refused', reason: 'not_in_registry' });
    expect(await client.receptionDate(unknown)).toEqual({ kind: 'unknown' });
  });

  it('answers 10 for a document the SII received before 2017-01-14, when the registry began', async () => {
    // Dated before its CAF, a document is rejected (HED-3-305) and would answer 10 for that reason: so
    // it is dated as usual, and the SII's clock is set back to receive it before the registry began.
    const document = { type: 33 as const, folio: folio++ };
    const offset = simulator.clock().offsetMs;
    simulator.setClock({ at: '2016-12-10T12:00:00-03:00' });
    try {
      expect(await receive(simulator, [document])).toMatch(/ACEPTADOS>1</);
    } finally {
      simulator.setClock({ offsetMs: offset });
    }
    expect(await (await receiver()).recordAction({ issuerRut: TEST_COMPANY_RUT, ...document }, 'ACD')).toMatchObject({ reason: 'not_in_registry', answer: { code: 10 } });
  });

  it('answers 18 for a document whose envelope is held unprocessed, and records once it is released', async () => {
    const document = { issuerRut: TEST_COMPANY_RUT, type: 33, folio: folio++ };
    simulator.setHolds({ rules: [{ type: 33, folio: document.folio }] });
    const token = simulator.createToken(TEST_COMPANY_RUT);
    await uploadAccepted(simulator.url, token, await envelopeOf([await issueDocument(33, document.folio)]));
    await simulator.whenIdle();
    const client = await receiver();
    expect(await client.recordAction(document, 'ACD')).toMatchObject({ kind: 'refused', reason: 'not_received', answer: { code: 18, meaning: 'Documento no ha sido recibido' } });
    expect(await client.listEvents(document)).toMatchObject({ reason: 'not_received' });
    expect(simulator.release()).toHaveLength(1);
    await simulator.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await client.recordAction(document, 'ACD')).kind).toBe('recorded');
  });

  it('lets neither issuer nor receiver list the events (14), and gives it no reception date', async () => {
    const document = await factura();
    const stranger = clientOf(await certificateOf(STRANGER_RUT));
    expect(await stranger.listEvents(document)).toMatchObject({ kind: 'refused', reason: 'not_issuer_or_receiver', answer: { code: 14 } });
    expect(await stranger.receptionDate(document)).toEqual({ kind: 'unknown' });
    expect(await stranger.recordAction(document, 'ACD')).toMatchObject({ reason: 'not_receiver', answer: { code: 17 } });
  });
});

describe('the eight days (Ley 19.983 art. 4), on the moved clock', () => {
  it('records a claim on day 7 and refuses one on day 9 (8); the listing then says so', async () => {
    const early = await factura();
    const late = await factura();
    const quiet = await factura();
    const client = await receiver();
    const received = await client.receptionDate(late);
    expect(received.kind).toBe('received');
    advance(simulator, 7);
    expect((await client.recordAction(early, 'RCD')).kind).toBe('recorded');
    advance(simulator, 2);
    expect(await client.recordAction(late, 'RCD')).toEqual({
      kind: 'refused', reason: 'window_closed',
      answer: { code: 8, meaning: 'Pasados 8 días después de la recepción no es posible registrar reclamos o eventos', description: 'Pasados 8 días después de la recepción no es posible registrar reclamos o eventos' },
    });
    // A document without events after the window: 8; the claimed one still lists its claim (15).
    expect(await (await issuer()).listEvents(quiet)).toMatchObject({ kind: 'window_closed', answer: { code: 8 } });
    const listed = await (await issuer()).listEvents(early);
    expect(listed.kind === 'events' ? listed.events.map((event) => event.code) : listed).toEqual(['RCD']);
    // The reception date has not moved with the clock: it is when the SII got the document.
    expect(await client.receptionDate(late)).toEqual(received);
  });
});

describe('the other queries', () => {
  it('lists nothing yet (16) and gives the reception date the eight days run from', async () => {
    const before = Date.parse(simulator.clock().now);
    const document = await factura();
    const client = await issuer();
    expect(await client.listEvents(document)).toMatchObject({ kind: 'no_events', answer: { code: 16 } });
    const received = await client.receptionDate(document);
    expect(received.kind).toBe('received');
    if (received.kind !== 'received') return;
    expect(received.siiTime).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(Date.parse(received.receivedAt) - before).toBeGreaterThanOrEqual(-1_000);
    expect(Date.parse(received.receivedAt) - before).toBeLessThan(10_000);
  });

  it('answers cedibility: pending (22), cedible with the receipt (23), not cedible when claimed (24), cedible by law after eight days (25), annulled (21), not a cedible type (20)', async () => {
    const [pending, received, claimed, byLaw, annulled] = [await factura(), await factura(), await factura(), await factura(), await factura()];
    const buyer = await receiver();
    const seller = await issuer();
    expect(await seller.cedibility(pending)).toMatchObject({ kind: 'pending', answer: { code: 22 } });
    await buyer.recordAction(received, 'ERM');
    expect(await seller.cedibility(received)).toMatchObject({ kind: 'cedible', basis: 'receipt', answer: { code: 23, meaning: 'DTE Cedible, sin reclamos' } });
    await buyer.recordAction(claimed, 'RCD');
    expect(await seller.cedibility(claimed)).toMatchObject({ kind: 'not_cedible', basis: 'claimed', answer: { code: 24 } });
    const reference = { Referencia: [{ TpoDocRef: '33', FolioRef: String(annulled.folio), FchRef: '2026-11-20', CodRef: 1, RazonRef: 'ANULA FACTURA' }] };
    await receive(simulator, [{ type: 61, folio: folio++, overrides: reference }]);
    expect(await seller.cedibility(annulled)).toMatchObject({ kind: 'not_cedible', basis: 'annulled', answer: { code: 21 } });
    const listed = await seller.listEvents(annulled);
    expect(listed.kind === 'events' ? listed.events.map((event) => [event.code, event.responsibleRut]) : listed).toEqual([['NCA', TEST_COMPANY_RUT]]);
    advance(simulator, 9);
    expect(await seller.cedibility(byLaw)).toMatchObject({ kind: 'cedible', basis: 'accepted_by_law', answer: { code: 25 } });
    // Any authenticated caller may ask (the output table names no authorisation code): a factoring company, say.
    expect(await clientOf(await certificateOf(STRANGER_RUT)).cedibility({ ...byLaw, type: 52 })).toMatchObject({ kind: 'refused', reason: 'type_not_cedible', answer: { code: 20 } });
  });
});

describe('sessions and failures', () => {
  it('uses the token the SII client logged in with when both share one cache', async () => {
    const document = await factura();
    const { certificate } = await testCredentials();
    const { calls, counting } = countingTransport();
    const tokens = new TokenCache();
    const sii = createSiiGateway({ environment: 'local', baseUrl: simulator.url, certificate, catalog: siiCodeCatalog(), transport: counting, tokenCache: tokens });
    await sii.documentStatus({ companyRut: TEST_COMPANY_RUT, receiverRut: RECEIVER_RUT, type: 33, folio: document.folio, issueDate: '2026-11-20', totalAmount: 1 });
    expect(calls.filter((path) => path.endsWith('GetTokenFromSeed.jws'))).toHaveLength(1);
    expect((await clientOf(certificate, { transport: counting, tokens }).listEvents(document)).kind).toBe('no_events');
    expect(calls.filter((path) => path.endsWith('GetTokenFromSeed.jws'))).toHaveLength(1);
  });

  it('renews a token the SII refuses (its SOAP fault) and repeats the call once', async () => {
    const document = await factura();
    const { certificate } = await testCredentials();
    const { calls, counting } = countingTransport();
    const tokens = new TokenCache();
    // A token the SII never issued sits in the cache, as after the SII dropped a session.
    await tokens.obtain(TokenCache.key(simulator.url, certificate.certificate.fingerprint256), async () => 'NOTATOKEN1234');
    const client = clientOf(certificate, { transport: counting, tokens });
    expect((await client.listEvents(document)).kind).toBe('no_events');
    expect(calls.filter((path) => path.endsWith('GetTokenFromSeed.jws'))).toHaveLength(1);
    expect(calls.filter((path) => path.includes('registroreclamodteservice'))).toHaveLength(2);
    calls.length = 0;
    expect((await client.cedibility(document)).kind).toBe('pending');
    expect(calls).toEqual(['/WSREGISTRORECLAMODTECERT/registroreclamodteservice']);
  });

  it('a token refused even when fresh is a retryable SII_UNAVAILABLE that quotes no token', async () => {
    const document = await factura();
    const sent: string[] = [];
    const recording: HttpTransport = (request) => {
      const cookie = request.headers.Cookie;
      if (cookie !== undefined) sent.push(cookie.replace('TOKEN=', ''));
      return fetchTransport(request);
    };
    simulator.setFaults({ expiredTokenRate: 1 });
    try {
      const error = await clientOf(await certificateOf(RECEIVER_RUT), { transport: recording }).recordAction(document, 'ACD').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DteError);
      expect(error).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true });
      expect((error as Error).message).toMatch(/TOKEN invalido.*freshly issued token/s);
      expect(sent).toHaveLength(2);
      for (const token of sent) expect(everythingShown(error as DteError)).not.toContain(token);
    } finally {
      simulator.setFaults({ expiredTokenRate: 0 });
    }
    expect(simulator.registryEvents().filter((event) => event.Folio === document.folio)).toEqual([]);
  });

  it('codResp -1 (Error Interno) is a retryable SII_UNAVAILABLE, and nothing is recorded', async () => {
    const document = await factura();
    simulator.setFaults({ registryErrorRate: 1 });
    try {
      const error = await (await receiver()).recordAction(document, 'RCD').catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true, details: { codResp: -1 } });
    } finally {
      simulator.setFaults({ registryErrorRate: 0 });
    }
    expect(simulator.registryEvents().filter((event) => event.Folio === document.folio)).toEqual([]);
  });

  it('the registry\'s 5xx are retried; a request it cannot be sent is refused before anything goes out', async () => {
    const document = await factura();
    const client = await receiver();
    simulator.setFaults({ serverErrorRate: 1, services: ['RegistroReclamoDte'] });
    const failed = await client.listEvents(document).catch((caught: unknown) => caught);
    simulator.setFaults({ serverErrorRate: 0, services: null });
    expect(failed).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true, details: { httpStatus: expect.any(Number) } });
    expect((await client.listEvents(document)).kind).toBe('no_events');
    const invalid = await client.recordAction({ issuerRut: '76192083-1', type: 3.5, folio: -1 }, 'acd' as 'ACD').catch((caught: unknown) => caught);
    expect(invalid).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((invalid as DteError).problems.map((problem) => problem.pointer)).toEqual(['/issuerRut', '/type', '/folio', '/action']);
  });
});

describe('a receiver\'s action on the SII\'s site (the admin knob)', () => {
  it('is seen by the issuer\'s client, and follows the same rules', async () => {
    const document = await factura();
    const response = await fetch(`${simulator.url}/admin/registry/events`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rutEmisor: TEST_COMPANY_RUT, tipoDoc: 33, folio: document.folio, accionDoc: 'RCD' }),
    });
    expect(response.status).toBe(201);
    const listed = await (await issuer()).listEvents(document);
    expect(listed.kind === 'events' ? listed.events.map((event) => [event.code, event.responsibleRut, event.description]) : listed)
      .toEqual([['RCD', RECEIVER_RUT, 'Reclamo al Contenido del Documento']]);
    const again = simulator.recordReceiverAction({ rutEmisor: TEST_COMPANY_RUT, tipoDoc: 33, folio: document.folio, accionDoc: 'ACD' });
    expect(again).toMatchObject({ codResp: 12, descResp: 'No se puede dar por aceptado DTE previamente rechazado por RCD' });
  });
});
