import { DteError } from '../core/errors.ts';
import { parseRut } from '../core/rut.ts';
import { authorize } from './authorize.ts';
import type { Actor, AlertChannelService, AlertChannelView, SlackAlertChannelRecord, Store } from './ports/index.ts';

/** A Slack channel id: public (C…) or private (G…), as the channel's details show it. */
const CHANNEL_ID = /^[CG][A-Z0-9]{4,31}$/;

/** What the service needs besides the store. */
export interface AlertChannelOptions {
  /** SLACK_ALERT_CHANNEL: where a company without a channel of its own is alerted (null: nowhere). */
  defaultChannel: string | null;
  clock?: () => Date;
}

/** The alert channels of companies, over the store's Slack repository. */
export function createAlertChannelService(store: Store, options: AlertChannelOptions): AlertChannelService {
  const clock = options.clock ?? (() => new Date());
  /** The company's canonical RUT, once its admin is known to be the caller and the company registered. */
  const administered = async (admin: Actor, text: string): Promise<string> => {
    const rut = parseRut(text)?.canonical;
    if (rut === undefined) {
      throw new DteError('VALIDATION_FAILED', `${text} is not a RUT.`, { details: [{ pointer: 'rut', message: `${text} is not a RUT with a right check digit, such as 76192083-9` }] });
    }
    authorize(admin, 'manage', rut);
    if (await store.companies.get(rut) === undefined) throw new DteError('NOT_FOUND', `The company ${rut} is not registered.`);
    return rut;
  };
  return {
    async get(admin, companyRut) {
      const rut = await administered(admin, companyRut);
      return viewOf(rut, await store.slack.alertChannel(rut));
    },
    async set(admin, companyRut, channel) {
      const rut = await administered(admin, companyRut);
      const id = channel.trim();
      if (!CHANNEL_ID.test(id)) {
        const message = `${channel} is not a Slack channel id: give the id (C… or G…, at the bottom of the channel's details), not its name`;
        throw new DteError('VALIDATION_FAILED', `${channel} is not a Slack channel id.`, { details: [{ pointer: '/channel', message }] });
      }
      // The change and its audit entry are one: neither is kept without the other.
      const saved = await store.transaction(async (transaction) => {
        const record = await transaction.slack.saveAlertChannel({ companyRut: rut, channel: id, setBy: admin.subject });
        await transaction.audit.record({
          actor: admin.subject, action: 'slack_alert_channel.set', target: `slack:${id}`, companyRut: rut, detail: { channel: id, at: clock().toISOString() },
          ...(admin.ip ? { ip: admin.ip } : {}), ...(admin.userAgent ? { userAgent: admin.userAgent } : {}),
        });
        return record;
      });
      return viewOf(rut, saved);
    },
    async remove(admin, companyRut) {
      const rut = await administered(admin, companyRut);
      return store.transaction(async (transaction) => {
        const existing = await transaction.slack.alertChannel(rut);
        if (existing === undefined || !(await transaction.slack.removeAlertChannel(rut))) return false;
        await transaction.audit.record({
          actor: admin.subject, action: 'slack_alert_channel.removed', target: `slack:${existing.channel}`, companyRut: rut,
          ...(admin.ip ? { ip: admin.ip } : {}), ...(admin.userAgent ? { userAgent: admin.userAgent } : {}),
        });
        return true;
      });
    },
    async destination(companyRut) {
      return (await store.slack.alertChannel(companyRut))?.channel ?? options.defaultChannel;
    },
  };
}

function viewOf(companyRut: string, record: SlackAlertChannelRecord | undefined): AlertChannelView {
  if (record === undefined) return { companyRut, channel: null };
  return { companyRut, channel: record.channel, setBy: record.setBy, updatedAt: record.updatedAt.toISOString() };
}
