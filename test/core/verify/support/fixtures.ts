import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real SII files of test/fixtures/sii (see /work/shared/sii/SOURCES.md for their provenance). */
export const FIXTURES = fileURLToPath(new URL('../../../fixtures/sii/', import.meta.url));

/** The bytes of a fixture, by path below test/fixtures/sii. */
export function fixture(path: string): Buffer {
  return readFileSync(join(FIXTURES, path));
}

/** The file names in a fixture folder, sorted. */
export function fixtureNames(folder: string): string[] {
  return readdirSync(join(FIXTURES, folder)).filter((name) => name.endsWith('.xml')).sort();
}

/** The three envelopes that use `<TipoDTE>` instead of `<TpoDTE>` in SubTotDTE and so fail the XSD. */
export const SCHEMA_INVALID_ENVELOPES = ['EXPORTACION1_762352915.xml', 'FACTURAS_COMPRA_762352915.xml', 'GUIAS_762352915.xml'];

/**
 * Replaces the first occurrence of `marker` in `bytes` (read as ISO-8859-1) by `replacement`; throws
 * when the marker is absent, so that a test never tampers with nothing.
 */
export function replaceOnce(bytes: Uint8Array, marker: string, replacement: string): Buffer {
  const text = Buffer.from(bytes).toString('latin1');
  const index = text.indexOf(marker);
  if (index < 0) throw new Error(`The marker ${marker} is not in the fixture.`);
  return Buffer.from(text.slice(0, index) + replacement + text.slice(index + marker.length), 'latin1');
}

/** The 1-based lines of `bytes` (ISO-8859-1) that contain `needle`. */
export function linesContaining(bytes: Uint8Array, needle: string): number[] {
  return Buffer.from(bytes)
    .toString('latin1')
    .split('\n')
    .flatMap((line, index) => (line.includes(needle) ? [index + 1] : []));
}

/** Whether a command answers `--version`, so tests can run an independent tool when it is installed. */
export function onPath(command: string): boolean {
  return spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0;
}

const ID_ATTRIBUTES = ['SetDTE', 'Documento', 'Exportaciones', 'Liquidacion'].flatMap((element) => [
  `--id-attr:ID`,
  `http://www.sii.cl/SiiDte:${element}`,
  `--id-attr:ID`,
  element,
]);

/** Runs a command on `bytes` written to a temporary file, returning the exit status and output. */
function runOnFile(bytes: Uint8Array, command: string, argumentsBefore: string[], argumentsAfter: string[] = []): { status: number; output: string } {
  const directory = mkdtempSync(join(tmpdir(), 'verify-'));
  try {
    const file = join(directory, 'input.xml');
    writeFileSync(file, bytes);
    const result = spawnSync(command, [...argumentsBefore, file, ...argumentsAfter], { encoding: 'utf8' });
    return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * xmlsec1's verdict on the Signature that is a child of the root (the envelope's over SetDTE, or a
 * DTE's over Documento), with the SII's ID attributes declared.
 */
export function xmlsec1Verifies(bytes: Uint8Array): boolean {
  const result = runOnFile(bytes, 'xmlsec1', ['--verify', '--node-xpath', "/*/*[local-name()='Signature']", ...ID_ATTRIBUTES]);
  return result.status === 0 && /^OK$/m.test(result.output);
}

/** xmllint's verdict on `bytes` against a schema of resources/schemas. */
export function xmllintValid(bytes: Uint8Array, schemaFile: string): boolean {
  const schema = fileURLToPath(new URL(`../../../../resources/schemas/${schemaFile}`, import.meta.url));
  return runOnFile(bytes, 'xmllint', ['--noout', '--nonet', '--schema', schema]).status === 0;
}

/**
 * An envelope of `count` DTEs made by repeating the one DTE of F000013T33 (each with its own ID), for
 * timing only: no signature verifies any more and every DTE has the same folio, but it is schema-valid.
 */
export function repeatedEnvelope(count: number): Buffer {
  const text = fixture('envio/F000013T33.xml').toString('latin1');
  const start = text.indexOf('<DTE ');
  const end = text.indexOf('</DTE>') + '</DTE>'.length;
  const documents = Array.from({ length: count }, (_, index) => text.slice(start, end).replaceAll('F13T33', `F13T33N${index}`)).join('\n');
  const envelope = text.slice(0, start) + documents + text.slice(end);
  return Buffer.from(envelope.replace('<NroDTE>1</NroDTE>', `<NroDTE>${count}</NroDTE>`), 'latin1');
}
