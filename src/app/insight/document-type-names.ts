import { spokenName } from '../../core/document-kinds/index.ts';

/** A document type's name in a language (the registry's long name), or "documento tipo N" / "document type N". */
export function documentTypeName(type: number, language: 'es' | 'en'): string {
  return spokenName(type, language, 'long') ?? (language === 'es' ? `documento tipo ${type}` : `document type ${type}`);
}
