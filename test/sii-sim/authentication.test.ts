import { generateKeyPairSync } from 'node:crypto';
import { createClientAsync } from 'soap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSeed } from '../../src/core/sign-seed.ts';
import type { SiiSimulator } from '../../src/sii-sim/index.ts';
import { testCredentials } from '../support/credentials.ts';
import { startSimulator } from './support/documents.ts';
import { callSoap, getSeed, getToken, login, valueOf } from './support/sii-requests.ts';

let simulator: SiiSimulator;
let url: string;

beforeAll(async () => {
  ({ simulator, url } = await startSimulator());
});

afterAll(() => simulator.close());

async function signedSeed(seed?: string): Promise<string> {
  const { certificate } = await testCredentials();
  return signSeed(seed ?? (await getSeed(url)), certificate);
}

describe('the SII services at their own paths', () => {
  it.each(['CrSeed', 'GetTokenFromSeed', 'QueryEstUp', 'QueryEstDte'])('serves %s.jws?WSDL with the address rewritten to the simulator', async (service) => {
    const response = await fetch(`${url}/DTEWS/${service}.jws?WSDL`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain(`<wsdlsoap:address location="${url}/DTEWS/${service}.jws"/>`);
    expect(text).not.toContain('location="https://maullin.sii.cl');
  });

  it('answers getSeed in the SII rpc/encoded shape with a twelve-digit seed', async () => {
    const answer = await callSoap(url, 'CrSeed', 'getSeed');
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<soapenv:Envelope xmlns:soapenv="http:\/\/schemas.xmlsoap.org\/soap\/envelope\/"/);
    expect(answer.text).toContain('<ns1:getSeedResponse soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="https://maullin.sii.cl/DTEWS/CrSeed.jws">');
    expect(answer.text).toContain('<getSeedReturn xsi:type="xsd:string">&lt;?xml version=&quot;1.0&quot; encoding=&quot;UTF-8&quot;?&gt;');
    expect(answer.inner).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<SII:RESPUESTA xmlns:SII="http:\/\/www.sii.cl\/XMLSchema"><SII:RESP_HDR><ESTADO>00<\/ESTADO><\/SII:RESP_HDR><SII:RESP_BODY><SEMILLA>\d{12}<\/SEMILLA><\/SII:RESP_BODY><\/SII:RESPUESTA>$/);
  });

  it('answers an unknown operation with a SOAP fault', async () => {
    const answer = await callSoap(url, 'CrSeed', 'getSemilla');
    expect(answer.status).toBe(500);
    expect(answer.text).toContain("<faultstring>No such operation 'getSemilla'</faultstring>");
  });

  it('answers unknown paths with 404', async () => {
    expect((await fetch(`${url}/DTEWS/Nada.jws`)).status).toBe(404);
  });
});

describe('GetTokenFromSeed', () => {
  it('gives a token for a seed signed with the certificate, once', async () => {
    const signed = await signedSeed();
    const answer = await getToken(url, signed);
    expect(valueOf(answer, 'ESTADO')).toBe('00');
    expect(valueOf(answer, 'GLOSA')).toBe('Token Creado');
    expect(valueOf(answer, 'TOKEN')).toMatch(/^[A-Za-z0-9]{13}$/);
    const again = await getToken(url, signed);
    expect(valueOf(again, 'ESTADO')).toBe('08');
    expect(valueOf(again, 'GLOSA')).toBe('NO PUEDO ACT. SEED CON TOKEN');
  });

  it('refuses a seed it never gave (08 NO Existe SEED)', async () => {
    const answer = await getToken(url, await signedSeed('000000000001'));
    expect(valueOf(answer, 'ESTADO')).toBe('08');
    expect(valueOf(answer, 'GLOSA')).toBe('NO Existe SEED');
  });

  it('refuses a seed older than its lifetime (08 TIME-OUT DEL SEED)', async () => {
    const short = await startSimulator({ seedLifetimeMs: 1 });
    try {
      const { certificate } = await testCredentials();
      const signed = signSeed(await getSeed(short.url), certificate);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const answer = await getToken(short.url, signed);
      expect(valueOf(answer, 'ESTADO')).toBe('08');
      expect(valueOf(answer, 'GLOSA')).toBe('TIME-OUT DEL SEED');
    } finally {
      await short.simulator.close();
    }
  });

  it('answers the manual ESTADO for each malformed signed seed', async () => {
    const signed = await signedSeed();
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    const otherModulus = Buffer.from(otherKey.n!, 'base64url').toString('base64');
    const cases: Array<[string, string, string]> = [
      ['not XML', '<getToken><item>', '02'],
      ['no Semilla', signed.replace(/<item><Semilla>\d+<\/Semilla><\/item>/, '<item></item>'), '06'],
      ['no Signature', signed.replace(/<Signature[\s\S]*<\/Signature>/, ''), '04'],
      ['no X509Certificate', signed.replace(/<X509Data>[\s\S]*<\/X509Data>/, ''), '11'],
      ['RSAKeyValue of another key', signed.replace(/<Modulus>[\s\S]*<\/Modulus>/, `<Modulus>${otherModulus}</Modulus>`), '21'],
      ['a changed SignatureValue', signed.replace(/<SignatureValue>(.)/, (_match, first: string) => `<SignatureValue>${first === 'A' ? 'B' : 'A'}`), '05'],
    ];
    for (const [what, pszXml, estado] of cases) {
      const answer = await getToken(url, pszXml);
      expect(valueOf(answer, 'ESTADO'), what).toBe(estado);
      expect(answer, what).not.toContain('<TOKEN>');
    }
    // The seed was not spent by the failed attempts with a readable seed.
    expect(valueOf(await getToken(url, signed), 'ESTADO')).toBe('00');
  });

  it('refuses a seed whose signed content changed after signing (05)', async () => {
    const seed = await getSeed(url);
    const signed = (await signedSeed(seed)).replace('<item>', '<item><Extra>1</Extra>');
    expect(valueOf(await getToken(url, signed), 'ESTADO')).toBe('05');
  });
});

describe('a client written for the SII (node-soap reading the WSDL)', () => {
  /** node-soap keeps the answer's xsi:type, as it does with the real SII, and puts the string in $value. */
  const returned = (value: unknown): string => (typeof value === 'string' ? value : String((value as { $value: unknown }).$value));

  it('logs in by changing only the host', async () => {
    const { certificate } = await testCredentials();
    const seedClient = await createClientAsync(`${url}/DTEWS/CrSeed.jws?WSDL`);
    // getSeedRequest has no parts; node-soap sends such an rpc call only when given null arguments.
    const [seedResult] = (await seedClient.getSeedAsync(null)) as [{ getSeedReturn: unknown }];
    const seed = valueOf(returned(seedResult.getSeedReturn), 'SEMILLA')!;
    const tokenClient = await createClientAsync(`${url}/DTEWS/GetTokenFromSeed.jws?WSDL`);
    const [tokenResult] = (await tokenClient.getTokenAsync({ pszXml: signSeed(seed, certificate) })) as [{ getTokenReturn: unknown }];
    expect(valueOf(returned(tokenResult.getTokenReturn), 'ESTADO')).toBe('00');
    expect(valueOf(returned(tokenResult.getTokenReturn), 'TOKEN')).toMatch(/^\w{13}$/);
  });
});

describe('tokens', () => {
  it('expire after their lifetime, and status queries then answer 002 Token Inactivo', async () => {
    const short = await startSimulator({ tokenLifetimeMs: 300 });
    try {
      const { certificate } = await testCredentials();
      const token = await login(short.url, certificate);
      const parameters = { RutCompania: '76192083', DvCompania: '9', TrackId: '1', Token: token };
      expect(valueOf((await callSoap(short.url, 'QueryEstUp', 'getEstUp', parameters)).inner, 'ESTADO')).toBe('-11');
      await new Promise((resolve) => setTimeout(resolve, 320));
      const answer = (await callSoap(short.url, 'QueryEstUp', 'getEstUp', parameters)).inner;
      expect(valueOf(answer, 'ESTADO')).toBe('002');
      expect(valueOf(answer, 'GLOSA')).toBe('Token Inactivo');
      const unknown = (await callSoap(short.url, 'QueryEstUp', 'getEstUp', { ...parameters, Token: 'NOSUCHTOKEN00' })).inner;
      expect(valueOf(unknown, 'ESTADO')).toBe('003');
    } finally {
      await short.simulator.close();
    }
  });
});
