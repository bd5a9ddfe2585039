import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.ts';
import { registerStatusCommand } from '../../src/cli/status-command.ts';
import { registerSubmitCommand } from '../../src/cli/submit-command.ts';
import { testCredentials } from '../support/credentials.ts';
import { FakeSii, fixture, PATHS, respuesta, soapAnswer } from '../sii/fake-sii.ts';
import { captureContext } from './capture-context.ts';

const ENVELOPE_PATH = new URL('../fixtures/sii/envio/BASICO_762352915.xml', import.meta.url).pathname;

let directory: string;
let certificatePath: string;
let passwordPath: string;
let password: string;
let signerRut: string;
let sii: FakeSii;

beforeAll(async () => {
  const credentials = await testCredentials();
  directory = mkdtempSync(join(tmpdir(), 'dte-submit-'));
  certificatePath = join(directory, 'company.p12');
  passwordPath = join(directory, 'company.password');
  password = credentials.raw.company.password;
  signerRut = credentials.certificate.signerRut ?? '';
  writeFileSync(certificatePath, credentials.raw.company.p12);
  writeFileSync(passwordPath, `${password}\n`);
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

beforeEach(async () => {
  sii = await new FakeSii().start();
});

afterEach(() => sii.close());

async function dte(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string; errorLines: string[] }> {
  const captured = captureContext();
  const code = await runCli(argv, [registerSubmitCommand, registerStatusCommand], captured.context);
  return { code, stdout: captured.stdout(), stderr: captured.stderr(), errorLines: captured.errorLines() };
}

function connection(...extra: string[]): string[] {
  return ['--sii-url', sii.url, '--cert', certificatePath, '--password-file', passwordPath, ...extra];
}

const DETAILED_STATUS = respuesta(
  '<TRACKID>39</TRACKID><ESTADO>EPR</ESTADO><GLOSA>Envio Procesado</GLOSA><NUM_ATENCION>77 ( 2026/11/20 12:00:00)</NUM_ATENCION>',
  '<TIPO_DOCTO>33</TIPO_DOCTO><INFORMADOS>4</INFORMADOS><ACEPTADOS>3</ACEPTADOS><RECHAZADOS>1</RECHAZADOS><REPAROS>0</REPAROS>'
  + '<DETALLE_REP_RECH><TIPO_DOCTO>33</TIPO_DOCTO><FOLIO>12</FOLIO><ESTADO>RCH</ESTADO><DESCRIPCION>Dte Rechazado</DESCRIPCION>'
  + '<ERROR><SECCION>DTE</SECCION><NIVEL>3</NIVEL><CODIGO>101</CODIGO><DESCRIPCION>Folio Repetido</DESCRIPCION><DETALLE>33-12</DETALLE></ERROR></DETALLE_REP_RECH>',
);

describe('dte submit', () => {
  it('speaks of the upload\'s longer timeout only in the help of submit', async () => {
    expect((await dte('submit', '--help')).stdout).toMatch(/\(the\s+upload\s+waits\s+at\s+least\s+120000\)/);
    const status = (await dte('status', '--help')).stdout;
    expect(status).toContain('--timeout <ms>');
    expect(status).not.toMatch(/upload\s+waits/);
  });

  it('uploads the envelope for its Caratula RutEmisor and prints the track id alone', async () => {
    const result = await dte('submit', ENVELOPE_PATH, '--env', 'local', ...connection());
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('39\n');
    expect(result.stderr).toContain('not a verdict yet');
    const upload = sii.requestsTo(PATHS.upload)[0]!;
    const text = upload.body.toString('latin1');
    const [senderBody, senderDigit] = signerRut.split('-');
    expect(text).toContain(`name="rutSender"\r\n\r\n${senderBody}\r\n`);
    expect(text).toContain(`name="dvSender"\r\n\r\n${senderDigit}\r\n`);
    expect(text).toContain('name="rutCompany"\r\n\r\n76235291\r\n');
    expect(text).toContain('name="dvCompany"\r\n\r\n5\r\n');
    expect(text).toContain('filename="BASICO_762352915.xml"');
    expect(upload.body.includes(readFileSync(ENVELOPE_PATH))).toBe(true);
  });

  it('exits with 2 and one line per problem before reaching the SII', async () => {
    const notEnvelope = join(directory, 'not-envelope.xml');
    writeFileSync(notEnvelope, '<DTE/>');
    const result = await dte('submit', notEnvelope, '--env', 'nowhere', '--timeout', '0', ...connection());
    expect(result.code).toBe(2);
    expect(result.errorLines).toEqual([
      `${notEnvelope}: ${notEnvelope} is not an EnvioDTE with a Caratula RutEmisor.`,
      '--env: "nowhere" is not an SII environment: use local, certificacion, produccion.',
      '--timeout: "0" must be a whole number of at least 1.',
    ]);
    const missing = await dte('submit', ENVELOPE_PATH, ...connection());
    expect(missing.code).toBe(2);
    expect(missing.errorLines).toEqual(["error: required option '--env <environment>' not specified"]);
    expect(sii.requests).toHaveLength(0);
  });

  it('names a missing option together with every bad value given (issue 22)', async () => {
    const result = await dte('status', '--track-id', 'abc', '--company', '1-2', '--env', 'mars');
    expect(result.code).toBe(2);
    expect(result.errorLines).toEqual([
      "error: required option '--cert <p12>' not specified",
      '--track-id: "abc" is not a track id: use the whole number dte submit printed.',
      '--company: "1-2" is not a valid RUT.',
      '--env: "mars" is not an SII environment: use local, certificacion, produccion.',
    ]);
    const upload = await dte('submit', ENVELOPE_PATH, '--env', 'mars', '--attempts', 'many');
    expect(upload.errorLines).toEqual([
      "error: required option '--cert <p12>' not specified",
      '--env: "mars" is not an SII environment: use local, certificacion, produccion.',
      '--attempts: "many" is not a whole number.',
    ]);
    expect(sii.requests).toHaveLength(0);
  });

  it('exits with 2 on a wrong password without printing it', async () => {
    const result = await dte('submit', ENVELOPE_PATH, '--env', 'local', '--sii-url', sii.url, '--cert', certificatePath, '--password', 'not-the-password');
    expect(result.code).toBe(2);
    expect(result.errorLines).toEqual(['--cert: The certificate could not be opened: the password is wrong.']);
  });

  it('exits with 1 and one clear line when the SII cannot be reached', async () => {
    await sii.close();
    const result = await dte('submit', ENVELOPE_PATH, '--env', 'local', '--attempts', '1', ...connection());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.errorLines).toHaveLength(1);
    expect(result.errorLines[0]).toMatch(/^error: The SII could not be reached for CrSeed getSeed \(http:\/\/127\.0\.0\.1:\d+\/DTEWS\/CrSeed\.jws: ECONNREFUSED\); .* \(run with --debug for details\)$/);
  });

  it('exits with 1 and the SII\'s reasons when it rejects the upload, quoting no secret', async () => {
    sii.answer(PATHS.upload, () => ({ body: fixture('RECEPCIONDTE_status7.xml') }));
    const result = await dte('submit', ENVELOPE_PATH, '--env', 'local', ...connection());
    expect(result.code).toBe(1);
    expect(result.errorLines).toHaveLength(1);
    expect(result.errorLines[0]).toContain('STATUS 7: Esquema Invalido');
    expect(result.errorLines[0]).toContain('LSX-00213');
    expect(result.stderr).not.toContain(password);
    expect(result.stderr).not.toContain(sii.tokenNumber(1));
  });
});

describe('dte status', () => {
  it('prints exactly trackId, state, counts and documents with --json', async () => {
    sii.answer(PATHS.envelopeStatus, () => ({ body: soapAnswer('getEstUp', DETAILED_STATUS) }));
    const result = await dte('status', '--track-id', '39', '--company', '76235291-5', '--json', ...connection());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      trackId: '39',
      state: 'EPR',
      counts: [{ type: 33, informed: 4, accepted: 3, rejected: 1, repairs: 0 }],
      documents: [{ type: 33, folio: 12, state: 'RCH', codes: [{ code: 'DTE-3-101', message: 'Folio para este Tipo de documento ya fue recibido en el SII' }] }],
    });
    expect(sii.requestsTo(PATHS.envelopeStatus)[0]!.soap?.parameters).toMatchObject({ RutCompania: '76235291', DvCompania: '5', TrackId: '39' });
  });

  it('prints the state, the counts and every code with its meaning', async () => {
    sii.answer(PATHS.envelopeStatus, () => ({ body: soapAnswer('getEstUp', DETAILED_STATUS) }));
    const result = await dte('status', '--track-id', '39', '--company', '76235291-5', ...connection());
    expect(result.code).toBe(0);
    expect(result.stdout).toBe([
      'track id 39: EPR (Envío Procesado); final, some documents rejected, others accepted',
      '  type 33: 4 informed, 3 accepted, 1 rejected, 0 with repairs',
      '  type 33 folio 12: RCH (Dte Rechazado)',
      '    DTE-3-101: Folio para este Tipo de documento ya fue recibido en el SII [33-12]',
      '  SII attention number 77 ( 2026/11/20 12:00:00)',
      '',
    ].join('\n'));
  });

  it('says when the envelope is still being processed, for the real answers of the live SII', async () => {
    sii.queue(PATHS.envelopeStatus, () => ({ body: soapAnswer('getEstUp', respuesta('<TRACKID>5</TRACKID><ESTADO>SOK</ESTADO><GLOSA>Schema Validado</GLOSA>')) }));
    const pending = await dte('status', '--track-id', '5', '--company', '76235291-5', ...connection());
    expect(pending.stdout).toBe('track id 5: SOK (Schema Validado); not final yet, ask again later\n');
    sii.queue(PATHS.envelopeStatus, () => ({ body: soapAnswer('getEstUp', fixture('QueryEstUp_EPR_live_multi_type.xml')) }));
    const live = await dte('status', '--track-id', '253081988', '--company', '76235291-5', ...connection());
    expect(live.stdout).toContain('final, accepted, some with repairs (reparos), none rejected');
    expect(live.stdout).toContain('  type 61: 6 informed, 3 accepted, 0 rejected, 3 with repairs');
  });

  it('prints the codes of an envelope rejected as a whole', async () => {
    const rejection = respuesta('<TRACKID>8</TRACKID><ESTADO>RCT</ESTADO><GLOSA>Rechazado por Error en Caratula</GLOSA>',
      '<ERROR><SECCION>CRT</SECCION><NIVEL>3</NIVEL><CODIGO>18</CODIGO><DESCRIPCION>RUT Receptor Invalido</DESCRIPCION><DETALLE>76192083-9</DETALLE></ERROR>');
    sii.queue(PATHS.envelopeStatus, () => ({ body: soapAnswer('getEstUp', rejection) }));
    const result = await dte('status', '--track-id', '8', '--company', '76235291-5', ...connection());
    expect(result.stdout).toBe([
      'track id 8: RCT (Rechazado por Error en Carátula); final, rejected',
      '  CRT-3-18: RUT Receptor (Caratula) Invalido - [XXXX6500-1] [76192083-9]',
      '',
    ].join('\n'));
  });

  it('exits with 2 for a bad track id and company, 1 when the SII refuses the query', async () => {
    const bad = await dte('status', '--track-id', 'abc', '--company', '76235291-4', ...connection());
    expect(bad.code).toBe(2);
    expect(bad.errorLines).toEqual([
      '--track-id: "abc" is not a track id: use the whole number dte submit printed.',
      '--company: "76235291-4" is not a valid RUT.',
    ]);
    sii.answer(PATHS.envelopeStatus, () => ({ body: soapAnswer('getEstUp', respuesta('<ESTADO>-11</ESTADO><ERR_CODE>1</ERR_CODE>')) }));
    const foreign = await dte('status', '--track-id', '39', '--company', '76235291-5', ...connection());
    expect(foreign.code).toBe(1);
    expect(foreign.errorLines[0]).toContain('El envío no es de la Empresa');
  });
});
