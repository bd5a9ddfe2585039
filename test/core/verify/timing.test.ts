import { describe, expect, it } from 'vitest';
import { verifyXml } from '../../../src/core/verify/index.ts';
import { sharedSchemaValidator } from '../../../src/schema/xsd-validator.ts';
import { fixture, repeatedEnvelope } from './support/fixtures.ts';

const schemaValidator = sharedSchemaValidator();

function averageMs(rounds: number, run: () => void): number {
  run();
  const started = performance.now();
  for (let round = 0; round < rounds; round += 1) run();
  return (performance.now() - started) / rounds;
}

describe('how fast verifyXml is', () => {
  it('verifies one DTE and a 50-document envelope with every check', () => {
    const dte = fixture('dte/DTE--76399752-9--33--25568--cleaned.xml');
    const envelope = repeatedEnvelope(50);
    const report = verifyXml(envelope, { schemaValidator });
    expect(report.checks.filter((item) => item.name === 'ted-signature')).toHaveLength(50);
    const dteMs = averageMs(50, () => verifyXml(dte, { schemaValidator }));
    const envelopeMs = averageMs(5, () => verifyXml(envelope, { schemaValidator }));
    console.log(`verifyXml: one DTE ${dteMs.toFixed(2)} ms; a 50-DTE envelope ${envelopeMs.toFixed(1)} ms (${(envelopeMs / 50).toFixed(2)} ms per DTE)`);
    expect(dteMs).toBeLessThan(100);
    expect(envelopeMs).toBeLessThan(5_000);
  });
});
