import { describe, expect, it } from 'vitest';
import { outcomeFromDocumentStatus, outcomeFromEnvelope, presenceAtSii } from '../../../src/app/submission/document-outcomes.ts';
import type { EnvelopeCount } from '../../../src/app/ports/sii-gateway.ts';
import type { JudgedEnvelopeStatus } from '../../../src/app/submission/verdicts.ts';

function epr(counts: EnvelopeCount[], fields: Partial<JudgedEnvelopeStatus> = {}): JudgedEnvelopeStatus {
  return { trackId: '1', state: 'EPR', stateMeaning: 'Envío Procesado', final: true, counts, codes: [], documents: [], ...fields };
}
const count = (type: number, accepted: number, rejected: number, repairs: number): EnvelopeCount =>
  ({ type, informed: accepted + rejected + repairs, accepted, rejected, repairs });

describe('document outcomes', () => {
  it('takes a document\'s own line first, with its codes', () => {
    const codes = [{ code: 'DTE-3-101', message: 'Folio repetido' }];
    const status = epr([count(33, 1, 1, 0)], { documents: [{ type: 33, folio: 2, state: 'RCH', codes }] });
    expect(outcomeFromEnvelope(status, { type: 33, folio: 2 })).toEqual({ kind: 'verdict', verdict: 'rejected', siiState: 'RCH', codes, source: 'document' });
    // Every rejected document of the type is listed: one not listed was accepted.
    expect(outcomeFromEnvelope(status, { type: 33, folio: 1 })).toMatchObject({ kind: 'verdict', verdict: 'accepted', source: 'counts' });
  });

  it('decides from unanimous counts and asks QueryEstDte for mixed ones', () => {
    expect(outcomeFromEnvelope(epr([count(33, 0, 0, 2)]), { type: 33, folio: 1 })).toMatchObject({ verdict: 'accepted_with_repairs' });
    expect(outcomeFromEnvelope(epr([count(33, 0, 2, 0)]), { type: 33, folio: 1 })).toMatchObject({ verdict: 'rejected' });
    expect(outcomeFromEnvelope(epr([count(33, 1, 1, 0)]), { type: 33, folio: 1 })).toEqual({ kind: 'ask' });
    expect(outcomeFromEnvelope(epr([count(34, 1, 0, 0)]), { type: 33, folio: 1 })).toEqual({ kind: 'ask' });
  });

  it('rejects a whole envelope with its codes, or its state when it gave none', () => {
    const rct = epr([], { state: 'RCT', verdict: 'rejected', codes: [{ code: 'CRT-3-19', message: 'resolución' }] });
    expect(outcomeFromEnvelope(rct, { type: 33, folio: 1 })).toMatchObject({ verdict: 'rejected', codes: [{ code: 'CRT-3-19' }], source: 'envelope' });
    const rfr = epr([], { state: 'RFR', stateMeaning: 'Rechazado por Error en Firma', verdict: 'rejected' });
    expect(outcomeFromEnvelope(rfr, { type: 33, folio: 1 })).toMatchObject({ codes: [{ code: 'RFR', message: 'Rechazado por Error en Firma' }] });
  });

  it('reads QueryEstDte: DOK accepts (with repairs when the type had them), FAU rejects, DNK is for a person', () => {
    const dok = { state: 'DOK', meaning: 'Documento Recibido' };
    expect(outcomeFromDocumentStatus(dok, count(33, 1, 1, 0))).toMatchObject({ verdict: 'accepted', source: 'QueryEstDte' });
    expect(outcomeFromDocumentStatus(dok, count(33, 1, 1, 1))).toMatchObject({ verdict: 'accepted_with_repairs' });
    expect(outcomeFromDocumentStatus(dok, count(33, 0, 2, 0))).toMatchObject({ kind: 'unclear' });
    expect(outcomeFromDocumentStatus({ state: 'FAU', meaning: 'No Recibido' }, count(33, 1, 1, 0))).toMatchObject({ verdict: 'rejected', codes: [{ code: 'FAU' }] });
    expect(outcomeFromDocumentStatus({ state: 'DNK', meaning: 'Datos No Coinciden' }, undefined)).toMatchObject({ kind: 'unclear', siiState: 'DNK' });
  });

  it('tells whether the SII has a document after an interrupted upload', () => {
    expect(presenceAtSii({ state: 'DOK', meaning: '' })).toBe('recorded');
    expect(presenceAtSii({ state: 'ANC', meaning: '' })).toBe('recorded');
    expect(presenceAtSii({ state: 'FAU', meaning: '' })).toBe('not_recorded');
    expect(presenceAtSii({ state: 'DNK', meaning: '' })).toBe('different');
    expect(presenceAtSii({ state: 'XYZ', meaning: '' })).toBe('unknown');
  });
});
