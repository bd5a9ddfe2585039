import { describe, expect, it } from 'vitest';
import type { DocumentRecord, JobData } from '../../src/app/ports/index.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { siiCodeExplanations } from '../../src/composition/resources.ts';
import { createRejectionAlerts, SLACK_ALERT_JOB } from '../../src/slack/rejection-alerts.ts';
import type { SlackMessage, SlackPoster } from '../../src/slack/slack-poster.ts';

/** The alert listener on a recording runner and poster: which states are alerted, and what is posted. */
function setup(channels: Record<string, string | null> = { '76192083-9': 'C0ALERTS' }) {
  const jobs: Array<{ name: string; data: JobData; key?: string }> = [];
  const posted: Array<{ channel: string; message: SlackMessage }> = [];
  const poster = { post: async (channel: string, message: SlackMessage) => (posted.push({ channel, message }), '1.1') } as unknown as SlackPoster;
  const listener = createRejectionAlerts({
    runner: { add: async (name, data, options) => void jobs.push({ name, data, ...(options?.key ? { key: options.key } : {}) }) },
    poster, explanations: siiCodeExplanations(), logger: createLogger({ level: 'silent' }),
    channels: { destination: async (companyRut) => channels[companyRut] ?? null },
  });
  return { jobs, posted, listener };
}

function record(state: DocumentRecord['state'], codes: Array<{ code: string; message: string }>, companyRut = '76192083-9'): DocumentRecord {
  return {
    id: '7d8f3c1e-0000-4000-8000-000000000001', companyRut, type: 33, folio: 88, cafId: null, state, issueDate: '2026-11-20',
    receiverRut: '77777777-7', totalAmount: 1234567, request: { Encabezado: { Receptor: { RznSocRecep: 'Cliente <Ltda> & Cía' } } } as DocumentRecord['request'],
    trackId: '123', siiCodes: { codes }, callbackUrl: null, odooReference: null, createdAt: new Date(), updatedAt: new Date('2026-12-01T10:00:00Z'),
  };
}

describe('rejection alerts', () => {
  it('queues one job per rejection or repair, keyed by the state reached, and none for acceptance or failure', async () => {
    const { jobs, listener } = setup();
    await listener.documentSettled(record('accepted', []));
    await listener.documentSettled(record('failed', []));
    await listener.documentSettled(record('rejected', [{ code: 'DTE-3-101', message: 'Folio repetido' }]));
    await listener.documentSettled(record('accepted_with_repairs', [{ code: 'CRT-3-19', message: 'Resolución' }]));
    expect(jobs.map((job) => job.name)).toEqual([SLACK_ALERT_JOB, SLACK_ALERT_JOB]);
    const at = Date.parse('2026-12-01T10:00:00Z');
    expect(jobs.map((job) => job.key)).toEqual([
      `slack-alert:7d8f3c1e-0000-4000-8000-000000000001:rejected:${at}`,
      `slack-alert:7d8f3c1e-0000-4000-8000-000000000001:accepted_with_repairs:${at}`,
    ]);
  });

  it('posts the document, the receiver (escaped), the amount in pesos and each code with its meaning', async () => {
    const { jobs, posted, listener } = setup();
    await listener.documentSettled(record('accepted_with_repairs', [{ code: 'CRT-3-19', message: 'Resolución' }, { code: 'ZZZ-1', message: 'Desconocido' }]));
    await listener.handlers[SLACK_ALERT_JOB]!(jobs[0]!.data, { name: SLACK_ALERT_JOB, attempt: 1, attempts: 5 });
    const { channel, message } = posted[0]!;
    expect(channel).toBe('C0ALERTS');
    expect(message.text).toContain('DTE 33 folio 88 of 76192083-9 was accepted with repairs by the SII');
    expect(message.text).toContain('Cliente &lt;Ltda&gt; &amp; Cía (77777777-7), $1.234.567');
    expect(message.text).toContain('CRT-3-19: Fecha/Numero Resolucion Invalido');
    expect(message.text).toContain('Usual fix:');
    expect(message.text).toContain('ZZZ-1: Desconocido — this code is not in the project\'s SII catalog');
    // Accepted with repairs is final: the state machine lets no one retry it, so the alert offers no Retry.
    expect(JSON.stringify(message.blocks)).not.toContain('dte_retry');
    expect(JSON.stringify(message.blocks)).toContain('dte_explain');
  });

  it('offers Retry submission on a rejection, which a person may queue again', async () => {
    const { jobs, posted, listener } = setup();
    await listener.documentSettled(record('rejected', [{ code: 'DTE-3-101', message: 'Folio repetido' }]));
    await listener.handlers[SLACK_ALERT_JOB]!(jobs[0]!.data, { name: SLACK_ALERT_JOB, attempt: 1, attempts: 5 });
    expect(posted[0]!.message.text).toContain('was rejected by the SII');
    expect(JSON.stringify(posted[0]!.message.blocks)).toContain('dte_retry');
  });

  it("posts each company's alert to the channel the service names for that company, and queues none where there is no channel", async () => {
    const { jobs, posted, listener } = setup({ '76192083-9': 'C0OWN', '96670340-7': 'C0DEFAULT', '11111111-1': null });
    for (const company of ['76192083-9', '96670340-7', '11111111-1']) await listener.documentSettled(record('rejected', [], company));
    expect(jobs).toHaveLength(2);
    for (const job of jobs) await listener.handlers[SLACK_ALERT_JOB]!(job.data, { name: SLACK_ALERT_JOB, attempt: 1, attempts: 5 });
    expect(posted.map(({ channel, message }) => [channel, /of (\S+) was/.exec(message.text)?.[1]])).toEqual([['C0OWN', '76192083-9'], ['C0DEFAULT', '96670340-7']]);
  });

  it('fails a job without a document for good', async () => {
    const { listener } = setup();
    await expect(listener.handlers[SLACK_ALERT_JOB]!({}, { name: SLACK_ALERT_JOB, attempt: 1, attempts: 5 })).rejects.toMatchObject({ code: 'JOB_INVALID', retryable: false });
  });
});
