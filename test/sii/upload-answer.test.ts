import { describe, expect, it } from 'vitest';
import { siiCodeCatalog } from '../../src/composition/resources.ts';
import { parseRut } from '../../src/core/rut.ts';
import { TokenRejectedError } from '../../src/sii/sii-errors.ts';
import { buildUploadForm, interpretUploadAnswer, parseUploadAnswer, safeFileName } from '../../src/sii/upload-envelope.ts';
import { fixture } from './fake-sii.ts';
import { errorOf } from './support.ts';

const catalog = siiCodeCatalog();

const parties = { senderRut: '17605402-6', companyRut: '76192083-9' };

function answer(text: string, httpStatus = 200) {
  return interpretUploadAnswer(parseUploadAnswer(Buffer.from(text, 'latin1'), httpStatus), parties, catalog);
}


describe('the upload answer <RECEPCIONDTE>', () => {
  it('reads STATUS 0 of the manual as a receipt with the track id, not a verdict', () => {
    expect(answer(fixture('RECEPCIONDTE_status0.xml'))).toEqual({
      trackId: '39', timestamp: '2002-11-25 18:51:44', fileName: 'EnvioEjemplo.xml', ...parties, repeated: false,
    });
  });

  it('reads STATUS 7 of the manual as a rejection that lists the schema errors', () => {
    const error = errorOf(() => answer(fixture('RECEPCIONDTE_status7.xml')));
    expect(error).toMatchObject({ code: 'SII_REJECTED', retryable: false });
    expect(error.message).toContain('STATUS 7: Esquema Invalido');
    expect(error.message).toContain('LSX-00265: attribute "version" value "3.2" is wrong');
    expect(error.details).toMatchObject({ status: '7', errors: [expect.stringContaining('LSX-00265'), expect.stringContaining('LSX-00213')] });
    expect(error.details).toMatchObject({
      schemaErrors: [
        { code: 'LSX-00265', element: 'version', text: 'LSX-00265: attribute "version" value "3.2" is wrong (must be ".2")' },
        { code: 'LSX-00213', element: 'sequence', text: 'LSX-00213: only 0 occurrences of particle "sequence", minimum is 1' },
      ],
    });
  });

  it('reads STATUS 7 in the live Xerces wording into codes and elements, as the manual\'s', () => {
    const live = '<RECEPCIONDTE>\n<STATUS>7</STATUS>\n<DETAIL>\n'
      + '<ERROR>cvc-complex-type.2.4.a: Invalid content was found starting with element \'TipoDTE\'. One of \'{&quot;http://www.sii.cl/SiiDte&quot;:TpoDTE}\' is expected.</ERROR>\n'
      + '<ERROR>cvc-maxLength-valid: Value \'xxxxx\' with length = \'45\' is not facet-valid with respect to maxLength \'40\' for type \'#AnonType_GiroRecep\'.</ERROR>\n'
      + '<ERROR>cvc-type.3.1.3: The value \'xxxxx\' of element \'GiroRecep\' is not valid.</ERROR>\n'
      + '<ERROR>cvc-complex-type.4: Attribute \'version\' must appear on element \'ds:Caratula\'.</ERROR>\n'
      + '<ERROR>[155]LSX-00291 value 0.52 is not declared</ERROR>\n'
      + '<ERROR>SCH-00001 Invalid Schema Name</ERROR>\n'
      + '</DETAIL>\n</RECEPCIONDTE>';
    const error = errorOf(() => answer(live));
    expect(error).toMatchObject({ code: 'SII_REJECTED', retryable: false });
    expect((error.details as { schemaErrors: unknown[] }).schemaErrors.map((line) => ({ ...(line as object), text: undefined }))).toEqual([
      { code: 'cvc-complex-type.2.4.a', element: 'TipoDTE', text: undefined },
      { code: 'cvc-maxLength-valid', text: undefined },
      { code: 'cvc-type.3.1.3', element: 'GiroRecep', text: undefined },
      { code: 'cvc-complex-type.4', element: 'Caratula', text: undefined },
      { code: 'LSX-00291', line: 155, text: undefined },
      { code: 'SCH-00001', text: undefined },
    ]);
    expect(error.message).toContain("cvc-complex-type.2.4.a: Invalid content was found starting with element 'TipoDTE'. One of '{\"http://www.sii.cl/SiiDte\":TpoDTE}' is expected.");
  });

  it('retries the SII\'s trouble (3, 9, unknown) and not the sender\'s (1, 2, 6, 8)', () => {
    const status = (value: string) => errorOf(() => answer(`<RECEPCIONDTE><STATUS>${value}</STATUS></RECEPCIONDTE>`));
    for (const value of ['3', '9', '4', '42']) expect(status(value)).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true });
    for (const value of ['1', '2', '6', '8']) expect(status(value)).toMatchObject({ code: 'SII_REJECTED', retryable: false });
    expect(status('9').message).toContain('Sistema Bloqueado');
    expect(status('42').message).toContain('Error Interno');
    expect(status('1').message).toContain("17605402-6, the certificate's owner, may not send files for 76192083-9");
  });

  it('signals a refused token on STATUS 5, on HTTP 401 and on "NO ESTA AUTENTICADO"', () => {
    expect(() => answer('<RECEPCIONDTE><STATUS>5</STATUS></RECEPCIONDTE>')).toThrow(TokenRejectedError);
    expect(() => answer('NO ESTA AUTENTICADO', 401)).toThrow(TokenRejectedError);
    expect(() => answer('<html><body>NO ESTA AUTENTICADO</body></html>')).toThrow(TokenRejectedError);
  });

  it('takes the earlier track id when the SII refuses the same file within 900 s', () => {
    const repeated = '<RECEPCIONDTE><STATUS>99</STATUS><DETAIL><ERROR>Archivo ya fue enviado 2 veces con Trackid 0012345. Debe esperar 900 segundos antes de reintentar</ERROR></DETAIL></RECEPCIONDTE>';
    expect(answer(repeated)).toMatchObject({ trackId: '12345', repeated: true });
    const withoutTrackId = errorOf(() => answer('<RECEPCIONDTE><STATUS>99</STATUS></RECEPCIONDTE>'));
    expect(withoutTrackId).toMatchObject({ retryable: true, details: expect.objectContaining({ retryLater: true, retryAfterSeconds: 900 }) });
  });

  it('calls HTML, a missing STATUS and STATUS 0 without TRACKID malformed and retryable', () => {
    for (const text of ['<html><body>Error 500</body></html>', '<RECEPCIONDTE><FILE>x</FILE></RECEPCIONDTE>', '<RECEPCIONDTE><STATUS>0</STATUS></RECEPCIONDTE>', 'garbage']) {
      expect(errorOf(() => answer(text))).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true });
    }
  });
});

describe('the upload form', () => {
  it('has the fields in the SII\'s order, CRLF line ends and the file as given', () => {
    const envelope = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<EnvioDTE>\xd1</EnvioDTE>\n', 'latin1');
    const form = buildUploadForm(parseRut('17605402-6')!, parseRut('76192083-9')!, 'dir/envio "1".xml', envelope);
    const boundary = /boundary=(.+)$/.exec(form.contentType)?.[1];
    expect(form.contentType).toMatch(/^multipart\/form-data; boundary=-+[0-9a-f]{24}$/);
    const text = form.body.toString('latin1');
    expect([...text.matchAll(/name="(\w+)"/g)].map((match) => match[1])).toEqual(['rutSender', 'dvSender', 'rutCompany', 'dvCompany', 'archivo']);
    expect(text).toContain(`--${boundary}\r\nContent-Disposition: form-data; name="rutSender"\r\n\r\n17605402\r\n`);
    expect(text).toContain('name="dvCompany"\r\n\r\n9\r\n');
    expect(text).toContain('name="archivo"; filename="envio _1_.xml"\r\nContent-Type: text/xml\r\n\r\n');
    expect(form.body.includes(envelope)).toBe(true);
    expect(text.endsWith(`\r\n--${boundary}--\r\n`)).toBe(true);
    expect(safeFileName('')).toBe('EnvioDTE.xml');
  });
});
