import { describe, expect, it } from 'vitest';
import type { DocumentRecord, JobData, RegistryEventRecord } from '../../src/app/ports/index.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createClaimAlerts, SLACK_CLAIM_ALERT_JOB } from '../../src/slack/claim-alerts.ts';
import type { SlackMessage } from '../../src/slack/slack-poster.ts';

const document = {
  id: 'doc-1', companyRut: '76192083-9', type: 33, folio: 120, receiverRut: '77777777-7', totalAmount: 1190,
  request: { Encabezado: { Receptor: { RznSocRecep: 'Constructora Peñalolén SpA' } } },
} as unknown as DocumentRecord;
const claim: RegistryEventRecord = {
  id: 9, companyRut: '76192083-9', documentId: 'doc-1', code: 'RFP', description: 'Reclamo por Falta Parcial de Mercaderías', responsibleRut: '77777777-7',
  at: new Date('2026-12-03T14:00:00Z'), siiTime: '03-12-2026 11:00:00', recordedAt: new Date(), notifiedAt: null,
};

function alerts(channel: string | null) {
  const jobs: Array<{ name: string; data: JobData; key?: string }> = [];
  const posted: Array<{ channel: string; message: SlackMessage }> = [];
  const listener = createClaimAlerts({
    runner: { add: async (name, data, options) => void jobs.push({ name, data, ...(options?.key ? { key: options.key } : {}) }) },
    poster: { post: async (to: string, message: SlackMessage) => void posted.push({ channel: to, message }) } as never,
    channels: { destination: async () => channel },
    logger: createLogger({ level: 'silent' }),
  });
  return { jobs, posted, listener };
}

describe('the Slack claim alert', () => {
  it("posts the claim's kind, who and when, with an Explain button, once per claim", async () => {
    const { jobs, posted, listener } = alerts('C0ALERTS');
    await listener.documentClaimed(document, claim);
    expect(jobs).toEqual([expect.objectContaining({ name: SLACK_CLAIM_ALERT_JOB, key: 'slack-claim-alert:doc-1:9' })]);
    await listener.handlers[SLACK_CLAIM_ALERT_JOB]!(jobs[0]!.data, { name: SLACK_CLAIM_ALERT_JOB, attempt: 1, attempts: 5 });
    expect(posted).toHaveLength(1);
    expect(posted[0]!.channel).toBe('C0ALERTS');
    expect(posted[0]!.message.text).toContain('DTE 33 folio 120 of 76192083-9 was claimed by its receiver Constructora Peñalolén SpA (77777777-7)');
    expect(posted[0]!.message.text).toContain('goods or services partly missing (RFP), on 2026-12-03T14:00:00.000Z');
    expect(JSON.stringify(posted[0]!.message.blocks)).toContain('"action_id":"dte_explain"');
  });

  it('queues nothing when the company has no channel', async () => {
    const { jobs, listener } = alerts(null);
    await listener.documentClaimed(document, claim);
    expect(jobs).toEqual([]);
  });
});
