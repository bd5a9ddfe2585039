/** The offline mode answers "¿qué facturas me llegaron?" from list_received_documents alone. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/agent/create-answer-engine.ts';
import type { AnswerEngine } from '../../src/app/ports/index.ts';
import { TEST_COMPANY_RUT } from '../support/credentials.ts';
import { supplierEnvelope, supplierFactura } from '../support/supplier-envelopes.ts';
import { createAgentFixture, type AgentFixture } from './agent-fixture.ts';

const OFFLINE = { provider: 'offline' as const, model: null, anthropic: { apiKey: null, baseUrl: null }, openai: { apiKey: null, baseUrl: null }, budgets: { maxSteps: 8, timeoutMs: 10_000, maxOutputTokens: 1024, maxTotalTokens: 100_000, maxCostUsd: 1 } };

let fixture: AgentFixture;
let engine: AnswerEngine;

beforeAll(async () => {
  fixture = await createAgentFixture();
  engine = createAnswerEngine(OFFLINE, fixture.services).engine;
});

describe('the offline mode on received documents', () => {
  it('says there are none, then lists what a supplier sent with its amount and deadline', async () => {
    const none = await engine.answer(fixture.actor, { question: '¿Qué facturas me llegaron?', history: [] });
    expect(none.answer).toContain('No hay documentos recibidos');
    const admin = { subject: 'admin', role: 'admin' as const, companies: [TEST_COMPANY_RUT] };
    const factura = await supplierFactura(120, TEST_COMPANY_RUT);
    await fixture.services.received!.receive(admin, TEST_COMPANY_RUT, await supplierEnvelope([factura], TEST_COMPANY_RUT), 'EnvioDTE.xml');
    const total = Number(/<MntTotal>(\d+)<\/MntTotal>/.exec(factura.toString('latin1'))![1]);
    const answer = await engine.answer(fixture.actor, { question: '¿Qué facturas me llegaron?', history: [] });
    expect(answer.toolCalls.map((call) => call.name)).toEqual(['list_received_documents']);
    expect(answer.outcome).toBe('answered');
    expect(answer.answer).toMatch(/120 de «.+» \(76192083-9\)/);
    expect(answer.answer).toContain(`por $${total.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')}: espera su decisión; plazo para aceptar o reclamar: 28-11.`);
    const english = await engine.answer(fixture.actor, { question: 'Which invoices did we receive from suppliers?', history: [] });
    expect(english.answer).toContain('waiting for your decision; deadline to accept or claim: 28-11');
  });
});
