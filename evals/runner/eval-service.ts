import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.ts';
import { DOCUMENT_STATE_MACHINE, isDocumentState } from '../../src/core/document-states.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createService, type Service } from '../../src/service.ts';
import { agentAnswerSchema, type AgentAnswer } from './answer.ts';
import type { DocumentView } from '../../src/app/ports/index.ts';
import { EVAL_COMPANY, fixtureRequest, OTHER_COMPANY, type ReferencedDocument } from './document-requests.ts';
import type { EvalCase, Fixture } from './suite-schema.ts';

/** A stored fixture, for `{{name.folio}}` in questions and assertions: the document as the API shows it. */
export type StoredFixture = Pick<DocumentView, 'id' | 'type' | 'folio' | 'state' | 'trackId' | 'codes'>;

/**
 * The service an eval suite runs against: the embedded start on a fresh PGlite in a folder of its own,
 * with the in-process local SII, the agent on the given provider, and HTTP as every front end uses it.
 */
export interface EvalService {
  /** Issues a case's fixtures through the pipeline and waits for their final states. */
  fixtures(fixtures: readonly Fixture[]): Promise<Map<string, StoredFixture>>;
  /** Asks the agent, as the case's asker, within a conversation when given. */
  ask(question: string, options: { asker: NonNullable<EvalCase['vars']['asker']>; documentId?: string; conversationId?: string }): Promise<AgentAnswer>;
  close(): Promise<void>;
}

/** What a test may change in the service an eval runs against: a real part, not an expectation. */
export interface EvalServiceOptions {
  /** A folder of knowledge entries in place of resources/knowledge (e.g. a copy with a broken rule). */
  knowledgeDirectory?: string;
}

/** Starts one service for a suite. `environment` holds LLM_PROVIDER and the provider's settings. */
export async function startEvalService(environment: Record<string, string>, options: EvalServiceOptions = {}): Promise<EvalService> {
  const directory = mkdtempSync(join(tmpdir(), 'dte-evals-'));
  const config = loadConfig({
    DATA_DIR: directory, PORT: '0', RATE_LIMIT_PER_MINUTE: '0', ENVELOPE_MAX_WAIT_MS: '20', DEMO_COMPANY_RUT: EVAL_COMPANY, LOG_LEVEL: 'silent', ...environment,
  });
  const service: Service = await createService(config, {
    logger: createLogger({ level: 'silent' }), simulatorStepMs: 5, submission: { statusFirstDelayMs: 30, statusMaxDelayMs: 150 },
    ...(options.knowledgeDirectory === undefined ? {} : { knowledgeDirectory: options.knowledgeDirectory }),
  });
  const url = await service.start();
  const token = async (role: 'issuer' | 'viewer', company = EVAL_COMPANY) =>
    (await service.localToken({ subject: `evals-${role}-${company}`, role, companies: [company], ttlSeconds: 3_600, now: new Date() }))!;
  const issuer = await token('issuer');
  const today = new Date().toISOString().slice(0, 10);

  async function call(method: string, path: string, bearer: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${url}${path}`, {
      method, headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text.startsWith('{') ? JSON.parse(text) : text };
  }

  async function settle(id: string): Promise<StoredFixture> {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const { json } = await call('GET', `/v1/documents/${id}`, issuer);
      const document = json as StoredFixture;
      // Settled: a state the pipeline stops at and tells listeners about (a verdict, or failed).
      if (isDocumentState(document.state) && DOCUMENT_STATE_MACHINE[document.state].notifies) return document;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`The fixture document ${id} never reached a final state.`);
  }

  /** The receiver's action on the SII's site, then one registry question by the service (its poll, asked now). */
  async function receiverAction(document: StoredFixture, action: string): Promise<void> {
    const body = { rutEmisor: EVAL_COMPANY, tipoDoc: document.type, folio: document.folio, accionDoc: action };
    const site = await fetch(`${service.simulator!.url}/admin/registry/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (site.status !== 201) throw new Error(`The local SII refused the receiver's ${action} on folio ${document.folio}: ${await site.text()}`);
    const refreshed = await call('POST', `/v1/documents/${document.id}/events/refresh`, issuer);
    if (refreshed.status !== 200) throw new Error(`The registry refresh of folio ${document.folio} answered ${refreshed.status}: ${JSON.stringify(refreshed.json)}`);
  }

  return {
    async fixtures(fixtures) {
      const stored = new Map<string, StoredFixture>();
      for (const fixture of fixtures) {
        let referenced: ReferencedDocument | undefined;
        if (typeof fixture.references === 'string') {
          const target = stored.get(fixture.references);
          if (target === undefined) throw new Error(`Fixture ${fixture.as} references ${fixture.references}, which is not defined before it.`);
          referenced = { type: target.type, folio: target.folio, date: today };
        } else if (fixture.references !== undefined) {
          referenced = { ...fixture.references, date: today };
        }
        if (fixture.verdict !== undefined) {
          const rules = { rules: [{ type: fixture.type, next: 1, state: fixture.verdict.state, codes: fixture.verdict.codes }] };
          const answer = await fetch(`${service.simulator!.url}/admin/verdicts`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rules) });
          if (!answer.ok) throw new Error(`The local SII refused the verdict of fixture ${fixture.as}: ${await answer.text()}`);
        }
        const issued = await call('POST', '/v1/documents', issuer, fixtureRequest(fixture, today, referenced));
        if (issued.status !== 201) throw new Error(`Fixture ${fixture.as} was not issued (${issued.status}): ${JSON.stringify(issued.json)}`);
        const settled = await settle((issued.json as { id: string }).id);
        if (fixture.receiverAction !== undefined) await receiverAction(settled, fixture.receiverAction);
        stored.set(fixture.as, settled);
      }
      return stored;
    },
    async ask(question, options) {
      const bearer = options.asker === 'other-company' ? await token('viewer', OTHER_COMPANY) : await token(options.asker);
      const body = { question, ...(options.documentId ? { documentId: options.documentId } : {}), ...(options.conversationId ? { conversationId: options.conversationId } : {}) };
      const { status, json } = await call('POST', '/v1/agent/ask', bearer, body);
      if (status !== 200) throw new Error(`The agent answered ${status}: ${JSON.stringify(json)}`);
      return agentAnswerSchema.parse(json);
    },
    async close() {
      await service.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
