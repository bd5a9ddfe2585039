import { describe, expect, it } from 'vitest';
import { compute, parseCalculation, pesos } from '../../src/agent/calculation.ts';
import { directIntent, directLines, isGreeting } from '../../src/agent/intent.ts';
import { createAnswerEngine, type AgentSettings } from '../../src/agent/create-answer-engine.ts';
import type { Actor } from '../../src/app/ports/index.ts';
import type { ToolServices } from '../../tools/index.ts';
import { scriptedModel } from './scripted-model.ts';

const none = { namesDocument: false, namesCode: false };
const figures = (question: string) => {
  const calculation = parseCalculation(question);
  if (calculation === undefined) return undefined;
  const result = compute(calculation);
  return { neto: Number(result.neto), exento: Number(result.exento), iva: Number(result.iva), total: Number(result.total) };
};

describe('calculations read from the question', () => {
  it('take the IVA of a neto, the neto of a bruto, exempt lines, item counts and a global discount, rounded half-up as the core rounds', () => {
    expect(figures('cuánto es el IVA de 100.000')).toEqual({ neto: 100000, exento: 0, iva: 19000, total: 119000 });
    expect(figures('iva de 45990')).toMatchObject({ iva: 8738 });
    expect(figures('el bruto es 50,000 pesos, cual es el neto')).toEqual({ neto: 42017, exento: 0, iva: 7983, total: 50000 });
    expect(figures('pagué 11.900 con iva, cuánto es el neto')).toMatchObject({ neto: 10000, iva: 1900 });
    expect(figures('el neto es 350.000, cuánto queda con iva?')).toMatchObject({ iva: 66500, total: 416500 });
    expect(figures('neto 80.000 y 20.000 exento, total?')).toEqual({ neto: 80000, exento: 20000, iva: 15200, total: 115200 });
    expect(figures('4 items de 2.500 cada uno, total con iva')).toMatchObject({ neto: 10000, iva: 1900, total: 11900 });
    expect(figures('neto 300.000 con descuento del 20%, iva y total')).toMatchObject({ neto: 240000, iva: 45600, total: 285600 });
  });

  it('are not read from a question without an amount, with only a year or a small count, or about a code', () => {
    expect(parseCalculation('cuánto dura un CAF')).toBeUndefined();
    expect(parseCalculation('cuánto es el IVA en 2025')).toBeUndefined();
    expect(parseCalculation('cuántas líneas tiene una factura, 60?')).toBeUndefined();
    expect(directIntent('q es HED-3-305 cuanto', { namesDocument: false, namesCode: true })).toBeUndefined();
    expect(directIntent('cuánto es el total de la factura 1200', { namesDocument: true, namesCode: false })).toBeUndefined();
  });

  it('show the figures in the asker\'s way of writing them, and the rate\'s source', () => {
    expect(pesos(1785000n, 'es')).toBe('$1.785.000');
    expect(pesos(1785000n, 'en')).toBe('$1,785,000');
    const intent = directIntent('what is the VAT on 1,000,000 pesos?', none);
    expect(intent?.kind).toBe('calculation');
    expect(directLines(intent!, 'en').join(' ')).toMatch(/VAT 19 % of the net: \$190,000; total \$1,190,000.*D\.L\. 825, art\. 14/);
  });
});

describe('greetings', () => {
  it('are messages of greeting words alone, a question after a greeting is not one', () => {
    for (const greeting of ['hola', 'Hola!!', 'buenas tardes', 'buen día, una consulta', 'hello, what can you do?', 'q tal', 'hey']) expect(isGreeting(greeting)).toBe(true);
    for (const question of ['hola, como anulo una factura', 'buenas, xq me rechazaron la fact 12', 'hi, what is a CAF?', 'que es el caf']) expect(isGreeting(question)).toBe(false);
    expect(directLines({ kind: 'greeting' }, 'es')[0]).toMatch(/^Hola\. Puedo ayudarle/);
  });
});

describe('the model engine', () => {
  const settings: AgentSettings = {
    provider: 'anthropic', model: null, anthropic: { apiKey: 'unused', baseUrl: null }, openai: { apiKey: null, baseUrl: null },
    budgets: { maxSteps: 2, timeoutMs: 5_000, maxOutputTokens: 256, maxTotalTokens: 100_000, maxCostUsd: 1 },
  };

  it('answers greetings and calculations without calling the model, with the offline engine\'s figures (a loop test, not model quality)', async () => {
    // Services that fail if reached: a direct intent is answered before any tool.
    const services = { explanations: { codesIn: () => [] }, knowledge: { all: () => [] } } as unknown as ToolServices;
    const fixture = { services, actor: { subject: 'ana' } as unknown as Actor };
    const model = scriptedModel([{ text: 'not used' }]);
    const { engine } = createAnswerEngine(settings, fixture.services, { model });
    const calculation = await engine.answer(fixture.actor, { question: '¿cuánto es el IVA de 100.000?', history: [] });
    expect(calculation).toMatchObject({ mode: 'anthropic', outcome: 'answered', toolCalls: [] });
    expect(calculation.answer).toContain('$19.000');
    expect((await engine.answer(fixture.actor, { question: 'hola', history: [] })).answer).toMatch(/^Hola\./);
    expect(model.requests).toHaveLength(0);
    const offline = createAnswerEngine({ ...settings, provider: 'offline' }, fixture.services).engine;
    expect((await offline.answer(fixture.actor, { question: '¿cuánto es el IVA de 100.000?', history: [] })).answer).toContain(calculation.answer);
  });
});

describe('the closest knowledge entry', () => {
  const hit = (id: string, score: number) => ({ id, title: id, rule: 'r', sources: [], confident: false, score });
  it('is quoted only when it scores enough and leads the runner-up; a tie or a weak match stays "No sé"', async () => {
    const { nearestHit } = await import('../../src/agent/offline-engine.ts');
    expect(nearestHit([hit('a', 900), hit('b', 600)])?.id).toBe('a');
    expect(nearestHit([hit('a', 900), hit('b', 880)])).toBeUndefined();
    expect(nearestHit([hit('a', 250)])).toBeUndefined();
    expect(nearestHit([])).toBeUndefined();
  });
});
