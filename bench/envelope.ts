import { X509Certificate } from 'node:crypto';
import { generateTestCredentials } from '../src/local/generate-test-credentials.ts';
import { buildEnvelope } from '../src/core/build-envelope.ts';
import { parseCaf } from '../src/core/caf.ts';
import { loadCertificate } from '../src/core/certificate.ts';
import { createIssuer } from '../src/core/issue-document.ts';
import { request } from './issue-pipeline.ts';

/** Milliseconds to build and sign one EnvioDTE of `documents` DTEs, both ways, median of `runs`. */
export interface EnvelopeFigures {
  documents: number;
  megabytes: number;
  /** The SetDTE digested as a concatenation of canonical texts (DESIGN.md, "How fast"). */
  concatenatedMs: number;
  /** The SetDTE parsed and canonicalised by libxml2, as every envelope was before. */
  parsedMs: number;
}

/** Signs an envelope of `count` factura DTEs the way the service does, and the way it did before. */
export async function envelopeBenchmark(count = 500, runs = 7): Promise<EnvelopeFigures> {
  const credentials = await generateTestCredentials({ companyRut: '76192083-9', types: [33], from: 1, to: count, now: new Date('2026-11-01T12:00:00Z') });
  const certificate = loadCertificate(credentials.company.p12, credentials.company.password);
  const issuer = createIssuer({ certificate, caf: parseCaf(credentials.cafs[0]!.xml), trustedCafSigners: [new X509Certificate(credentials.authority.certificatePem)] });
  const signedAt = new Date('2026-11-20T15:00:00Z');
  const documents = Array.from({ length: count }, (_, index) => {
    const result = issuer.issue(request(index + 1), { folio: index + 1, signedAt });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.value.xml;
  });
  const median = (canonicalization: 'auto' | 'parse'): number => {
    const times: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const start = performance.now();
      buildEnvelope({ documents, certificate, FchResol: '2026-01-15', NroResol: 0, signedAt, canonicalization });
      times.push(performance.now() - start);
    }
    return times.sort((left, right) => left - right)[Math.floor(runs / 2)]!;
  };
  const megabytes = documents.reduce((total, document) => total + document.length, 0) / 1_048_576;
  return { documents: count, megabytes, concatenatedMs: median('auto'), parsedMs: median('parse') };
}
