import { z } from 'zod';
import type { AgentCitation } from '../src/app/ports/index.ts';
import { sourceLine } from './explain-sii-codes.ts';
import { defineTool } from './tool.ts';

/** Searches the knowledge base of Chilean invoicing rules. */
export const searchKnowledge = defineTool({
  name: 'search_knowledge',
  description: 'Search the project\'s knowledge base of Chilean invoicing rules (notas de crédito y débito, anular, IVA, CAF, guías, acuse de '
    + 'recibo, cesión, boletas, plazos, certificación…). Write the query in Spanish keywords. Each hit has the rule, its sources and confident: '
    + 'answer only from confident hits, quoting the rule and its source; with none, say you do not know.',
  input: z.strictObject({ query: z.string().min(1).max(300), limit: z.number().int().min(1).max(8).optional() }),
  async run({ query, limit }, context) {
    const hits = context.services.knowledge.search(query, { limit: limit ?? 4 });
    const citations: AgentCitation[] = hits.filter((hit) => hit.confident).map((hit) => ({
      kind: 'knowledge', id: hit.entry.id, title: hit.entry.title,
      ...(hit.entry.sources[0] ? { source: sourceLine(hit.entry.sources[0]) } : {}),
    }));
    const data = {
      hits: hits.map((hit) => ({
        id: hit.entry.id, title: hit.entry.title, rule: hit.entry.rule, ...(hit.entry.ruleEn ? { ruleEn: hit.entry.ruleEn } : {}),
        sources: hit.entry.sources, ...(hit.entry.note ? { note: hit.entry.note } : {}), score: Math.round(hit.score * 10) / 10, confident: hit.confident,
      })),
    };
    return { data, citations };
  },
});
