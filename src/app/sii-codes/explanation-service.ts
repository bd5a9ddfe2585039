import type { CatalogEntry, CodeCatalog } from '../ports/code-catalog.ts';
import type { CodeAdvice, CodeExplanation, ExplanationService } from '../ports/services.ts';
import { codesInText } from './code-recognition.ts';

/** The project's guidance on a code of one catalog table (resources/sii-code-guidance.json); undefined where none is written. */
export type GuidanceSource = (table: CatalogEntry['table'], code: string) => CodeAdvice | undefined;

/**
 * Explains SII codes from the catalog (meaning and source) and, where written, the guidance (cause,
 * fix and their sources). A code the catalog lacks is reported as unknown with nothing else, so that
 * no front end, and no model, is handed a meaning nobody wrote down.
 */
export function createExplanationService(catalog: CodeCatalog, guidance: GuidanceSource = () => undefined): ExplanationService {
  return {
    codesIn: (text) => codesInText(text, catalog),
    explain(codes) {
      return codes.map((raw): CodeExplanation => {
        const code = raw.trim();
        const entry = catalog.lookup(code)[0];
        if (entry === undefined) return { code, known: false };
        const advice = guidance(entry.table, entry.code);
        return {
          code: entry.code, known: true, table: entry.table, meaning: entry.meaning,
          ...(entry.source ? { source: entry.source } : {}),
          ...(advice ? { guidance: advice } : {}),
        };
      });
    },
  };
}
