import { z } from 'zod';
import type { AgentCitation, Citation, CodeExplanation } from '../src/app/ports/index.ts';
import { defineTool } from './tool.ts';

/** A source as one line: title, section, file. */
export function sourceLine(source: Citation): string {
  return [source.title, source.section, source.file].filter((part) => part !== undefined).join(', ');
}

/** The citation of a known code. */
export function codeCitation(explanation: CodeExplanation): AgentCitation {
  const source = explanation.guidance?.sources[0] ? sourceLine(explanation.guidance.sources[0]) : explanation.source;
  return { kind: 'sii_code', id: explanation.code, title: explanation.meaning ?? explanation.code, ...(source === undefined ? {} : { source }) };
}

/** Meanings, likely causes and usual fixes of SII codes from the project's catalog. */
export const explainSiiCodes = defineTool({
  name: 'explain_sii_codes',
  description: 'Explain SII codes (e.g. REF-3-750, DTE-3-101, CRT-3-19, RCT, EPR, RSC) from the project\'s catalog: the SII\'s meaning, '
    + 'the likely cause and usual fix where written, and the source of each. A code the catalog does not have comes back as known: false; '
    + 'then say you do not know it, never guess a meaning.',
  input: z.strictObject({ codes: z.array(z.string().min(1).max(40)).min(1).max(20) }),
  async run({ codes }, context) {
    const explanations = context.services.explanations.explain(codes);
    return { data: { explanations }, citations: explanations.filter((explanation) => explanation.known).map(codeCitation) };
  },
});
