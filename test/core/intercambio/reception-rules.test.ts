import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  answerRecipient, DOCUMENT_RECEPTION_GLOSAS, DOCUMENT_RESULT_GLOSAS, ENVELOPE_RECEPTION_GLOSAS, resultGlosa, sniffXmlRoot,
} from '../../../src/core/intercambio/index.ts';

const catalog = JSON.parse(readFileSync(new URL('../../../resources/sii-codes.json', import.meta.url), 'utf8')) as {
  respuesta_dte_intercambio: Record<string, Record<string, string>>;
};

describe('the codes and glosas', () => {
  it("are the catalog's respuesta_dte_intercambio, code for code", () => {
    const table = catalog.respuesta_dte_intercambio;
    expect(Object.fromEntries(Object.entries(ENVELOPE_RECEPTION_GLOSAS))).toEqual(table['EstadoRecepEnv']);
    expect(Object.fromEntries(Object.entries(DOCUMENT_RECEPTION_GLOSAS))).toEqual(table['EstadoRecepDTE']);
    expect(Object.keys(DOCUMENT_RESULT_GLOSAS)).toEqual(Object.keys(table['EstadoDTE(ResultadoDTE)']!));
  });

  it('a ResultadoDTE glosa is cut to the 256 characters of the schema', () => {
    const glosa = resultGlosa({ result: 'rejected', reason: 'x'.repeat(400), TipoDTE: 33 });
    expect([...glosa]).toHaveLength(256);
    expect(glosa.startsWith('RECHAZADO: xxx')).toBe(true);
  });
});

describe('to whom an answer goes', () => {
  const documents = [{ CorreoEmisor: 'contacto@proveedor.example' }];

  it('the issuer\'s registered exchange address first, then the mail\'s Reply-To and From, then the DTE\'s CorreoEmisor', () => {
    expect(answerRecipient({ registered: 'dte@proveedor.example', mail: { replyTo: 'r@proveedor.example', from: 'f@proveedor.example' }, documents })).toEqual({ address: 'dte@proveedor.example', source: 'registered' });
    expect(answerRecipient({ mail: { replyTo: 'r@proveedor.example', from: 'f@proveedor.example' }, documents })).toEqual({ address: 'r@proveedor.example', source: 'reply-to' });
    expect(answerRecipient({ mail: { from: 'f@proveedor.example' }, documents })).toEqual({ address: 'f@proveedor.example', source: 'from' });
    expect(answerRecipient({ documents })).toEqual({ address: 'contacto@proveedor.example', source: 'CorreoEmisor' });
    expect(answerRecipient({})).toBeUndefined();
  });

  it('takes one plain address only: a list or a header injection from a document is passed over', () => {
    expect(answerRecipient({ documents: [{ CorreoEmisor: 'a@proveedor.example, victima@otra.example' }, { CorreoEmisor: 'b@proveedor.example' }] })).toEqual({ address: 'b@proveedor.example', source: 'CorreoEmisor' });
    expect(answerRecipient({ documents: [{ CorreoEmisor: 'a@proveedor.example\r\nBcc: victima@otra.example' }] })).toBeUndefined();
    expect(answerRecipient({ mail: { from: 'Proveedor <a@proveedor.example>' } })).toBeUndefined();
  });
});

describe('the root of an attachment, read without parsing it', () => {
  it.each([
    ['<?xml version="1.0" encoding="ISO-8859-1"?>\n<EnvioDTE xmlns="http://www.sii.cl/SiiDte">', 'EnvioDTE'],
    ['\uFEFF<!-- respuesta --><?xml-stylesheet href="x"?><RespuestaDTE version="1.0">', 'RespuestaDTE'],
    ['<sii:EnvioRecibos xmlns:sii="http://www.sii.cl/SiiDte">', 'EnvioRecibos'],
    ['%PDF-1.4', undefined],
    ['', undefined],
  ])('%j → %s', (head, root) => {
    expect(sniffXmlRoot(Buffer.from(head, 'utf8'))).toBe(root);
  });
});
