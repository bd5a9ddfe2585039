import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { XmlBufferInputProvider, XmlDocument, xmlRegisterInputProvider, XmlValidateError, XsdValidator } from 'libxml2-wasm';
import { parseUntrustedXml } from '../core/verify/parse-xml.ts';
import type { SchemaKind, SchemaReport, SchemaValidator } from '../core/verify/schema-validator.ts';

/** The project's copy of the SII's official schemas (DTE_v10.xsd, EnvioDTE_v10.xsd and what they include). */
export const DEFAULT_SCHEMA_DIRECTORY = fileURLToPath(new URL('../../resources/schemas/', import.meta.url));

/** The schema file that describes each root. */
const ROOT_SCHEMAS: Record<SchemaKind, string> = { DTE: 'DTE_v10.xsd', EnvioDTE: 'EnvioDTE_v10.xsd', EnvioBOLETA: 'EnvioBOLETA_v11.xsd' };

/**
 * The one input provider of the process for schema includes and imports. It serves, from memory, only
 * the `.xsd` files of the folders loaded so far, by their exact file URL; libxml2 gets nothing else
 * through it, so a schema can reach neither arbitrary files nor the network.
 */
const schemaBytes: Record<string, Uint8Array> = {};
const schemaFiles = new XmlBufferInputProvider(schemaBytes);
let providerRegistered = false;

function serveSchemaFolder(directory: string): string {
  const baseUrl = pathToFileURL(directory.endsWith('/') ? directory : `${directory}/`).href;
  for (const name of readdirSync(directory).filter((file) => file.endsWith('.xsd'))) {
    schemaFiles.addBuffer(baseUrl + name, readFileSync(join(directory, name)));
  }
  if (!providerRegistered) {
    if (!xmlRegisterInputProvider(schemaFiles)) throw new Error('libxml2 refused the schema input provider.');
    providerRegistered = true;
  }
  return baseUrl;
}

function compile(baseUrl: string, fileName: string): XsdValidator {
  const url = baseUrl + fileName;
  const bytes = schemaBytes[url];
  if (bytes === undefined) throw new Error(`The schema ${url} is missing.`);
  const source = XmlDocument.fromBuffer(bytes, { url });
  try {
    return XsdValidator.fromDoc(source);
  } finally {
    source.dispose();
  }
}

/**
 * Validates DTEs and EnvioDTE envelopes against the SII's official schemas with libxml2. Both schemas
 * are compiled once, when the validator is created, and kept; each call only parses and validates.
 * Call `dispose` when done (the shared instance lives as long as the process).
 */
export class XsdSchemaValidator implements SchemaValidator {
  private readonly validators: Record<SchemaKind, XsdValidator>;

  private constructor(validators: Record<SchemaKind, XsdValidator>) {
    this.validators = validators;
  }

  /** Reads and compiles the schemas of `directory` (the project's resources/schemas by default). */
  static load(directory: string = DEFAULT_SCHEMA_DIRECTORY): XsdSchemaValidator {
    const baseUrl = serveSchemaFolder(directory);
    const compiled: XsdValidator[] = [];
    try {
      for (const kind of ['DTE', 'EnvioDTE', 'EnvioBOLETA'] as const) compiled.push(compile(baseUrl, ROOT_SCHEMAS[kind]));
      const [DTE, EnvioDTE, EnvioBOLETA] = compiled as [XsdValidator, XsdValidator, XsdValidator];
      return new XsdSchemaValidator({ DTE, EnvioDTE, EnvioBOLETA });
    } catch (error) {
      for (const validator of compiled) validator.dispose();
      throw error;
    }
  }

  /**
   * Parses `xml` as untrusted input (a DOCTYPE is refused, no external entities, no network) and
   * validates it against the schema of `kind`, returning every error with its line.
   */
  validate(xml: Uint8Array, kind: SchemaKind): SchemaReport {
    const parsed = parseUntrustedXml(xml);
    if (!parsed.ok) return { valid: false, errors: parsed.errors };
    try {
      const root = parsed.document.root;
      if (root.name !== kind) {
        return { valid: false, errors: [{ line: root.line, message: `The root element is <${root.name}>, not <${kind}>.` }] };
      }
      this.validators[kind].validate(parsed.document);
      return { valid: true, errors: [] };
    } catch (error) {
      if (error instanceof XmlValidateError) {
        const errors = error.details.map((detail) => ({ line: detail.line, message: detail.message.trim() }));
        return { valid: false, errors: errors.length > 0 ? errors : [{ message: error.message.trim() }] };
      }
      throw error;
    } finally {
      parsed.document.dispose();
    }
  }

  /** Frees the compiled schemas. */
  dispose(): void {
    this.validators.DTE.dispose();
    this.validators.EnvioDTE.dispose();
    this.validators.EnvioBOLETA.dispose();
  }
}

let shared: XsdSchemaValidator | undefined;

/** The process-wide validator over the project's schemas, compiled on first use and kept. */
export function sharedSchemaValidator(): XsdSchemaValidator {
  shared ??= XsdSchemaValidator.load();
  return shared;
}
