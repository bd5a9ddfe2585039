/**
 * The agent's facts and the SII's code catalog, built from the project's resource files (read by
 * src/resources) with the application's parsers, once per process. Wiring only.
 */
import type { CodeCatalog, ExplanationService } from '../app/ports/index.ts';
import type { KnowledgeBase } from '../app/ports/knowledge.ts';
import { parseCodeGuidance, parseKnowledgeEntries } from '../app/knowledge/index.ts';
import { createCodeCatalog } from '../app/sii-codes/code-catalog.ts';
import { codeGuidanceSource } from '../app/sii-codes/code-guidance.ts';
import { createExplanationService } from '../app/sii-codes/explanation-service.ts';
import { readResourceFiles } from '../resources/resource-files.ts';
import { createKnowledgeBase } from '../search/index.ts';

let catalog: CodeCatalog | undefined;
let explanations: ExplanationService | undefined;

/** The catalog of resources/sii-codes.json, read on first use and kept. */
export function siiCodeCatalog(): CodeCatalog {
  catalog ??= createCodeCatalog(readResourceFiles().codeCatalog().text);
  return catalog;
}

/** The SII codes explained from the catalog and the project's guidance, built on first use and kept. */
export function siiCodeExplanations(): ExplanationService {
  explanations ??= createExplanationService(siiCodeCatalog(), codeGuidanceSource(parseCodeGuidance(readResourceFiles().codeGuidance())));
  return explanations;
}

/** The knowledge base of resources/knowledge (or of `directory`), with its search. */
export function knowledgeBase(directory?: string): KnowledgeBase {
  return createKnowledgeBase(parseKnowledgeEntries(readResourceFiles(directory).knowledgeTopics()));
}
