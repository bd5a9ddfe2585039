import { beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TOOLS, type AgentTool } from '../../tools/index.ts';
import { parseDocumentReference } from '../../tools/document-reference.ts';
import { runTool, type ToolOutcome } from '../../tools/run-tool.ts';
import { createAgentFixture, OTHER_COMPANY_RUT, REF_3_750, type AgentFixture } from '../agent/agent-fixture.ts';
import { TEST_COMPANY_RUT } from '../support/credentials.ts';
import { supplierEnvelope, supplierFactura } from '../support/supplier-envelopes.ts';

let fixture: AgentFixture;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- outputs are checked field by field.
type Json = any;

function tool(name: string): AgentTool<never> {
  const found = AGENT_TOOLS.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(name);
  return found;
}

async function call(name: string, input: unknown, actor = fixture.actor): Promise<ToolOutcome> {
  return runTool(tool(name), input, { actor, services: fixture.services });
}

async function data(name: string, input: unknown): Promise<Json> {
  const outcome = await call(name, input);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.result.data;
}

/** Every string anywhere in a value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => [key, ...strings(item)]);
  return [];
}

let rejectedNote: Json;
let factura: Json;
let receivedId: string;

beforeAll(async () => {
  fixture = await createAgentFixture();
  factura = await fixture.issue(33, {}, { accept: true, trackId: '424242', odoo: { model: 'account.move', id: 4321 } });
  const admin = { subject: 'admin', role: 'admin' as const, companies: [TEST_COMPANY_RUT] };
  const envelope = await fixture.services.received!.receive(admin, TEST_COMPANY_RUT, await supplierEnvelope([await supplierFactura(120, TEST_COMPANY_RUT)], TEST_COMPANY_RUT), 'EnvioDTE.xml');
  receivedId = envelope.documents[0]!.id;
  rejectedNote = await fixture.issue(61, { Referencia: [{ TpoDocRef: '33', FolioRef: '9999', FchRef: '2026-11-01', CodRef: 3, RazonRef: 'CORRIGE MONTOS' }] }, { reject: REF_3_750 });
});

describe('the agent tools', () => {
  it('read "factura 1234", "NC 55", "33-12" and "nota de crédito N° 7"', () => {
    expect(parseDocumentReference('¿por qué rechazaron la factura 1234?')).toEqual({ type: 33, folio: 1234 });
    expect(parseDocumentReference('la NC 55')).toEqual({ type: 61, folio: 55 });
    expect(parseDocumentReference('33-12')).toEqual({ type: 33, folio: 12 });
    expect(parseDocumentReference('nota de crédito N° 7')).toEqual({ type: 61, folio: 7 });
    expect(parseDocumentReference('la factura exenta 8')).toEqual({ type: 34, folio: 8 });
    expect(parseDocumentReference('¿qué es una factura?')).toBeUndefined();
  });

  it('read the abbreviations accounting staff write: fact., fac, FE, NC55, N/C, N/D, nro, guía desp, invoice no.', () => {
    expect(parseDocumentReference('cual es el estado de la fact. folio 12??')).toEqual({ type: 33, folio: 12 });
    expect(parseDocumentReference('estado fac. 12')).toEqual({ type: 33, folio: 12 });
    expect(parseDocumentReference('la FE 12 ya la acepto el sii?')).toEqual({ type: 33, folio: 12 });
    expect(parseDocumentReference('fact exenta 3')).toEqual({ type: 34, folio: 3 });
    expect(parseDocumentReference('estado de la NC55')).toEqual({ type: 61, folio: 55 });
    expect(parseDocumentReference('la n/c 8 y la N.C. 9')).toEqual({ type: 61, folio: 8 });
    expect(parseDocumentReference('la N/D 5 salio rechazada')).toEqual({ type: 56, folio: 5 });
    expect(parseDocumentReference('nota de crédito nro 9')).toEqual({ type: 61, folio: 9 });
    expect(parseDocumentReference('la guia desp 7 en q estado va')).toEqual({ type: 52, folio: 7 });
    expect(parseDocumentReference('status of invoice no. 4?')).toEqual({ type: 33, folio: 4 });
    expect(parseDocumentReference('invoice #12')).toEqual({ type: 33, folio: 12 });
    // Words that only begin like a type are not one.
    expect(parseDocumentReference('fe de erratas 2')).toBeUndefined();
    expect(parseDocumentReference('fecha 12')).toBeUndefined();
    expect(parseDocumentReference('and 5 more')).toBeUndefined();
  });

  it('find a document by id, by reference, by type and folio, by track id, by Odoo record and by receiver', async () => {
    expect((await data('find_document', { documentId: factura.id })).documents[0].id).toBe(factura.id);
    expect((await data('find_document', { reference: `NC ${rejectedNote.folio}` })).documents.map((item: Json) => item.id)).toEqual([rejectedNote.id]);
    expect((await data('find_document', { type: 33, folio: factura.folio })).documents[0]).toMatchObject({ id: factura.id, state: 'accepted', title: `Factura ${factura.folio}` });
    expect((await data('find_document', { trackId: '424242' })).documents.map((item: Json) => item.id)).toEqual([factura.id]);
    expect((await data('find_document', { odooModel: 'account.move', odooId: 4321 })).documents.map((item: Json) => item.id)).toEqual([factura.id]);
    const byReceiver = await data('find_document', { receiverRut: '77.777.777-7' });
    expect(byReceiver.documents.map((item: Json) => item.id)).toEqual(expect.arrayContaining([factura.id, rejectedNote.id]));
  });

  it('refuse unknown or malformed input, with the reason as text', async () => {
    const outcome = await call('find_document', { documentId: factura.id, companyRut: OTHER_COMPANY_RUT });
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining('Invalid input for find_document') });
    expect(await call('explain_sii_codes', { codes: [] })).toMatchObject({ ok: false });
  });

  it('never describe another company\'s document, nor say whose it is', async () => {
    for (const name of ['find_document', 'get_document_status', 'diagnose_document', 'suggest_correction', 'retry_submission']) {
      const outcome = await call(name, { documentId: fixture.foreignDocument });
      expect(outcome.ok, name).toBe(false);
      if (!outcome.ok) {
        expect(outcome.error).toMatch(/^NOT_FOUND/);
        expect(outcome.error).not.toContain(OTHER_COMPANY_RUT);
      }
    }
    expect((await data('find_document', { type: 33, folio: 1 })).documents.every((item: Json) => item.companyRut !== OTHER_COMPANY_RUT)).toBe(true);
    expect((await data('folios_left', { companyRut: OTHER_COMPANY_RUT })).companies).toEqual([]);
  });

  it('explain a code from the catalog with its guidance and source, and say when a code is unknown', async () => {
    const explained = await data('explain_sii_codes', { codes: ['REF-3-750', 'ZZZ-9-999'] });
    expect(explained.explanations[0]).toMatchObject({ code: 'REF-3-750', known: true, meaning: expect.stringMatching(/referenciado/i), guidance: { fix: expect.any(String) } });
    expect(explained.explanations[1]).toEqual({ code: 'ZZZ-9-999', known: false });
  });

  it('diagnose a nota de crédito whose factura the SII never received', async () => {
    const diagnosis = await data('diagnose_document', { documentId: rejectedNote.id });
    expect(diagnosis.siiCodes).toEqual(['REF-3-750']);
    expect(diagnosis.findings).toEqual([expect.objectContaining({ kind: 'reference-not-received', siiCode: 'REF-3-750', text: expect.objectContaining({ es: expect.stringContaining('folio 9999') }) })]);
  });

  it('suggest a correction the core accepted, as an action that needs approval', async () => {
    const outcome = await call('suggest_correction', { documentId: rejectedNote.id }, fixture.issuer);
    if (!outcome.ok) throw new Error(outcome.error);
    const suggestion = outcome.result.data as Json;
    expect(suggestion).toMatchObject({ nextStep: 'reissue', validatedByCore: true, actionOffered: true });
    expect(suggestion.changes).toContainEqual({ op: 'replace', pointer: '/Referencia/0/FolioRef', from: '9999', to: String(factura.folio) });
    expect(outcome.result.actions).toEqual([expect.objectContaining({ kind: 'issue_corrected_document', approvalRequired: true, documentId: rejectedNote.id })]);
    expect((await fixture.services.documents.check(fixture.actor, suggestion.request)).ok).toBe(true);
    const annul = await call('suggest_correction', { documentId: factura.id }, fixture.issuer);
    if (!annul.ok) throw new Error(annul.error);
    expect(annul.result.data).toMatchObject({ nextStep: 'credit_note_and_new_document', validatedByCore: true, request: { Referencia: [{ CodRef: 1, FolioRef: String(factura.folio) }] } });
    expect((annul.result.data as Json).changes).toContainEqual({ op: 'add', pointer: '/Referencia', from: [], to: [expect.objectContaining({ CodRef: 1 })] });
    expect(annul.result.actions).toEqual([expect.objectContaining({ kind: 'issue_credit_note', approvalRequired: true })]);
  });

  it('offer a viewer no action that issues, and say who may issue it', async () => {
    for (const documentId of [rejectedNote.id, factura.id]) {
      const outcome = await call('suggest_correction', { documentId });
      if (!outcome.ok) throw new Error(outcome.error);
      expect(outcome.result.actions ?? []).toEqual([]);
      const suggestion = outcome.result.data as Json;
      expect(suggestion).toMatchObject({ validatedByCore: true, actionOffered: false, needsRole: ['issuer', 'admin'] });
      expect(suggestion.request).toBeUndefined();
      expect(suggestion.text.es).toContain('Su rol (viewer) no puede emitir documentos');
    }
  });

  it('offer a retry as an action and never perform it, and none to a role that may not retry', async () => {
    const viewer = await call('retry_submission', { documentId: rejectedNote.id });
    expect(viewer).toMatchObject({ ok: true, result: { data: { offered: false, needsRole: ['issuer', 'admin'] } } });
    expect((viewer as { result: { actions?: unknown[] } }).result.actions ?? []).toEqual([]);
    const outcome = await call('retry_submission', { documentId: rejectedNote.id }, fixture.issuer);
    expect(outcome).toMatchObject({ ok: true, result: { actions: [{ kind: 'retry_submission', approvalRequired: true, documentId: rejectedNote.id }] } });
    expect((await fixture.services.documents.get(fixture.actor, rejectedNote.id)).state).toBe('rejected');
    expect(await call('retry_submission', { documentId: factura.id })).toMatchObject({ ok: false, error: expect.stringMatching(/^CONFLICT/) });
  });

  it('never put a certificate, key, password or token in any tool\'s output', async () => {
    const inputs: Record<string, unknown[]> = {
      find_document: [{ documentId: factura.id }, { receiverRut: '77777777-7' }, { trackId: '424242' }],
      get_document_status: [{ documentId: rejectedNote.id }],
      explain_sii_codes: [{ codes: ['REF-3-750', 'CAF-3-517', 'RCT'] }],
      diagnose_document: [{ documentId: rejectedNote.id }, { documentId: factura.id }],
      suggest_correction: [{ documentId: rejectedNote.id }, { documentId: factura.id }],
      search_knowledge: [{ query: 'certificado digital firma clave' }],
      folios_left: [{}],
      retry_submission: [{ documentId: rejectedNote.id }],
      get_document_events: [{ documentId: factura.id }],
      registry_action: [{ rutEmisor: '77777777-7', tipoDoc: 33, folio: 1, action: 'RCD' }],
      list_received_documents: [{}],
      decide_received_document: [{ receivedId: receivedId, result: 'accepted' }],
      compute: [{ affected: [100000], exempt: [5000] }, { gross: 119000 }],
    };
    expect(Object.keys(inputs).sort()).toEqual(AGENT_TOOLS.map((candidate) => candidate.name).sort());
    for (const [name, list] of Object.entries(inputs)) {
      for (const input of list) {
        const outcome = await call(name, input);
        expect(outcome.ok, `${name} ${JSON.stringify(input)}`).toBe(true);
        const text = strings(outcome).join('\n');
        expect(text, name).not.toMatch(/-----BEGIN|KEY-----|<RSASK>|eyJ[A-Za-z0-9_-]{10,}\.|\bpkcs12\b|\bpassword\b|\bapiKey\b/);
        for (const secret of fixture.secrets) expect(text.includes(secret), name).toBe(false);
      }
    }
  });
});

describe('the received-documents tools', () => {
  it('list what suppliers sent, and offer a decision only to a receiver or admin', async () => {
    const listed = await data('list_received_documents', {});
    expect(listed.documents).toEqual([expect.objectContaining({ id: receivedId, type: 33, folio: 120, issuerRut: TEST_COMPANY_RUT, state: 'received', total: expect.any(Number) })]);
    expect(await data('list_received_documents', { state: 'rejected' })).toMatchObject({ documents: [], count: 0 });
    expect(await data('decide_received_document', { receivedId, result: 'accepted' })).toMatchObject({ offered: false, needsRole: ['receiver', 'admin'] });
    const receiver = { subject: 'rita', role: 'receiver' as const, companies: [TEST_COMPANY_RUT] };
    expect(await call('decide_received_document', { receivedId, result: 'rejected', reason: 'No solicitada' }, receiver)).toMatchObject({
      ok: true, result: { actions: [{ kind: 'decide_received_document', approvalRequired: true, documentId: receivedId, request: { result: 'rejected', reason: 'No solicitada' } }] },
    });
    expect(await call('decide_received_document', { receivedId, result: 'rejected' }, receiver)).toMatchObject({ ok: true, result: { data: { offered: false } } });
    // Offering decided nothing; another company's actor does not see the document.
    expect((await fixture.services.received!.get(receiver, receivedId)).state).toBe('received');
    expect(await call('decide_received_document', { receivedId, result: 'accepted' }, fixture.otherActor)).toMatchObject({ ok: false, error: expect.stringMatching(/^NOT_FOUND/) });
  });
});
