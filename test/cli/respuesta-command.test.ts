import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerRespuestaCommand } from '../../src/cli/respuesta-command.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { testCredentials } from '../support/credentials.ts';
import { externalToolsAvailable, xmllintValidate, xmlsecVerify, xmlsecVerifyAt } from '../support/external-tools.ts';
import { CUSTOMER_RUT, supplierEnvelope, supplierFactura } from '../support/supplier-envelopes.ts';
import { fixture } from '../core/verify/support/fixtures.ts';
import { captureContext } from './capture-context.ts';
import { skipping, xmlToolsMissing } from '../support/skip-reason.ts';

const directory = mkdtempSync(join(tmpdir(), 'dte-respuesta-'));
const file = (name: string): string => join(directory, name);
let credentialOptions: string[];
let certificatePem: string;

async function dte(...argv: string[]) {
  const captured = captureContext(new Date('2026-12-01T14:00:00Z'));
  const status = await runCli(argv, [registerRespuestaCommand], captured.context);
  return { status, errors: captured.errorLines() };
}

beforeAll(async () => {
  const { raw } = await testCredentials();
  writeFileSync(file('company.p12'), raw.company.p12);
  writeFileSync(file('company.password'), `${raw.company.password}\n`);
  writeFileSync(file('authority.pem'), raw.authority.certificatePem);
  writeFileSync(file('envio.xml'), await supplierEnvelope([await supplierFactura(21), await supplierFactura(22)]));
  credentialOptions = ['--cert', file('company.p12'), '--password-file', file('company.password'), '--sii-cert', file('authority.pem')];
  certificatePem = raw.company.certificatePem;
});

describe.skipIf(skipping('dte respuesta build', xmlToolsMissing(externalToolsAvailable)))('dte respuesta build', () => {
  it('writes the RecepcionEnvio, the ResultadoDTE and the EnvioRecibos of a received envelope, each valid and signed', async () => {
    const result = await dte('respuesta', 'build', file('envio.xml'), ...credentialOptions, '--id', '70', '--cod-envio', '9', '--out', file('recepcion.xml'),
      '--result', 'rejected', '--reason', 'Precios no convenidos', '--result-out', file('resultado.xml'), '--recinto', 'Bodega Central', '--recibos-out', file('recibos.xml'));
    expect(result.status, result.errors.join('\n')).toBe(0);
    expect(result.errors[0]).toBe('EstadoRecepEnv 0 (Envío Recibido Conforme): Every receiver check on the envelope passed.');
    expect(result.errors.filter((line) => line.includes('EstadoRecepDTE 0 (DTE Recibido OK)'))).toHaveLength(2);
    const recepcion = readFileSync(file('recepcion.xml'));
    const resultado = readFileSync(file('resultado.xml'));
    const recibos = readFileSync(file('recibos.xml'));
    for (const answer of [recepcion, resultado]) {
      expect(xmllintValidate(answer, 'RespuestaEnvioDTE_v10.xsd').status).toBe(0);
      expect(xmlsecVerify(answer, certificatePem, 'Resultado').status).toBe(0);
    }
    expect(xmllintValidate(recibos, 'EnvioRecibos_v10.xsd').status).toBe(0);
    expect(xmlsecVerifyAt(recibos, certificatePem, ['SetRecibos', 'DocumentoRecibo'], "/*/*[local-name()='Signature']").status).toBe(0);
    expect(recepcion.toString('latin1')).toContain('<NmbEnvio>envio.xml</NmbEnvio>');
    expect(recepcion.toString('latin1')).toContain(`<RutResponde>${CUSTOMER_RUT}</RutResponde>`);
    expect(recepcion.toString('latin1')).toContain('<IdRespuesta>70</IdRespuesta>');
    expect(resultado.toString('latin1')).toContain('<IdRespuesta>71</IdRespuesta>');
    expect(resultado.toString('latin1').match(/<EstadoDTEGlosa>RECHAZADO: Precios no convenidos \(rechazo conforme a la Ley 19\.983\)<\/EstadoDTEGlosa>/g)).toHaveLength(2);
    expect(resultado.toString('latin1').match(/<CodEnvio>9<\/CodEnvio>/g)).toHaveLength(2);
  });

  it("answers a refused envelope with its code and exits 1: the SII's sample addressed to another company", async () => {
    writeFileSync(file('F000013T33.xml'), fixture('envio/F000013T33.xml'));
    const result = await dte('respuesta', 'build', file('F000013T33.xml'), ...credentialOptions, '--company', CUSTOMER_RUT, '--out', file('refused.xml'));
    expect(result.status).toBe(1);
    expect(result.errors[0]).toMatch(/^EstadoRecepEnv 3 \(Envío Rechazado - RUT Receptor No Corresponde\)/);
    const answer = readFileSync(file('refused.xml'));
    expect(xmllintValidate(answer, 'RespuestaEnvioDTE_v10.xsd').status).toBe(0);
    expect(answer.toString('latin1')).toContain('<EstadoRecepEnv>3</EstadoRecepEnv>');
  });

  it('exits 2 with one line per problem and writes nothing when the options are wrong', async () => {
    const result = await dte('respuesta', 'build', file('envio.xml'), ...credentialOptions, '--company', '1-1', '--out', file('never.xml'), '--result', 'maybe', '--id', '0');
    expect(result.status).toBe(2);
    expect(result.errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^--result-out: --result and --result-out go together\.$/),
      expect.stringMatching(/^--result: "maybe" is not one of accepted, accepted_with_discrepancies, rejected\.$/),
      expect.stringMatching(/^--company: "1-1" is not a valid RUT\.$/),
      expect.stringMatching(/^--id: /),
    ]));
    expect(existsSync(file('never.xml'))).toBe(false);
  });

  it('refuses to accept documents of a refused envelope, and writes nothing', async () => {
    const result = await dte('respuesta', 'build', file('F000013T33.xml'), ...credentialOptions, '--company', CUSTOMER_RUT, '--out', file('none.xml'), '--result', 'accepted', '--result-out', file('none-result.xml'));
    expect(result.status).toBe(2);
    expect(result.errors).toEqual(['--result: No document of the envelope was received, so none can be accepted, rejected or acknowledged.']);
    expect(existsSync(file('none.xml'))).toBe(false);
  });
});
