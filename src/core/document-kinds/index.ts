/** The document kinds: the SII's table of types and the kinds this service issues, with their rules. */
export * from './document-kinds.ts';
export * from './sii-document-types.ts';
