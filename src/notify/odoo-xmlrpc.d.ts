/** Types of the odoo-xmlrpc package (it ships none): the calls this service makes. */
declare module 'odoo-xmlrpc' {
  interface OdooXmlRpcOptions {
    url: string;
    port?: number | string;
    db: string;
    username: string;
    password: string;
  }
  type OdooCallback<Value> = (error: unknown, value: Value) => void;
  class OdooXmlRpc {
    constructor(options: OdooXmlRpcOptions);
    connect(callback: OdooCallback<number>): void;
    execute_kw(model: string, method: string, params: unknown[], callback: OdooCallback<unknown>): void;
  }
  export = OdooXmlRpc;
}
