/**
 * Ports: what the core needs from the outside world, as interfaces that adapters implement.
 */
export type { SchemaError, SchemaKind, SchemaReport, SchemaValidator } from './verify/schema-validator.ts';
