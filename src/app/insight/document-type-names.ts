/** The names of document types, as people say them, in Spanish and English. */
const NAMES: Readonly<Record<number, { es: string; en: string }>> = {
  33: { es: 'factura electrónica', en: 'electronic invoice (factura)' },
  34: { es: 'factura exenta electrónica', en: 'exempt electronic invoice (factura exenta)' },
  39: { es: 'boleta electrónica', en: 'electronic receipt (boleta)' },
  41: { es: 'boleta exenta electrónica', en: 'exempt electronic receipt (boleta exenta)' },
  43: { es: 'liquidación factura electrónica', en: 'electronic liquidación factura' },
  46: { es: 'factura de compra electrónica', en: 'electronic purchase invoice (factura de compra)' },
  52: { es: 'guía de despacho electrónica', en: 'electronic dispatch guide (guía de despacho)' },
  56: { es: 'nota de débito electrónica', en: 'electronic debit note (nota de débito)' },
  61: { es: 'nota de crédito electrónica', en: 'electronic credit note (nota de crédito)' },
};

/** A document type's name in a language, or "documento tipo N" / "document type N". */
export function documentTypeName(type: number, language: 'es' | 'en'): string {
  return NAMES[type]?.[language] ?? (language === 'es' ? `documento tipo ${type}` : `document type ${type}`);
}
