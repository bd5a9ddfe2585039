import OdooXmlRpc from 'odoo-xmlrpc';
import type { DteError } from '../core/errors.ts';
import { isOdooError, odooError as failedCall, withoutSecrets, type OdooClient } from './odoo-client.ts';

/** How to reach an older Odoo over XML-RPC. */
export interface XmlRpcOptions {
  url: string;
  database: string;
  username: string;
  /** ODOO_PASSWORD (or an API key used as password); never logged or quoted. */
  password: string;
  /** Milliseconds before a call is abandoned; 15,000 by default. */
  timeoutMs?: number;
}

/**
 * Odoo's XML-RPC API through `odoo-xmlrpc`: `authenticate` once on /xmlrpc/2/common for the user
 * id, then `execute_kw(db, uid, password, model, method, args, kwargs)` on /xmlrpc/2/object. An
 * XML-RPC fault (access denied, a missing record, a bad field) is not worth retrying; a transport
 * failure is, and makes the next call authenticate again.
 */
export function createXmlRpcClient(options: XmlRpcOptions): OdooClient {
  const odoo = new OdooXmlRpc({ url: options.url, db: options.database, username: options.username, password: options.password });
  const timeoutMs = options.timeoutMs ?? 15_000;
  let session: Promise<number> | undefined;

  const settle = <Value>(what: string, start: (callback: (error: unknown, value: Value) => void) => void): Promise<Value> =>
    new Promise<Value>((resolve, reject) => {
      const timer = setTimeout(() => reject(failedCall(`Odoo did not answer ${what} within ${timeoutMs} ms.`, true)), timeoutMs);
      start((error, value) => {
        clearTimeout(timer);
        if (error === null || error === undefined) resolve(value);
        else reject(odooError(what, error, options.password));
      });
    });

  const execute = async (model: string, method: string, params: unknown[]): Promise<unknown> => {
    session ??= settle<number>('authenticate', (callback) => odoo.connect(callback));
    try {
      await session;
      return await settle<unknown>(`${model}.${method}`, (callback) => odoo.execute_kw(model, method, params, callback));
    } catch (error) {
      if (isOdooError(error) && error.retryable) session = undefined;
      throw error;
    }
  };

  return {
    async write(model, ids, values) {
      await execute(model, 'write', [[[...ids], values]]);
    },
    async postMessage(model, id, body) {
      await execute(model, 'message_post', [[[id]], { body, message_type: 'comment', subtype_xmlid: 'mail.mt_note' }]);
    },
  };
}

/** Turns what the XML-RPC library reports into an OdooError, keeping only what is safe to quote. */
function odooError(what: string, error: unknown, password: string): DteError {
  const fault = error as { faultString?: unknown; code?: unknown; message?: unknown } | null;
  if (typeof fault?.faultString === 'string') {
    const line = fault.faultString.trim().split('\n').pop() ?? '';
    return failedCall(`Odoo refused ${what}: ${withoutSecrets(line, [password])}`, false);
  }
  if (fault?.message === 'No UID returned from authentication.') {
    return failedCall(`Odoo refused the user name or password for database authentication (${what}).`, false);
  }
  const reason = typeof fault?.code === 'string' ? fault.code : typeof fault?.message === 'string' ? fault.message : 'unknown error';
  return failedCall(`Odoo could not be reached for ${what}: ${withoutSecrets(reason, [password])}.`, true);
}
