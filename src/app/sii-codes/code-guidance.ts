import type { CodeGuidance } from '../ports/knowledge.ts';
import { guidanceKey } from '../knowledge/load-knowledge.ts';
import { GUIDANCE_FAMILIES, type GuidanceFamily } from '../ports/knowledge.ts';
import type { GuidanceSource } from './explanation-service.ts';

/** The guidance of resources/sii-code-guidance.json (parseCodeGuidance) as the explanation service reads it. */
export function codeGuidanceSource(guidance: ReadonlyMap<string, Readonly<CodeGuidance>>): GuidanceSource {
  return (table, code) => {
    if (!(GUIDANCE_FAMILIES as readonly string[]).includes(table)) return undefined;
    const found = guidance.get(guidanceKey(table as GuidanceFamily, code));
    if (found === undefined) return undefined;
    const { family: _family, code: _code, ...advice } = found;
    return advice;
  };
}
