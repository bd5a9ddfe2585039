import { describe, expect, it } from 'vitest';
import type { Actor, DocumentService, DocumentView, RegistryService } from '../../src/app/ports/index.ts';
import type { DocumentEventsView } from '../../src/app/ports/registry-service.ts';
import { answerDteCommand } from '../../src/slack/dte-command.ts';
import { siiCodeExplanations } from '../../src/composition/resources.ts';

const COMPANY = '76192083-9';
const ID = '0b6f3a52-4c1e-4c59-9d3e-2f1a7c9e8b10';
const actor: Actor = { subject: 'slack:T1:U1', role: 'viewer', companies: [COMPANY] };
const document = { id: ID, companyRut: COMPANY, type: 33, folio: 120 } as DocumentView;
const claimed: DocumentEventsView = {
  documentId: ID, companyRut: COMPANY, type: 33, folio: 120, receiverStatus: 'claimed',
  receivedAt: '2026-11-15T12:00:00.000Z', deadline: '2026-11-23T12:00:00.000Z', lastPolledAt: '2026-11-18T14:00:00.000Z',
  events: [{ code: 'RCD', description: 'Reclamo al Contenido del Documento', responsibleRut: '77777777-7', at: '2026-11-18T13:15:00.000Z' }],
};

/** Fakes of the two services: the list filters by what it is asked, the registry answers only our document. */
function services(asked: unknown[]) {
  const documents = {
    async list(_actor: Actor, query: { companyRut: string; type: number; folio: number }) {
      asked.push(query);
      return { items: query.type === 33 && query.folio === 120 && query.companyRut === COMPANY ? [document] : [] };
    },
    async get(_actor: Actor, id: string) {
      if (id !== ID) throw new Error('unexpected');
      return document;
    },
  } as unknown as DocumentService;
  const registry = { async events(_actor: Actor, id: string) { expect(id).toBe(ID); return claimed; } } as unknown as RegistryService;
  return { documents, registry, companies: {} as never, explanations: siiCodeExplanations() };
}

describe('/dte eventos', () => {
  it('tells a claim by "factura N", by "33 N" and by id, with the kind, who, when and the deadline', async () => {
    const asked: unknown[] = [];
    for (const text of ['eventos factura 120', 'eventos 33 120', `events ${ID}`]) {
      const answer = await answerDteCommand(text, actor, services(asked));
      expect(answer.text).toContain('*DTE 33 folio 120* of 76192083-9');
      expect(answer.text).toContain('*claimed* by the receiver');
      expect(answer.text).toContain('RCD — Reclamo al Contenido del Documento — by 77777777-7, 2026-11-18T13:15:00.000Z');
      expect(answer.text).toContain('may act until 2026-11-23T12:00:00.000Z');
    }
    expect(asked).toEqual([{ companyRut: COMPANY, type: 33, folio: 120, limit: 5 }, { companyRut: COMPANY, type: 33, folio: 120, limit: 5 }]);
  });

  it('says how to name the document, and that a folio is not in the companies, without asking the registry', async () => {
    expect((await answerDteCommand('eventos', actor, services([]))).text).toContain('Say the document');
    expect((await answerDteCommand('eventos factura doce', actor, services([]))).text).toContain('Say the document');
    expect((await answerDteCommand('eventos factura 121', actor, services([]))).text).toContain('No such document in your companies (76192083-9)');
    const { registry: _registry, ...without } = services([]);
    expect((await answerDteCommand('eventos factura 120', actor, without)).text).toContain('not available here');
    expect((await answerDteCommand('help', actor, without)).text).toContain('/dte eventos factura 120');
  });
});
