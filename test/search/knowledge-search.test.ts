import { describe, expect, it } from 'vitest';
import { knowledgeBase } from '../../src/composition/resources.ts';
import { CONFIDENT_SCORE } from '../../src/search/index.ts';

const knowledge = knowledgeBase();

/** Questions as accounting staff write them (typos, no accents, abbreviations) and the entry that answers. */
const QUESTIONS: [question: string, expected: string][] = [
  ['me equivoqué en la dirección del cliente, ¿cómo lo corrijo?', 'corregir-texto-con-nota-de-credito'],
  ['me equivoque en la direccion del cliente como lo corrijo', 'corregir-texto-con-nota-de-credito'],
  ['¿una nota de débito lleva IVA?', 'nota-de-debito-lleva-iva'],
  ['la nd tiene iva?', 'nota-de-debito-lleva-iva'],
  ['cuantos dias tengo para reclamar una factura', 'plazo-reclamo-8-dias'],
  ['que pasa si no reclamo en 8 dias', 'plazo-reclamo-8-dias'],
  ['como anulo una guia de despacho', 'anular-guia-de-despacho'],
  ['anualr una factura', 'anular-factura-con-nota-de-credito'],
  ['como anulo una NC', 'anular-nota-de-credito-con-nota-de-debito'],
  ['que significa codref 2', 'codigo-referencia-codref'],
  ['se me vencio el caf', 'vigencia-caf-seis-meses'],
  ['puedo ceder la factura a un factoring', 'cesion-factura-electronica'],
  ['factura exenta o afecta', 'factura-afecta-vs-exenta'],
  ['cuanto es el iva', 'tasa-iva-19'],
  ['cuanto tiempo tengo para mandar la boleta al sii', 'boleta-envio-sii-una-hora'],
  ['mi cliente no recibio la factura', 'reenvio-al-receptor'],
  ['como hago una guia de traslado entre bodegas', 'guia-traslado-interno'],
  ['set de pruebas certificacion', 'set-de-pruebas'],
  ['como valido un rut', 'rut-modulo-11'],
  ['descuento global', 'descuentos-recargos-globales'],
  ['boleta o factura', 'boleta-vs-factura'],
  ['que es el timbre pdf417', 'timbre-pdf417-impreso'],
  // Chat spellings and abbreviations: q, k, pa, x, fact, NC, ND, N/C; sound-alike typos; English.
  ['como anulo una fact', 'anular-factura-con-nota-de-credito'],
  ['q es el acuse de recibo', 'acuse-recibo-mercaderias'],
  ['pa q sirve una ND', 'nota-de-debito-aumenta-monto'],
  ['cuanto es el iba?', 'tasa-iva-19'],
  ['me rechaso el sii una factura, le tengo q hacer nc?', 'documento-rechazado-no-se-corrige-con-nc'],
  ['kuanto duran los folios q me da el sii', 'vigencia-caf-seis-meses'],
  ['como anulo una n/c', 'anular-nota-de-credito-con-nota-de-debito'],
  ['how long does my customer have to claim an invoice at the SII?', 'plazo-reclamo-8-dias'],
  ['hasta cuando puedo reclamar una factura?', 'hasta-cuando-puedo-reclamar'],
  ['cual es el ultimo dia pa reclamar', 'hasta-cuando-puedo-reclamar'],
  ['until when can the customer claim the invoice?', 'hasta-cuando-puedo-reclamar'],
  ['how do I cancel an invoice the SII already accepted?', 'anular-factura-con-nota-de-credito'],
];

/** Questions of the domain that no entry answers: a nearby entry must not be taken for the answer. */
const UNANSWERED = [
  'cuanto es la multa si no doy boleta?',
  'como declaro el f29 del mes en el sii',
  'cuanto es la retencion de una boleta de honorarios',
  'la guia de despacho lleva iva?',
  'la guia lleva iva?',
  'como calculo el ppm',
  'retencion boleta de honorarios',
  'write me a python script to sort a list',
  'va a llover mañana en santiago?',
  'como cambio la clave de mi correo gmail',
];

describe('knowledge search', () => {
  it.each(QUESTIONS)('answers %j with %s, confidently', (question, expected) => {
    const [first] = knowledge.search(question, { limit: 3 });
    expect(first?.entry.id).toBe(expected);
    expect(first?.confident).toBe(true);
  });

  it.each(['receta de empanadas', 'clima en santiago mañana', 'horario del banco'])('finds no confident match for the off-topic %j', (question) => {
    expect(knowledge.search(question).filter((hit) => hit.confident)).toEqual([]);
  });

  it.each(UNANSWERED)('finds no confident match for %j, which no entry answers', (question) => {
    expect(knowledge.search(question).filter((hit) => hit.confident).map((hit) => hit.entry.id)).toEqual([]);
  });

  it('measures coverage: a question the entry holds whole covers 1, one with a word no entry has covers less', () => {
    const [whole] = knowledge.search('anular factura', { limit: 1 });
    expect(whole?.coverage).toBe(1);
    const [partly] = knowledge.search('multa boleta', { limit: 1 });
    expect(partly?.coverage).toBeLessThan(0.5);
    expect(partly?.confident).toBe(false);
  });

  it('counts a close spelling (one swap) but not as an exact match: "foilos" alone is not confident', () => {
    const [hit] = knowledge.search('foilos', { limit: 1 });
    expect(hit?.coverage ?? 0).toBeGreaterThan(0);
    expect(hit?.confident ?? false).toBe(false);
  });

  it('folds accents both ways: "nota de credito" and "nota de crédito" find the same entries', () => {
    const ids = (question: string) => knowledge.search(question, { limit: 5 }).map((hit) => hit.entry.id);
    expect(ids('nota de credito')).toEqual(ids('nota de crédito'));
    expect(ids('guia de despacho')).toEqual(ids('guía de despacho'));
  });

  it('matches prefixes: "certif" finds the certification entries', () => {
    expect(knowledge.search('certif', { limit: 5 }).map((hit) => hit.entry.id)).toContain('proceso-certificacion-etapas');
  });

  it('honours the limit and returns hits best first', () => {
    const hits = knowledge.search('factura', { limit: 4 });
    expect(hits).toHaveLength(4);
    expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
  });

  it('marks as confident only hits at or above CONFIDENT_SCORE, and not every hit of a broad question', () => {
    const hits = knowledge.search('anular factura nota de credito guia', { limit: 20 });
    const confident = hits.filter((hit) => hit.confident);
    expect(confident.length).toBeGreaterThan(0);
    expect(confident.length).toBeLessThan(hits.length);
    for (const hit of confident) expect(hit.score).toBeGreaterThanOrEqual(CONFIDENT_SCORE);
  });

  it('returns nothing for a question made only of common words', () => {
    expect(knowledge.search('¿qué es lo que hay?')).toEqual([]);
  });

  it('gets entries by id and lists them all', () => {
    expect(knowledge.get('tasa-iva-19')?.title).toContain('19%');
    expect(knowledge.get('no-existe')).toBeUndefined();
    expect(knowledge.all().length).toBeGreaterThanOrEqual(60);
  });
});
