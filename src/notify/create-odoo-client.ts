import type { OdooClient, OdooConnection } from './odoo-client.ts';
import { createJson2Client } from './odoo-json2-client.ts';
import { createXmlRpcClient } from './odoo-xmlrpc-client.ts';

/** The Odoo client for a configuration (src/config's OdooConfig fits): JSON-2 with an API key, else XML-RPC. */
export function createOdooClient(connection: Readonly<OdooConnection>, timeoutMs?: number): OdooClient {
  const timeout = timeoutMs === undefined ? {} : { timeoutMs };
  return connection.protocol === 'json-2'
    ? createJson2Client({ url: connection.url, database: connection.database, apiKey: connection.apiKey, ...timeout })
    : createXmlRpcClient({ url: connection.url, database: connection.database, username: connection.username, password: connection.password, ...timeout });
}
