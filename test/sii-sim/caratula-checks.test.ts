import { describe, expect, it } from 'vitest';
import { checkCaratula, checkEnvelopeSignature } from '../../src/sii-sim/caratula-checks.ts';
import { readEnvelope } from '../../src/sii-sim/envelope-reader.ts';
import { codeOf } from '../../src/sii-sim/revision-codes.ts';
import { envelopeOf, issueDocument, replaceOnce } from './support/documents.ts';

const PARTIES = { companyRut: '76192083-9', senderRut: '76192083-9' };

async function caratulaCodes(change: (envelope: Buffer) => Buffer, parties = PARTIES, signer?: string): Promise<string[]> {
  const reading = readEnvelope(change(await envelopeOf([await issueDocument(33, 5), await issueDocument(34, 5)])));
  if (!reading.ok) throw new Error(reading.problems.join('; '));
  try {
    const signerRut = signer ?? checkEnvelopeSignature(reading.envelope).signerRut;
    return checkCaratula(reading.envelope, parties, signerRut, undefined).map(codeOf);
  } finally {
    reading.envelope.dispose();
  }
}

describe('the Caratula checks', () => {
  it('find nothing wrong in an envelope built by the project for the SII', async () => {
    expect(await caratulaCodes((envelope) => envelope)).toEqual([]);
  });

  it('name each disagreement with its code', async () => {
    expect(await caratulaCodes((envelope) => envelope, { companyRut: '77777777-7', senderRut: '76192083-9' })).toEqual(['CRT-3-901']);
    expect(await caratulaCodes((envelope) => envelope, { companyRut: '76192083-9', senderRut: '11111111-1' })).toEqual(['CRT-3-11']);
    expect(await caratulaCodes((envelope) => envelope, PARTIES, '11111111-1')).toEqual(['ENV-3-6']);
    expect(await caratulaCodes((envelope) => replaceOnce(envelope, '<NroDTE>1</NroDTE>', '<NroDTE>2</NroDTE>'))).toEqual(['CRT-3-900']);
  });
});
