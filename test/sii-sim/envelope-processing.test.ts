import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiiSimulator } from '../../src/sii-sim/index.ts';
import { testCredentials } from '../support/credentials.ts';
import { createIssuer } from '../../src/core/issue-document.ts';
import { sampleRequest } from '../support/requests.ts';
import { envelopeOf, issueChanged, issueDocument, replaceOnce, SIGNED_AT, startSimulator } from './support/documents.ts';
import { callSoap, followEnvelope, login, uploadAccepted, valueOf } from './support/sii-requests.ts';

let simulator: SiiSimulator;
let url: string;
let token: string;

beforeAll(async () => {
  ({ simulator, url } = await startSimulator());
  token = await login(url, (await testCredentials()).certificate);
});

afterAll(() => simulator.close());

/** Uploads an envelope of `documents` and follows it to its final state. */
async function send(documents: readonly Buffer[], RutReceptor?: string): Promise<{ answer: string; states: string[]; trackId: string }> {
  const trackId = await uploadAccepted(url, token, await envelopeOf(documents, RutReceptor));
  return { ...(await followEnvelope(url, token, trackId)), trackId };
}

/** The per-type counts of an EPR answer, in the order written. */
function counts(answer: string): string[] {
  return [...answer.matchAll(/<TIPO_DOCTO>(\d+)<\/TIPO_DOCTO><INFORMADOS>(\d+)<\/INFORMADOS><ACEPTADOS>(\d+)<\/ACEPTADOS><RECHAZADOS>(\d+)<\/RECHAZADOS><REPAROS>(\d+)<\/REPAROS>/g)]
    .map((match) => `${match[1]}: ${match[2]} informed, ${match[3]} accepted, ${match[4]} rejected, ${match[5]} repaired`);
}

/** The codes of the errors in an answer's DETALLE_REP_RECH or ERROR elements. */
function codes(answer: string): string[] {
  return [...answer.matchAll(/<ERROR><SECCION>(\w+)<\/SECCION><NIVEL>(\d)<\/NIVEL><CODIGO>(\d+)<\/CODIGO>/g)].map((match) => `${match[1]}-${match[2]}-${match[3]}`);
}

async function documentState(type: number, folio: number, date: string, amount: number, receiver = '77777777-7'): Promise<string> {
  const [RutReceptor, DvReceptor] = receiver.split('-') as [string, string];
  const answer = await callSoap(url, 'QueryEstDte', 'getEstDte', {
    RutConsultante: '76192083', DvConsultante: '9', RutCompania: '76192083', DvCompania: '9', RutReceptor, DvReceptor,
    TipoDte: String(type), FolioDte: String(folio), FechaEmisionDte: date, MontoDte: String(amount), Token: token,
  });
  return valueOf(answer.inner, 'ESTADO') ?? '';
}

describe('an envelope issued by the project', () => {
  let accepted: { answer: string; states: string[] };

  beforeAll(async () => {
    // The notes of the sample request reference factura 33 folio 12, which travels first in the same set.
    const documents = await Promise.all(([33, 34, 52, 56, 61] as const).map((type) => issueDocument(type, 12)));
    accepted = await send(documents);
  });

  it('moves through the intermediate states to EPR with every document accepted', () => {
    const order = ['REC', 'SOK', 'FOK', 'CRT', 'PRD', 'EPR'];
    expect(accepted.states.at(-1)).toBe('EPR');
    expect(accepted.states.map((state) => order.indexOf(state))).toEqual([...accepted.states.map((state) => order.indexOf(state))].sort());
    expect(valueOf(accepted.answer, 'GLOSA')).toBe('Envio Procesado');
    expect(counts(accepted.answer)).toEqual(['33', '34', '52', '56', '61'].map((type) => `${type}: 1 informed, 1 accepted, 0 rejected, 0 repaired`));
    expect(accepted.answer).not.toContain('DETALLE_REP_RECH');
  });

  it('answers getEstDte for what it holds: DOK, MMC once a note corrects amounts, DNK, FAU and FNA', async () => {
    const factura = await issueDocument(33, 12);
    const total = Number(/<MntTotal>(\d+)<\/MntTotal>/.exec(factura.toString('latin1'))![1]);
    expect(await documentState(33, 12, '20112026', total)).toBe('MMC');
    expect(await documentState(34, 12, '20112026', Number(/<MntTotal>(\d+)/.exec((await issueDocument(34, 12)).toString('latin1'))![1]))).toBe('DOK');
    expect(await documentState(33, 12, '20112026', total + 1)).toBe('DNK');
    expect(await documentState(33, 400, '20112026', total)).toBe('FAU');
    expect(await documentState(33, 9999, '20112026', total)).toBe('FNA');
  });

  it('rejects the same folio in a new envelope with DTE-3-101 and says so in DETALLE_REP_RECH', async () => {
    const { answer } = await send([await issueDocument(33, 12, { Detalle: [{ NmbItem: 'Otro', QtyItem: 1, PrcItem: 1000 }] })]);
    expect(valueOf(answer, 'ESTADO')).toBe('EPR');
    expect(counts(answer)).toEqual(['33: 1 informed, 0 accepted, 1 rejected, 0 repaired']);
    expect(answer).toMatch(/<DETALLE_REP_RECH><TIPO_DOCTO>33<\/TIPO_DOCTO><FOLIO>12<\/FOLIO><ESTADO>RCH<\/ESTADO><DESCRIPCION>Dte Rechazado<\/DESCRIPCION><ERROR><SECCION>DTE<\/SECCION><NIVEL>3<\/NIVEL><CODIGO>101<\/CODIGO><DESCRIPCION>Folio para este Tipo de documento ya fue recibido en el SII<\/DESCRIPCION><DETALLE>[^<]+<\/DETALLE><\/ERROR><\/DETALLE_REP_RECH>/);
  });
});

describe('rejections', () => {
  it('rejects an envelope whose Caratula does not name the SII as receiver (RCT, CRT-3-18)', async () => {
    const { answer, states } = await send([await issueDocument(33, 20)], '77777777-7');
    expect(states.at(-1)).toBe('RCT');
    expect(states).not.toContain('CRT');
    expect(valueOf(answer, 'GLOSA')).toBe('Rechazado por Error en Carátula');
    expect(codes(answer)).toEqual(['CRT-3-18']);
    expect(answer).toContain('<DESCRIPCION>RUT Receptor (Caratula) Invalido - [77777777-7]</DESCRIPCION>');
    // Nothing of a rejected envelope is held: the folio is still free.
    expect((await send([await issueDocument(33, 20)])).answer).toContain('<ACEPTADOS>1</ACEPTADOS>');
  });

  it('rejects a document whose signature fails when taken alone (DTE-3-505), keeping the others', async () => {
    const tampered = replaceOnce(await issueDocument(33, 21), '<CmnaRecep>', '<CmnaRecep>X');
    const { answer } = await send([tampered, await issueDocument(33, 22)]);
    expect(counts(answer)).toEqual(['33: 2 informed, 1 accepted, 1 rejected, 0 repaired']);
    expect(codes(answer)).toEqual(['DTE-3-505']);
    expect(answer).toContain('<FOLIO>21</FOLIO><ESTADO>RCH</ESTADO>');
  });

  it('rejects an envelope whose signature over SetDTE fails (RFR)', async () => {
    const envelope = replaceOnce(await envelopeOf([await issueDocument(33, 23)]), '<NroResol>0</NroResol>', '<NroResol>1</NroResol>');
    const trackId = await uploadAccepted(url, token, envelope);
    const { answer, states } = await followEnvelope(url, token, trackId);
    expect(states.at(-1)).toBe('RFR');
    expect(valueOf(answer, 'GLOSA')).toBe('Rechazado por Error en Firma');
    expect(codes(answer)).toEqual(['ENV-3-900']);
  });

  it('rejects a nota de crédito that references a factura the SII never received (REF-3-750)', async () => {
    const note = await issueDocument(61, 30, { Referencia: [{ TpoDocRef: '33', FolioRef: '499', FchRef: '2026-11-01', CodRef: 1, RazonRef: 'ANULA FACTURA' }] });
    const { answer } = await send([note]);
    expect(counts(answer)).toEqual(['61: 1 informed, 0 accepted, 1 rejected, 0 repaired']);
    expect(codes(answer)).toEqual(['REF-3-750']);
    expect(answer).toContain('<DESCRIPCION>DTE Referenciado no recibido en el SII</DESCRIPCION>');
  });

  it('rejects the very same document sent again in another envelope as repeated (DTE-3-100)', async () => {
    const factura = await issueDocument(34, 40);
    await send([factura]);
    // Another envelope (signed a minute later), so the gateway's 900-second rule on identical files does not apply.
    const trackId = await uploadAccepted(url, token, await envelopeOf([factura], undefined, new Date('2026-11-20T15:31:00Z')));
    expect(codes((await followEnvelope(url, token, trackId)).answer)).toEqual(['DTE-3-100']);
  });
});

describe('documents altered or authorised elsewhere', () => {
  it('reports every problem of a document changed after stamping: DTE-3-505, TED-2-510 and CAF-3-517', async () => {
    const factura = await issueDocument(33, 60);
    const altered = replaceOnce(replaceOnce(factura, '<IT1>', '<IT1>X'), '<TmstFirma>2026-11-20', '<TmstFirma>2027-06-20');
    const { answer } = await send([altered]);
    expect(codes(answer)).toEqual(['DTE-3-505', 'CAF-3-517', 'TED-2-510']);
    expect(answer).toContain('<DESCRIPCION>RECHAZO- CAF Vencido : (Firma_DTE[2027-06-20] - CAF[2026-11-01]) &gt; 6 meses</DESCRIPCION>');
  });

  it('rejects a document dated before the CAF that authorises its folio (HED-3-305), as the SII does', async () => {
    // The project's issuer refuses to sign it: it is told here that the CAF dates from October, while
    // the TED carries the CAF as the authority signed it (FA 2026-11-01), so only the date is wrong.
    const credentials = await testCredentials();
    const caf = credentials.cafs.get(34)!;
    const issuer = createIssuer({ certificate: credentials.certificate, caf: { ...caf, FA: '2026-10-01' }, trustedCafSigners: [credentials.authority] });
    const request = sampleRequest(34);
    (request.Encabezado as { IdDoc: Record<string, unknown> }).IdDoc.FchEmis = '2026-10-20';
    const issued = issuer.issue(request, { folio: 62, signedAt: SIGNED_AT });
    if (!issued.ok) throw new Error(JSON.stringify(issued.problems));
    const { answer } = await send([issued.value.xml]);
    expect(counts(answer)).toEqual(['34: 1 informed, 0 accepted, 1 rejected, 0 repaired']);
    expect(codes(answer)).toEqual(['HED-3-305']);
    // The same document dated on its CAF's day is accepted.
    expect(codes((await send([await issueDocument(34, 63, { Encabezado: { ...(sampleRequest(34).Encabezado as object), IdDoc: { TipoDTE: 34, FchEmis: '2026-11-01', FmaPago: 1 } } })])).answer)).toEqual([]);
  });

  it('rejects a document whose CAF no trusted authority signed (the SII\'s own certificates by default)', async () => {
    const strict = await startSimulator({ trustedCafCertificates: undefined });
    try {
      const strictToken = await login(strict.url, (await testCredentials()).certificate);
      const trackId = await uploadAccepted(strict.url, strictToken, await envelopeOf([await issueDocument(33, 61)]));
      const { answer } = await followEnvelope(strict.url, strictToken, trackId);
      expect(codes(answer)).toEqual(['CAF-3-900']);
      expect(answer).toContain('the SII certificate IDK 100');
    } finally {
      await strict.simulator.close();
    }
  });
});

describe('names, giros and addresses made only of whitespace', () => {
  it('reject the document: HED-3-845 for the receiver\'s address, HED-3-904 for the others, each naming the field', async () => {
    const blank = await issueChanged(33, 70, (request) => {
      request.Encabezado.Receptor.GiroRecep = '   ';
      request.Encabezado.Receptor.DirRecep = ' \t ';
      request.Encabezado.Emisor.RznSoc = ' ';
    });
    const valid = await issueDocument(34, 70);
    const { answer } = await send([blank, valid]);
    expect(counts(answer)).toEqual(['33: 1 informed, 0 accepted, 1 rejected, 0 repaired', '34: 1 informed, 1 accepted, 0 rejected, 0 repaired']);
    expect(codes(answer)).toEqual(['HED-3-904', 'HED-3-904', 'HED-3-845']);
    expect(answer).toContain('Encabezado/Emisor/RznSoc is present but holds only whitespace.');
    expect(answer).toContain('Encabezado/Receptor/GiroRecep is present but holds only whitespace.');
    expect(answer).toContain('<DESCRIPCION>RECHAZO- DTE Sin Direccion del Receptor.</DESCRIPCION>');
  });
});

describe('with schema validation in the status (schemaValidation: status)', () => {
  it('accepts the upload and ends in RSC with the schema errors', async () => {
    const relaxed = await startSimulator({ schemaValidation: 'status' });
    try {
      const relaxedToken = await login(relaxed.url, (await testCredentials()).certificate);
      const envelope = await envelopeOf([await issueDocument(33, 50)]);
      const invalid = replaceOnce(replaceOnce(envelope, '<TpoDTE>', '<TipoDTE>'), '</TpoDTE>', '</TipoDTE>');
      const trackId = await uploadAccepted(relaxed.url, relaxedToken, invalid);
      const { answer, states } = await followEnvelope(relaxed.url, relaxedToken, trackId);
      expect(states).toEqual(['REC', 'RSC'].slice(states.length === 1 ? 1 : 0));
      expect(valueOf(answer, 'GLOSA')).toBe('Rechazado por Error en Schema');
      expect(codes(answer)[0]).toBe('ENV-3-0');
      expect(answer).toContain('TipoDTE');
    } finally {
      await relaxed.simulator.close();
    }
  });
});
