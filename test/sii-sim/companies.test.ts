import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiiSimulator } from '../../src/sii-sim/index.ts';
import { testCredentials } from '../support/credentials.ts';
import { envelopeOf, issueDocument, startSimulator } from './support/documents.ts';
import { callSoap, followEnvelope, login, upload, uploadAccepted, valueOf } from './support/sii-requests.ts';

let simulator: SiiSimulator;
let url: string;
let token: string;

beforeAll(async () => {
  // The test envelopes state resolution 2026-01-15 number 0; the simulator expects number 80.
  ({ simulator, url } = await startSimulator({ companies: [{ rut: '76192083-9', resolutionDate: '2026-01-15', resolutionNumber: 80, signers: ['76192083-9'] }] }));
  token = await login(url, (await testCredentials()).certificate);
});

afterAll(() => simulator.close());

describe('known companies', () => {
  it('refuses uploads for a company it does not know (STATUS 6) and answers EMP for its documents', async () => {
    const envelope = await envelopeOf([await issueDocument(33, 90)]);
    expect(valueOf((await upload(url, envelope, { token, company: '77777777-7' })).text, 'STATUS')).toBe('6');
    const answer = await callSoap(url, 'QueryEstDte', 'getEstDte', {
      RutConsultante: '76192083', DvConsultante: '9', RutCompania: '77777777', DvCompania: '7', RutReceptor: '76192083', DvReceptor: '9',
      TipoDte: '33', FolioDte: '1', FechaEmisionDte: '20112026', MontoDte: '100', Token: token,
    });
    expect(valueOf(answer.inner, 'ESTADO')).toBe('EMP');
  });

  it('rejects a Caratula whose resolution is not the company\'s (RCT, CRT-3-19)', async () => {
    const trackId = await uploadAccepted(url, token, await envelopeOf([await issueDocument(33, 91)]));
    const { answer } = await followEnvelope(url, token, trackId);
    expect(valueOf(answer, 'ESTADO')).toBe('RCT');
    expect(answer).toContain('<SECCION>CRT</SECCION><NIVEL>3</NIVEL><CODIGO>19</CODIGO><DESCRIPCION>Fecha/Numero Resolucion Invalido</DESCRIPCION>');
  });
});
