import { isRetryableHttpStatus } from '../core/retry.ts';
import { odooError, withoutSecrets, type OdooClient } from './odoo-client.ts';

/** How to reach Odoo 19+ over JSON-2. */
export interface Json2Options {
  /** ODOO_URL, e.g. `https://mycompany.odoo.com` (a path prefix is kept). */
  url: string;
  /** ODOO_DATABASE, sent as X-Odoo-Database when set (servers hosting several databases need it). */
  database: string | null;
  /** ODOO_API_KEY, sent as `Authorization: bearer <key>`; never logged or quoted. */
  apiKey: string;
  /** Milliseconds before a call is abandoned; 15,000 by default. */
  timeoutMs?: number;
}

/**
 * Odoo's External JSON-2 API (Odoo 19+): `POST <url>/json/2/<model>/<method>` with the method's
 * named arguments as a JSON object (`ids` for the records). A 200 carries the method's result; an
 * error is a 4xx/5xx with `{ name, message, … }`. 5xx, 408, 429 and network failures are worth
 * retrying; other 4xx (a bad key, a missing record, a field the database lacks) are not.
 */
export function createJson2Client(options: Json2Options): OdooClient {
  const base = options.url.replace(/\/+$/, '');
  const call = async (model: string, method: string, body: Record<string, unknown>): Promise<unknown> => {
    const what = `${model}.${method}`;
    const headers: Record<string, string> = {
      Authorization: `bearer ${options.apiKey}`,
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'dte-service',
    };
    if (options.database !== null && options.database !== '') headers['X-Odoo-Database'] = options.database;
    let response: Response;
    try {
      response = await fetch(`${base}/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`, {
        method: 'POST', headers, body: JSON.stringify(body), redirect: 'error', signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      const code = (error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined) ?? (error instanceof Error ? error.name : 'error');
      throw odooError(`Odoo could not be reached for ${what}: ${String(code)}.`, true);
    }
    const text = await response.text();
    if (response.ok) return text === '' ? null : JSON.parse(text) as unknown;
    throw odooError(`Odoo answered ${response.status} to ${what}: ${withoutSecrets(errorMessage(text), [options.apiKey])}`, isRetryableHttpStatus(response.status));
  };
  return {
    async write(model, ids, values) {
      await call(model, 'write', { ids: [...ids], vals: values });
    },
    async postMessage(model, id, body) {
      await call(model, 'message_post', { ids: [id], body, message_type: 'comment', subtype_xmlid: 'mail.mt_note' });
    },
  };
}

/** The `message` of Odoo's JSON error object, or the start of the body. */
function errorMessage(text: string): string {
  try {
    const error = JSON.parse(text) as { name?: unknown; message?: unknown };
    if (typeof error.message === 'string') return typeof error.name === 'string' ? `${error.message} (${error.name})` : error.message;
  } catch {
    // Not JSON: a proxy's page, say.
  }
  return text.slice(0, 200) || '(empty answer)';
}
