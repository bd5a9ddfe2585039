import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The official schemas shipped with the project. */
export const SCHEMA_DIRECTORY = fileURLToPath(new URL('../../resources/schemas/', import.meta.url));

function available(command: string): boolean {
  return spawnSync('which', [command]).status === 0;
}

/** Whether xmlsec1 and xmllint are installed (.ci/run installs them; a bare machine may lack them). */
export const externalToolsAvailable = available('xmlsec1') && available('xmllint');

const directory = mkdtempSync(join(tmpdir(), 'dte-test-'));
let counter = 0;

/** Writes bytes to a fresh temporary file and returns its path. */
export function temporaryFile(bytes: Uint8Array | string, extension = '.xml'): string {
  counter += 1;
  const path = join(directory, `file-${counter}${extension}`);
  writeFileSync(path, bytes);
  return path;
}

export interface ToolResult {
  status: number;
  output: string;
}

function run(command: string, args: string[]): ToolResult {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** `xmllint --schema`: the official XSD's verdict, independent of our code. */
export function xmllintValidate(xml: Uint8Array, schema: 'DTE_v10.xsd' | 'EnvioDTE_v10.xsd' | 'EnvioBOLETA_v11.xsd' | 'RespuestaEnvioDTE_v10.xsd' | 'EnvioRecibos_v10.xsd'): ToolResult {
  return run('xmllint', ['--noout', '--schema', join(SCHEMA_DIRECTORY, schema), temporaryFile(xml)]);
}

/**
 * `xmlsec1 --verify` of the Signature that is a child of the root, with the public key of the given
 * certificate, treating `ID` attributes of `idElement` as XML IDs.
 */
export function xmlsecVerify(xml: Uint8Array, certificatePem: string, idElement: 'Documento' | 'SetDTE' | 'Resultado' | 'SetRecibos' | 'DocumentoRecibo'): ToolResult {
  return run('xmlsec1', [
    '--verify',
    '--pubkey-cert-pem', temporaryFile(certificatePem, '.pem'),
    '--id-attr:ID', `http://www.sii.cl/SiiDte:${idElement}`,
    '--node-xpath', "/*/*[local-name()='Signature']",
    temporaryFile(xml),
  ]);
}

/**
 * `xmlsec1 --verify` of the Signature of the `position`-th DTE (1-based) of an envelope, in place:
 * the DTE is not taken out, so C14N of its Documento sees the namespaces the envelope's root declares,
 * as a receiver that verifies the envelope as it came does.
 */
export function xmlsecVerifyInPlace(envelope: Uint8Array, certificatePem: string, position: number): ToolResult {
  return run('xmlsec1', [
    '--verify',
    '--pubkey-cert-pem', temporaryFile(certificatePem, '.pem'),
    '--id-attr:ID', 'http://www.sii.cl/SiiDte:Documento',
    '--id-attr:ID', 'http://www.sii.cl/SiiDte:SetDTE',
    '--node-xpath', `/*/*[local-name()='SetDTE']/*[local-name()='DTE'][${position}]/*[local-name()='Signature']`,
    temporaryFile(envelope),
  ]);
}

/**
 * `xmlsec1 --verify` of the Signature at `nodeXpath`, treating the `ID` attributes of each element of
 * `idElements` (in the SII namespace) as XML IDs: for signatures below the root, such as each Recibo's.
 */
export function xmlsecVerifyAt(xml: Uint8Array, certificatePem: string, idElements: string[], nodeXpath: string): ToolResult {
  return run('xmlsec1', [
    '--verify',
    '--pubkey-cert-pem', temporaryFile(certificatePem, '.pem'),
    ...idElements.flatMap((name) => ['--id-attr:ID', `http://www.sii.cl/SiiDte:${name}`]),
    '--node-xpath', nodeXpath,
    temporaryFile(xml),
  ]);
}

/** Extracts the text of each `<DTE …>…</DTE>` of an envelope as it stands (latin1 in, latin1 out). */
export function extractDocuments(envelope: Uint8Array): Buffer[] {
  const text = Buffer.from(envelope).toString('latin1');
  const matches = text.match(/<DTE[\s>][\s\S]*?<\/DTE>/g) ?? [];
  return matches.map((match) => Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>\n${match}\n`, 'latin1'));
}

export { execFileSync };
