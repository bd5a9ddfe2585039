/**
 * Telling others about a document's final state: signed webhooks to its callbackUrl and the state
 * written on its Odoo invoice (JSON-2 for Odoo 19+, XML-RPC for older Odoo). Deliveries are jobs of
 * the submission queue's runner.
 */
export { documentEvent, type DocumentEvent, type EventCode } from './document-event.ts';
export {
  createNotifications, createNotifier, NOTIFICATION_JOBS, odooNote, odooValues, type NotificationOptions, type NotifierOptions,
} from './notifications.ts';
export { createOdooClient } from './create-odoo-client.ts';
export { DEFAULT_ODOO_FIELD_MAP, isOdooError, odooError, type OdooClient, type OdooConnection, type OdooFieldMap } from './odoo-client.ts';
export { createJson2Client, type Json2Options } from './odoo-json2-client.ts';
export { createXmlRpcClient, type XmlRpcOptions } from './odoo-xmlrpc-client.ts';
export { deliverWebhook, type DeliveryResult, type HostResolver, type ResolvedAddress, type WebhookRequest } from './webhook-delivery.ts';
export {
  DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER, verifyWebhookSignature, type WebhookCheck,
} from './webhook-signature.ts';

