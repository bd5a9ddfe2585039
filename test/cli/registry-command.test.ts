import { describe, expect, it } from 'vitest';
import { createRegistryCommands } from '../../src/cli/registry-command.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { captureContext } from './capture-context.ts';

function answering(status: number, body: unknown): { fetcher: typeof fetch; calls: Request[] } {
  const calls: Request[] = [];
  const fetcher = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push(new Request(input, init));
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetcher, calls };
}

async function dte(fetcher: typeof fetch, ...argv: string[]) {
  const captured = captureContext();
  const code = await runCli([...argv, '--url', 'http://127.0.0.1:1', '--token', 'a-token'], [createRegistryCommands(undefined, fetcher)], captured.context);
  return { code, stdout: captured.stdout(), errorLines: captured.errorLines() };
}

describe('dte events and dte registry', () => {
  it('prints what the receiver did, and asks the SII now with --refresh', async () => {
    const view = {
      documentId: 'd1', companyRut: '76192083-9', type: 33, folio: 7, receiverStatus: 'claimed', receivedAt: '2026-12-01T12:00:00.000Z',
      deadline: '2026-12-09T12:00:00.000Z', lastPolledAt: null, events: [{ code: 'RCD', description: 'Reclamo al Contenido del Documento', responsibleRut: '77777777-7', at: '2026-12-03T14:00:00.000Z' }],
    };
    const { fetcher, calls } = answering(200, view);
    const shown = await dte(fetcher, 'events', 'd1', '--refresh');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('claimed; the receiver may act until 2026-12-09T12:00:00.000Z');
    expect(shown.stdout).toContain('RCD Reclamo al Contenido del Documento (by 77777777-7)');
    expect([calls[0]!.method, new URL(calls[0]!.url).pathname]).toEqual(['POST', '/v1/documents/d1/events/refresh']);
  });

  it('claims with its kind and reason, and refuses a bad kind, type or folio with one line each and exit 2, calling nothing', async () => {
    const outcome = { companyRut: '76192083-9', rutEmisor: '77777777-7', tipoDoc: 33, folio: 5, action: 'RFT', answer: { code: 0, meaning: 'Acción Completada OK', description: '' }, replayed: false };
    const { fetcher, calls } = answering(200, outcome);
    const claimed = await dte(fetcher, 'registry', 'claim', '--issuer', '77777777-7', '--type', '33', '--folio', '5', '--kind', 'rft', '--reason', 'no llegó nada');
    expect(claimed.code).toBe(0);
    expect(await calls[0]!.json()).toEqual({ rutEmisor: '77777777-7', tipoDoc: 33, folio: 5, action: 'RFT', reason: 'no llegó nada' });
    const bad = await dte(fetcher, 'registry', 'claim', '--issuer', '77777777-7', '--type', 'x', '--folio', '0', '--kind', 'ACD!');
    expect(bad.code).toBe(2);
    expect(bad.errorLines).toHaveLength(3);
    expect(calls).toHaveLength(1);
  });
});
