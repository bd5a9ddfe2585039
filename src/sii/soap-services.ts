import { fileURLToPath } from 'node:url';
import { createClientAsync, type Client, type IHttpClient } from 'soap';
import { DteError } from '../core/errors.ts';
import { SII_PATHS } from './sii-environment.ts';
import { malformedAnswer } from './sii-errors.ts';
import { checkHttpStatus, exchange, SII_USER_AGENT, type HttpTransport } from './http-transport.ts';

/**
 * The SII's SOAP services, called through node-soap with the WSDLs of resources/wsdl and the
 * endpoint moved to the environment's host. node-soap builds the envelopes and reads the answers;
 * the HTTP exchange goes through our transport, so timeouts, cancellation and status handling are
 * the same as the upload's.
 *
 * Two things node-soap needs to be told about these Axis WSDLs: operations without parameters
 * (getSeed) must be called with `null` arguments, because their input message has no parts and
 * node-soap otherwise rejects the rpc binding; and the `…Return` value arrives either as a string or
 * as `{ $value }` when the SII types it with `xsi:type="xsd:string"`.
 */

/** The SOAP services, by the name of their WSDL. */
export type SoapServiceName = 'CrSeed' | 'GetTokenFromSeed' | 'QueryEstUp' | 'QueryEstDte';

const SERVICE_PATHS: Readonly<Record<SoapServiceName, string>> = {
  CrSeed: SII_PATHS.seed,
  GetTokenFromSeed: SII_PATHS.token,
  QueryEstUp: SII_PATHS.envelopeStatus,
  QueryEstDte: SII_PATHS.documentStatus,
};

/** Where the WSDLs are: the project's copies, so the client never fetches `?WSDL` from the SII. */
export const WSDL_DIRECTORY = fileURLToPath(new URL('../../resources/wsdl/', import.meta.url));

/** How one call is made. */
export interface SoapCallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Options node-soap passes through to our HTTP client. */
interface PassedOptions {
  siiTimeoutMs: number;
  siiSignal?: AbortSignal;
  siiWhat: string;
}

/** The four services of one SII host. Clients are built from the WSDLs on first use. */
export class SoapServices {
  private readonly baseUrl: string;
  private readonly httpClient: IHttpClient;
  private readonly clients = new Map<SoapServiceName, Promise<Client>>();

  constructor(baseUrl: string, transport: HttpTransport) {
    this.baseUrl = baseUrl;
    this.httpClient = transportClient(transport);
  }

  /**
   * Calls `operation` of `service` and returns its `…Return` string: the SII's answer, itself XML.
   * Transport failures and HTTP errors come as our DteErrors; anything node-soap cannot read is a
   * malformed answer.
   */
  async call(service: SoapServiceName, operation: string, args: Record<string, string> | null, options: SoapCallOptions): Promise<string> {
    const what = `${service} ${operation}`;
    const client = await this.client(service);
    // node-soap's Client carries one `<operation>Async` method per operation of its WSDL.
    const method: unknown = client[`${operation}Async`];
    if (typeof method !== 'function') throw new Error(`The WSDL of ${service} has no operation ${operation}.`);
    const passed: PassedOptions = { siiTimeoutMs: options.timeoutMs, siiSignal: options.signal, siiWhat: what };
    let result: unknown;
    try {
      [result] = await (method as (args: unknown, options: unknown) => Promise<[unknown]>).call(client, args, passed);
    } catch (error) {
      if (error instanceof DteError) throw error;
      throw malformedAnswer(what, `it is not a SOAP answer node-soap can read (${describe(error)})`);
    }
    const value = (result as Record<string, unknown> | null | undefined)?.[`${operation}Return`];
    const text = typeof value === 'string' ? value : (value as { $value?: unknown } | undefined)?.$value;
    if (typeof text !== 'string') throw malformedAnswer(what, `it has no ${operation}Return string`);
    return text;
  }

  private client(service: SoapServiceName): Promise<Client> {
    let client = this.clients.get(service);
    if (client === undefined) {
      client = createClientAsync(`${WSDL_DIRECTORY}${service}.wsdl`, { httpClient: this.httpClient }, `${this.baseUrl}${SERVICE_PATHS[service]}`);
      // A failed build (an unreadable WSDL) is not cached, so a later call tries again.
      client.catch(() => this.clients.delete(service));
      this.clients.set(service, client);
    }
    return client;
  }
}

/** node-soap's HTTP client interface over our transport. */
function transportClient(transport: HttpTransport): IHttpClient {
  return {
    request(url, data, callback, headers, exoptions) {
      const passed = (exoptions ?? {}) as Partial<PassedOptions>;
      const what = passed.siiWhat ?? 'a SOAP call';
      const request = {
        method: 'POST' as const,
        url,
        headers: { ...(headers as Record<string, string> | undefined), 'User-Agent': SII_USER_AGENT },
        body: typeof data === 'string' ? data : String(data),
      };
      const sent = exchange(transport, request, { timeoutMs: passed.siiTimeoutMs ?? 30_000, signal: passed.siiSignal, what });
      // node-soap ignores this promise; the outcome reaches it through the callback only.
      return sent.then((response) => {
        try {
          checkHttpStatus(response, url, what);
        } catch (error) {
          callback(error);
          return;
        }
        const body = Buffer.from(response.body).toString('utf8');
        callback(null, { status: response.status, headers: response.headers, config: {} }, body);
      }, (error: unknown) => void callback(error)) as unknown as ReturnType<IHttpClient['request']>;
    },
  };
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').slice(0, 160);
}
