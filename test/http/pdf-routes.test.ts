import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DteError } from '../../src/core/errors.ts';
import { documentView } from './support/fake-services.ts';
import { COMPANY, createTestApp, OTHER_COMPANY, problemOf, tokenFor, type TestApp } from './support/test-app.ts';

let test: TestApp;

beforeEach(async () => {
  test = await createTestApp();
});

afterEach(() => test.close());

async function get(url: string, role: 'viewer' | 'issuer' | 'admin' | 'agent' = 'viewer', companies = [COMPANY]) {
  return test.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await tokenFor(role, companies)}` } });
}

describe('GET /v1/documents/:id/pdf', () => {
  it.each(['viewer', 'issuer', 'admin', 'agent'] as const)('answers a %s with the PDF the service rendered, letter original by default', async (role) => {
    const document = test.documents.add(documentView({ type: 33, folio: 12 }));
    const response = await get(`/v1/documents/${document.id}/pdf`, role);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`inline; filename="dte-${COMPANY}-33-12.pdf"`);
    expect(response.body).toBe('%PDF-1.3 fake 33 12 original letter\n%%EOF\n');
    expect(test.documents.callsOf('pdf').map((call) => call.arguments)).toEqual([[document.id, { copy: 'original', format: 'letter' }]]);
  });

  it('passes the copy and the format asked for', async () => {
    const document = test.documents.add(documentView({ type: 52, folio: 3 }));
    const response = await get(`/v1/documents/${document.id}/pdf?copy=cedible&format=roll`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(`inline; filename="dte-${COMPANY}-52-3-cedible.pdf"`);
    expect(test.documents.callsOf('pdf')[0]?.arguments[1]).toEqual({ copy: 'cedible', format: 'roll' });
  });

  it.each([
    ['copy=both', 'copy', 'copy must be one of original, cedible'],
    ['format=a4', 'format', 'format must be one of letter, roll'],
    ['size=big', 'size', 'size is not a known field'],
  ])('refuses ?%s with a 422 naming %s, before the service renders anything', async (query, pointer, message) => {
    const document = test.documents.add(documentView());
    const response = await get(`/v1/documents/${document.id}/pdf?${query}`);
    expect(response.statusCode).toBe(422);
    expect(problemOf(response)).toMatchObject({ code: 'VALIDATION_FAILED', problems: [{ pointer, message }] });
    expect(test.documents.callsOf('pdf')).toEqual([]);
  });

  it("passes the service's refusal of a cedible copy through as a 422 naming copy", async () => {
    const document = test.documents.add(documentView({ type: 61 }));
    test.documents.pdf = async () => {
      throw new DteError('VALIDATION_FAILED', 'The cedible copy was asked of a document that has none.', {
        details: [{ pointer: 'copy', message: 'DTE 61 folio 1: a nota de crédito has no cedible copy.' }],
      });
    };
    const response = await get(`/v1/documents/${document.id}/pdf?copy=cedible`);
    expect(response.statusCode).toBe(422);
    expect(problemOf(response)['problems']).toEqual([{ pointer: 'copy', message: 'DTE 61 folio 1: a nota de crédito has no cedible copy.' }]);
  });

  it("refuses another company's document with 403 and an unknown one with 404, without rendering", async () => {
    const other = test.documents.add(documentView({ companyRut: OTHER_COMPANY }));
    expect((await get(`/v1/documents/${other.id}/pdf`)).statusCode).toBe(403);
    expect((await get('/v1/documents/no-such-document/pdf')).statusCode).toBe(404);
    expect(test.documents.callsOf('pdf')).toEqual([]);
    expect((await test.app.inject({ method: 'GET', url: `/v1/documents/${other.id}/pdf` })).statusCode).toBe(401);
  });

  it('is in the OpenAPI document with its query and its PDF answer', async () => {
    const openapi = JSON.parse((await test.app.inject({ method: 'GET', url: '/openapi.json' })).body);
    const operation = openapi.paths['/v1/documents/{id}/pdf'].get;
    expect(operation.parameters.map((parameter: { name: string }) => parameter.name).sort()).toEqual(['copy', 'format', 'id']);
    expect(Object.keys(operation.responses['200'].content)).toEqual(['application/pdf']);
  });
});
