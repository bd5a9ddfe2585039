import { describe, expect, it } from 'vitest';
import { siiCodeCatalog } from '../../src/composition/resources.ts';
import { parseSeedAnswer, parseTokenAnswer } from '../../src/sii/authentication.ts';
import { parseDocumentStatus } from '../../src/sii/document-status.ts';
import { judgeEnvelope } from '../../src/app/submission/verdicts.ts';
import { parseEnvelopeStatus } from '../../src/sii/envelope-status.ts';
import { TokenRejectedError } from '../../src/sii/sii-errors.ts';
import { fixture, respuesta } from './fake-sii.ts';
import { errorOf } from './support.ts';

const catalog = siiCodeCatalog();

/** An answer as the client reads it and the application judges it. */
const judged = (xml: string, trackId: string) => judgeEnvelope(parseEnvelopeStatus(xml, trackId, catalog));

/** The `…Return` string of a transcribed SOAP answer, unescaped. */
function innerOf(soapFixture: string): string {
  const escaped = /<\w+Return[^>]*>([\s\S]*?)<\/\w+Return>/.exec(fixture(soapFixture))?.[1] ?? '';
  return escaped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}


describe('CrSeed and GetTokenFromSeed answers', () => {
  it('reads the seed and the token of the transcribed real answers', () => {
    expect(parseSeedAnswer(innerOf('CrSeed_getSeedResponse.soap.xml'), catalog)).toBe('000000000078');
    expect(parseTokenAnswer(innerOf('GetTokenFromSeed_getTokenResponse.soap.xml'), catalog)).toBe('XAuSbYXiNh9Ik');
  });

  it('reads the seed of the manual\'s §6.1.1 example (SEED, another namespace)', () => {
    const answer = '<SII:RESPUESTA xmlns:SII="http://www.sii.cl/xxx"><SII:RESP_HDR><ESTADO>00</ESTADO></SII:RESP_HDR><SII:RESP_BODY><SEED>00000000064</SEED></SII:RESP_BODY></SII:RESPUESTA>';
    expect(parseSeedAnswer(answer, catalog)).toBe('00000000064');
  });

  it('turns CrSeed ESTADO -1 into a retryable error with the catalog\'s meaning', () => {
    const error = errorOf(() => parseSeedAnswer(respuesta('<ESTADO>-1</ESTADO><GLOSA>Error : (Message Exception)</GLOSA>'), catalog));
    expect(error.code).toBe('SII_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('No se registro línea en el Archivo de Configuración');
  });

  it('refuses a bad signature for good and retries a timed-out seed', () => {
    const signature = errorOf(() => parseTokenAnswer(respuesta('<ESTADO>05</ESTADO><GLOSA>XML invalido</GLOSA>'), catalog));
    expect(signature).toMatchObject({ code: 'SII_REJECTED', retryable: false });
    expect(signature.message).toContain('XML Inválido, firma invalida');
    const unregistered = errorOf(() => parseTokenAnswer(respuesta('<ESTADO>-07</ESTADO>'), catalog));
    expect(unregistered.message).toContain('registered at the SII');
    const timedOut = errorOf(() => parseTokenAnswer(respuesta('<ESTADO>08</ESTADO><GLOSA>TIME-OUT DEL SEED</GLOSA>'), catalog));
    expect(timedOut).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true });
  });

  it('calls an answer without TOKEN, or not XML, malformed and retryable', () => {
    expect(errorOf(() => parseTokenAnswer(respuesta('<ESTADO>00</ESTADO>'), catalog))).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true });
    const html = errorOf(() => parseSeedAnswer('<html><body>Service Temporarily Unavailable', catalog));
    expect(html.retryable).toBe(true);
    expect(html.message).toMatch(/could not be read: it is not well-formed XML/);
    expect(errorOf(() => parseSeedAnswer('<SII:RESPUESTA xmlns:SII="x"/>', catalog)).message).toContain('RESP_HDR is missing');
  });
});

describe('QueryEstUp answers', () => {
  it('reads the manual\'s EPR answer: one type, all accepted', () => {
    const status = judged(fixture('QueryEstUp_EPR.xml'), '251');
    expect(status).toEqual({
      trackId: '251',
      state: 'EPR',
      stateMeaning: expect.stringContaining('Envío Procesado'),
      glosa: 'Envio Procesado',
      final: true,
      verdict: 'accepted',
      counts: [{ type: 33, informed: 1, accepted: 1, rejected: 0, repairs: 0 }],
      codes: [],
      documents: [],
      attentionNumber: '532 ( 2004/06/14 16:44:20)',
    });
  });

  it('reads the live answer with RESP_BODY before RESP_HDR and three types, one with reparos', () => {
    const status = judged(fixture('QueryEstUp_EPR_live_multi_type.xml'), '253081988');
    expect(status.trackId).toBe('253081988');
    expect(status.counts).toEqual([
      { type: 33, informed: 22, accepted: 22, rejected: 0, repairs: 0 },
      { type: 56, informed: 2, accepted: 2, rejected: 0, repairs: 0 },
      { type: 61, informed: 6, accepted: 3, rejected: 0, repairs: 3 },
    ]);
    expect(status.final).toBe(true);
    expect(status.verdict).toBe('accepted_with_repairs');
  });

  it('reads per-document results (DETALLE_REP_RECH) with the catalog\'s meaning of each code', () => {
    const body = '<TIPO_DOCTO>33</TIPO_DOCTO><INFORMADOS>3</INFORMADOS><ACEPTADOS>1</ACEPTADOS><RECHAZADOS>1</RECHAZADOS><REPAROS>1</REPAROS>'
      + '<DETALLE_REP_RECH><TIPO_DOCTO>33</TIPO_DOCTO><FOLIO>12</FOLIO><ESTADO>RCH</ESTADO><DESCRIPCION>Dte Rechazado</DESCRIPCION>'
      + '<ERROR><SECCION>DTE</SECCION><NIVEL>3</NIVEL><CODIGO>101</CODIGO><DESCRIPCION>Folio Repetido</DESCRIPCION><DETALLE>33-12</DETALLE></ERROR>'
      + '<ERROR><SECCION>CRT</SECCION><NIVEL>3</NIVEL><CODIGO>11</CODIGO><DESCRIPCION>RUT envia diferente</DESCRIPCION></ERROR></DETALLE_REP_RECH>'
      + '<DETALLE_REP_RECH><TIPO_DOCTO>33</TIPO_DOCTO><FOLIO>13</FOLIO><ESTADO>RPR</ESTADO>'
      + '<ERROR><SECCION>XYZ</SECCION><NIVEL>2</NIVEL><CODIGO>9</CODIGO><DESCRIPCION>Algo raro</DESCRIPCION></ERROR></DETALLE_REP_RECH>';
    const status = judged(respuesta('<TRACKID>7</TRACKID><ESTADO>EPR</ESTADO>', body), '7');
    expect(status.verdict).toBe('mixed');
    expect(status.documents).toEqual([
      {
        type: 33, folio: 12, state: 'RCH', description: 'Dte Rechazado', codes: [
          { code: 'DTE-3-101', message: 'Folio para este Tipo de documento ya fue recibido en el SII', detail: '33-12' },
          { code: 'CRT-3-11', message: 'RUT envia diferente al Upload' },
        ],
      },
      { type: 33, folio: 13, state: 'RPR', codes: [{ code: 'XYZ-2-9', message: 'Algo raro' }] },
    ]);
    // The count group at body level is not disturbed by the TIPO_DOCTO inside the details.
    expect(status.counts).toEqual([{ type: 33, informed: 3, accepted: 1, rejected: 1, repairs: 1 }]);
  });

  it('treats processing steps as not final and envelope rejections as final', () => {
    expect(judged(respuesta('<ESTADO>SOK</ESTADO><GLOSA>Schema Validado</GLOSA>'), '1')).toMatchObject({ state: 'SOK', final: false, counts: [] });
    const rejected = judged(respuesta('<ESTADO>RCT</ESTADO><GLOSA>Rechazado por Error en Caratula</GLOSA><ERR_CODE>19</ERR_CODE>'), '1');
    expect(rejected).toMatchObject({ final: true, verdict: 'rejected', errorCode: '19', errorMessage: 'Rechazado por Error en Caratula' });
    expect(judged(respuesta('<ESTADO>ZZZ</ESTADO><GLOSA>Nuevo</GLOSA>'), '1')).toMatchObject({ final: false, stateMeaning: 'Nuevo' });
  });

  it('reads the codes about the whole envelope that come with a rejection', () => {
    const body = '<ERROR><SECCION>CRT</SECCION><NIVEL>3</NIVEL><CODIGO>19</CODIGO><DESCRIPCION>Fecha/Numero Resolucion Invalido</DESCRIPCION><DETALLE>NroResol 0</DETALLE></ERROR>';
    const rejected = judged(respuesta('<ESTADO>RCT</ESTADO><GLOSA>Rechazado por Error en Caratula</GLOSA>', body), '1');
    expect(rejected).toMatchObject({
      verdict: 'rejected',
      codes: [{ code: 'CRT-3-19', message: expect.stringContaining('Fecha/Numero Resolucion Invalido'), detail: 'NroResol 0' }],
      errorCode: 'CRT-3-19',
      errorMessage: expect.stringContaining('Fecha/Numero Resolucion Invalido'),
    });
  });

  it('returns ESTADO -11 with ERR_CODE 2 as not final, and refuses -11 with ERR_CODE 1 for good', () => {
    const later = judged(respuesta('<ESTADO>-11</ESTADO><ERR_CODE>2</ERR_CODE><SQL_CODE>0</SQL_CODE><SRV_CODE>0</SRV_CODE>'), '5');
    expect(later).toMatchObject({ state: '-11', final: false, errorCode: 'ERR_CODE=2 SQL_CODE=0 SRV_CODE=0' });
    expect(later.errorMessage).toContain('ERR_CODE 2: Error de Proceso');
    const foreign = errorOf(() => judged(respuesta('<ESTADO>-11</ESTADO><ERR_CODE>1</ERR_CODE>'), '5'));
    expect(foreign).toMatchObject({ code: 'SII_REJECTED', retryable: false });
    expect(foreign.message).toContain('El envío no es de la Empresa');
  });

  it('signals a refused token (ESTADO 001–003)', () => {
    expect(() => judged(respuesta('<ESTADO>002</ESTADO><GLOSA>Token Inactivo</GLOSA>'), '5')).toThrow(TokenRejectedError);
  });

  it('calls EPR without counts, or counts that are not numbers, malformed', () => {
    expect(errorOf(() => judged(respuesta('<ESTADO>EPR</ESTADO>'), '5'))).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true });
    const text = errorOf(() => judged(respuesta('<ESTADO>EPR</ESTADO>', '<TIPO_DOCTO>33</TIPO_DOCTO><INFORMADOS>x</INFORMADOS>'), '5'));
    expect(text.message).toContain('INFORMADOS is not a number');
    const partial = errorOf(() => judged(respuesta('<ESTADO>EPR</ESTADO>', '<TIPO_DOCTO>33</TIPO_DOCTO><INFORMADOS>1</INFORMADOS>'), '5'));
    expect(partial.message).toContain('lacks a count');
  });
});

describe('QueryEstDte answers', () => {
  it('reads a document state with the catalog\'s meaning', () => {
    const status = parseDocumentStatus(respuesta('<ESTADO>FAU</ESTADO><GLOSA_ESTADO>x</GLOSA_ESTADO><ERR_CODE>3</ERR_CODE><GLOSA_ERR>No recibido</GLOSA_ERR><NUM_ATENCION>9</NUM_ATENCION>'), catalog);
    expect(status).toEqual({ state: 'FAU', meaning: 'Documento No Recibido por el SII', errorCode: '3', errorMessage: 'No recibido', attentionNumber: '9' });
  });

  it('signals a refused token and retries the SII\'s own failures', () => {
    expect(() => parseDocumentStatus(respuesta('<ESTADO>001</ESTADO>'), catalog)).toThrow(TokenRejectedError);
    expect(errorOf(() => parseDocumentStatus(respuesta('<ESTADO>-3</ESTADO>'), catalog))).toMatchObject({ code: 'SII_UNAVAILABLE', retryable: true });
  });
});
