import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/agent/create-answer-engine.ts';
import { asksRegistry } from '../../src/agent/registry-templates.ts';
import type { AnswerEngine, DocumentView, EngineAnswer } from '../../src/app/ports/index.ts';
import { createAgentFixture, type AgentFixture } from './agent-fixture.ts';

let fixture: AgentFixture;
let engine: AnswerEngine;
let claimed: DocumentView;
let pending: DocumentView;
let byLaw: DocumentView;

const OFFLINE = { provider: 'offline' as const, model: null, anthropic: { apiKey: null, baseUrl: null }, openai: { apiKey: null, baseUrl: null }, budgets: { maxSteps: 8, timeoutMs: 10_000, maxOutputTokens: 1024, maxTotalTokens: 100_000, maxCostUsd: 1 } };
const RECEIVER = '76555444-3';

function ask(question: string, history: EngineAnswer[] = [], documentId?: string): Promise<EngineAnswer> {
  const turns = history.map((answer) => ({ role: 'assistant' as const, text: answer.answer, at: '2026-11-20T15:00:00Z', ...(answer.citations[0]?.kind === 'document' ? { documentId: answer.citations[0].id } : {}) }));
  return engine.answer(fixture.actor, { question, history: turns, ...(documentId === undefined ? {} : { documentId }) });
}

/** A document whose window the poll opened on `receivedAt`, with the events and status given. */
async function followed(receivedAt: string, status: 'pending' | 'claimed' | 'accepted_by_law', events: Array<{ code: string; at: string }>): Promise<DocumentView> {
  const document = await fixture.issue(33, {}, { accept: true });
  const received = new Date(receivedAt);
  await fixture.store.registry.openWindow(document.companyRut, document.id, received, new Date(received.getTime() + 8 * 24 * 3600 * 1000));
  await fixture.store.registry.addEvents(document.companyRut, document.id, events.map((event) => ({ code: event.code, description: 'Reclamo al Contenido del Documento', responsibleRut: RECEIVER, at: new Date(event.at), siiTime: event.at })));
  await fixture.store.registry.updateWindow(document.companyRut, document.id, { status, polledAt: new Date('2026-11-20T14:00:00Z') });
  return document;
}

beforeAll(async () => {
  fixture = await createAgentFixture();
  engine = createAnswerEngine(OFFLINE, fixture.services).engine;
  claimed = await followed('2026-11-15T12:00:00Z', 'claimed', [{ code: 'RCD', at: '2026-11-18T13:15:00Z' }]);
  pending = await followed('2026-11-17T10:30:00Z', 'pending', []);
  byLaw = await followed('2026-11-01T09:00:00Z', 'accepted_by_law', []);
});

describe('the offline mode on the receiver\'s acceptance or claim', () => {
  it('tells, in informal Spanish, that the customer claimed the factura, with the kind, the date and who, from get_document_events', async () => {
    const answer = await ask(`el cliente reclamo la factura ${claimed.folio}??`);
    expect(answer.toolCalls.map((call) => call.name)).toEqual(['find_document', 'get_document_events', 'search_knowledge']);
    expect(answer.answer).toContain(`El receptor reclamó la factura ${claimed.folio}`);
    expect(answer.answer).toContain('reclamó el contenido (RCD)');
    expect(answer.answer).toContain('2026-11-18 13:15 UTC');
    expect(answer.answer).toContain(RECEIVER);
    expect(answer.citations).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'knowledge', id: 'que-hacer-si-cliente-reclama' })]));
    expect(answer.outcome).toBe('answered');
  });

  it('answers in English whether the customer accepted an invoice still in its window, with the deadline', async () => {
    const answer = await ask(`did the customer accept invoice ${pending.folio}?`);
    expect(answer.answer).toContain(`has not accepted or claimed invoice ${pending.folio} yet`);
    expect(answer.answer).toContain('until 2026-11-25 10:30 UTC');
    expect(answer.answer).not.toContain('claimed the content');
  });

  it('answers "¿hasta cuándo puede reclamar?" as a follow-up on the conversation\'s document', async () => {
    const first = await ask(`cual es el estado de la factura ${pending.folio}`);
    const answer = await ask('y hasta cuándo puede reclamar?', [first]);
    expect(answer.toolCalls.map((call) => call.name)).toContain('get_document_events');
    expect(answer.answer).toContain('Puede hacerlo hasta el 2026-11-25 10:30 UTC');
  });

  it('says a factura whose eight days passed is accepted by law', async () => {
    const answer = await ask(`el cliente aceptó la factura ${byLaw.folio}?`);
    expect(answer.answer).toContain('quedó aceptada por ley');
    expect(answer.answer).toContain('2026-11-09 09:00 UTC');
  });

  it('says the registry does not follow a factura it has no window for, and the SII\'s own acceptance is not a registry question', async () => {
    const plain = await fixture.issue(33, {}, { accept: true });
    const answer = await ask(`¿el cliente reclamó la factura ${plain.folio}?`);
    expect(answer.answer).toContain('El registro de aceptación o reclamo no sigue');
    expect(asksRegistry(`¿el SII aceptó la factura ${plain.folio}?`)).toBe(false);
    expect(asksRegistry('did the customer accept it?')).toBe(true);
  });
});
