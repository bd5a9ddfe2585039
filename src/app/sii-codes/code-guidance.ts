import { guidanceKey, loadCodeGuidance } from '../knowledge/load-knowledge.ts';
import { GUIDANCE_FAMILIES, type GuidanceFamily } from '../knowledge/knowledge-schema.ts';
import type { GuidanceSource } from './explanation-service.ts';

/** The guidance of resources/sii-code-guidance.json as the explanation service reads it (loaded once). */
export function codeGuidanceSource(): GuidanceSource {
  const guidance = loadCodeGuidance();
  return (table, code) => {
    if (!(GUIDANCE_FAMILIES as readonly string[]).includes(table)) return undefined;
    const found = guidance.get(guidanceKey(table as GuidanceFamily, code));
    if (found === undefined) return undefined;
    const { family: _family, code: _code, ...advice } = found;
    return advice;
  };
}
