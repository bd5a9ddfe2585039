import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RESOLUTION } from '../../src/local/demo-company.ts';
import { startEmbeddedService, type EmbeddedService } from '../support/embedded-service.ts';
import { decodeTimbres, pdfText, pdfToolsMissing } from '../pdf/support/pdf-tools.ts';
import { tedBytes } from '../pdf/support/signed-documents.ts';
import { sampleRequest } from '../support/requests.ts';

/** The printed representation through the whole service as `npm start` builds it, over real HTTP. */
let embedded: EmbeddedService;
let url: string;

async function token(role: 'issuer' | 'viewer'): Promise<string> {
  return embedded.token(role);
}

async function get(path: string, bearer: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  embedded = await startEmbeddedService();
  ({ url } = embedded);
}, 60_000);

afterAll(async () => {
  await embedded?.close();
});

describe('GET /v1/documents/:id/pdf on the running service', () => {
  it("prints an issued factura for a viewer, its timbre the stored TED and its legend the company's resolution", async () => {
    const response = await fetch(`${url}/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token('issuer')}`, 'content-type': 'application/json' },
      body: JSON.stringify(sampleRequest(33)),
    });
    expect(response.status).toBe(201);
    const { id, folio } = (await response.json()) as { id: string; folio: number };
    const viewer = await token('viewer');
    const pdf = await get(`/v1/documents/${id}/pdf?copy=cedible`, viewer);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (pdfToolsMissing !== undefined) return console.warn(`Not reading the PDF back: ${pdfToolsMissing}.`);
    const xml = (await get(`/v1/documents/${id}/xml`, viewer)).body;
    expect(decodeTimbres(pdf.body)[0]![0]!.bytes.equals(tedBytes(xml))).toBe(true);
    const text = pdfText(pdf.body);
    expect(text).toContain(`Res. ${DEMO_RESOLUTION.number} de ${DEMO_RESOLUTION.date.slice(0, 4)} - Verifique documento: www.sii.cl`);
    expect(text).toContain(`N° ${folio}`);
    expect(text).toContain('CEDIBLE');
  });

  it('answers 422 naming the field for a bad query value', async () => {
    const viewer = await token('viewer');
    const response = await fetch(`${url}/v1/documents/any-id/pdf?format=a4`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await response.json()) as { problems: Array<{ pointer: string }> }).problems.map((problem) => problem.pointer)).toEqual(['format']);
  });
});
