import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { SchemaValidator } from '../core/verify/schema-validator.ts';
import type { Authentication } from './authentication.ts';
import type { SimulatedCompany } from './caratula-checks.ts';
import { chileTimestamp } from './chile-time.ts';
import type { SchemaValidationPoint } from './envelope-processor.ts';
import { readEnvelope, schemaProblems } from './envelope-reader.ts';
import type { FaultInjector } from './faults.ts';
import type { SchemaErrorWording } from './schema-error-wording.ts';
import { readMultipart } from './multipart-form.ts';
import { escapeXml, field } from './sii-respuesta.ts';
import type { HttpAnswer } from './soap-services.ts';
import { isValidRut, normalRut, type EnvelopeRecord, type StepDurations } from './simulator-records.ts';
import type { SimulatorState } from './simulator-state.ts';
import type { UploadRules } from './upload-rules.ts';

/**
 * `POST /cgi_dte/UPL/DTEUpload`, the SII's upload gateway (envio.pdf, OI2003_UPDTE_MDE_1.5). It
 * answers at once with `<RECEPCIONDTE>` and a STATUS from the manual's §2.1; what it checks there is
 * what the manual and observed gateways put at the upload: the User-Agent's `PROG 1.0` (else HTTP 401
 * "NO ESTA AUTENTICADO"), the TOKEN cookie (5), the sender (1) and company (6), the file's size (2) and
 * completeness (3), the system being blocked (9), lines of at most 4096 characters and the schema (7,
 * with DETAIL/ERROR lines worded as the SII words them, see schema-error-wording.ts), and the same
 * file sent again within 900 seconds (99, "Archivo ya fue enviado…"). Everything else is decided later
 * and read with getEstUp. Upload rules (upload-rules.ts) force a refusal once the token is accepted,
 * or mark the answer to an accepted upload as lost.
 */

/** What the gateway needs. */
export interface UploadSettings {
  authentication: Authentication;
  state: SimulatorState;
  faults: FaultInjector;
  schemaValidator: SchemaValidator;
  schemaValidation: SchemaValidationPoint;
  schemaErrorWording: SchemaErrorWording;
  companies: ReadonlyMap<string, SimulatedCompany>;
  steps: StepDurations;
  maxUploadBytes: number;
  duplicateWindowMs: number;
  now: () => Date;
  /** Refusals and lost answers on demand. */
  uploadRules: UploadRules;
  /** Queues an accepted envelope for processing. */
  accept(record: EnvelopeRecord, file: Buffer): void;
}

/** The longest line the gateway reads (longer ones answer "SCH-00001 Invalid Schema Name"). */
const MAXIMUM_LINE = 4096;

interface Upload {
  senderRut: string;
  companyRut: string;
  fileName: string;
  file: Buffer | undefined;
}

interface PreviousUpload {
  trackId: number;
  times: number;
  at: number;
}

function recepcion(upload: Upload, now: Date, status: number, extra: { trackId?: number; errors?: readonly string[] } = {}): HttpAnswer {
  const lines = [
    '<?xml version="1.0" ?>',
    '<RECEPCIONDTE>',
    field('RUTSENDER', upload.senderRut),
    field('RUTCOMPANY', upload.companyRut),
    field('FILE', upload.fileName),
    field('TIMESTAMP', chileTimestamp(now)),
    field('STATUS', status),
  ];
  if (extra.trackId !== undefined) lines.push(field('TRACKID', extra.trackId));
  if (extra.errors !== undefined && extra.errors.length > 0) {
    lines.push('<DETAIL>', ...extra.errors.map((error) => `<ERROR>${escapeXml(error)}</ERROR>`), '</DETAIL>');
  }
  lines.push('</RECEPCIONDTE>');
  return { status: 200, contentType: 'text/xml; charset=ISO-8859-1', body: `${lines.join('\n')}\n` };
}

/** The value of the `TOKEN` cookie, as the SII's upload and registry read the session token. */
export function tokenCookie(cookie: string | undefined): string | undefined {
  return cookie?.split(';').map((entry) => entry.trim()).find((entry) => entry.startsWith('TOKEN='))?.slice('TOKEN='.length);
}

/** The gateway, with its memory of recent files for the 900-second rule. */
export class UploadGateway {
  private readonly recent = new Map<string, PreviousUpload>();

  constructor(private readonly settings: UploadSettings) {}

  /** Answers one upload. */
  handle(headers: IncomingHttpHeaders, body: Buffer): HttpAnswer {
    const settings = this.settings;
    const now = settings.now();
    this.forgetOldFiles(now.getTime());
    if (!(headers['user-agent'] ?? '').includes('PROG 1.0')) {
      return { status: 401, contentType: 'text/html', body: '<html><head><title>401</title></head><body>NO ESTA AUTENTICADO</body></html>\n' };
    }
    const form = readMultipart(body, headers['content-type']);
    const value = (name: string): string => (form.ok ? form.parts.find((part) => part.name === name)?.data.toString('latin1').trim() ?? '' : '');
    const archivo = form.ok ? form.parts.find((part) => part.name === 'archivo') : undefined;
    const upload: Upload = {
      senderRut: normalRut(`${value('rutSender')}-${value('dvSender')}`),
      companyRut: normalRut(`${value('rutCompany')}-${value('dvCompany')}`),
      fileName: archivo?.filename ?? '',
      file: archivo?.data,
    };
    const token = settings.authentication.checkToken(tokenCookie(headers.cookie));
    if (!token.ok) return recepcion(upload, now, 5);
    if (!form.ok) return recepcion(upload, now, 3);
    const forced = settings.uploadRules.takeRefusal(upload.companyRut);
    if (forced !== undefined) return recepcion(upload, now, forced.status, { errors: forced.errors });
    const company = settings.companies.get(upload.companyRut);
    if (!isValidRut(upload.senderRut) || upload.senderRut !== token.rut) return recepcion(upload, now, 1);
    if (company?.signers !== undefined && !company.signers.map(normalRut).includes(token.rut)) return recepcion(upload, now, 1);
    if (!isValidRut(upload.companyRut) || (settings.companies.size > 0 && company === undefined)) return recepcion(upload, now, 6);
    const file = upload.file;
    if (file === undefined || file.length === 0 || file.length > settings.maxUploadBytes) return recepcion(upload, now, 2);
    if (settings.faults.blocksUpload()) return recepcion(upload, now, 9);
    const problems = this.fileProblems(file);
    if (problems.length > 0) return recepcion(upload, now, 7, { errors: problems });
    const digest = createHash('sha256').update(file).digest('hex');
    const previous = this.recent.get(digest);
    if (previous !== undefined && now.getTime() - previous.at < settings.duplicateWindowMs) {
      previous.times += 1;
      const seconds = Math.round(settings.duplicateWindowMs / 1000);
      return recepcion(upload, now, 99, { errors: [`Archivo ya fue enviado ${previous.times - 1} veces con Trackid ${previous.trackId}. Debe esperar ${seconds} segundos antes de reintentar`] });
    }
    const trackId = settings.state.nextTrackId();
    this.recent.set(digest, { trackId, times: 1, at: now.getTime() });
    const record: EnvelopeRecord = {
      trackId,
      companyRut: upload.companyRut,
      senderRut: upload.senderRut,
      fileName: upload.fileName,
      digest,
      size: file.length,
      receivedAt: now.toISOString(),
      steps: { ...settings.steps },
    };
    settings.accept(record, Buffer.from(file));
    const loss = settings.uploadRules.takeLoss(upload.companyRut);
    return { ...recepcion(upload, now, 0, { trackId }), ...(loss === undefined ? {} : { loss }) };
  }

  private forgetOldFiles(now: number): void {
    for (const [digest, previous] of this.recent) if (now - previous.at >= this.settings.duplicateWindowMs) this.recent.delete(digest);
  }

  /** What the gateway finds wrong with the file itself: long lines, unreadable XML, schema errors. */
  private fileProblems(file: Buffer): string[] {
    if (file.toString('latin1').split('\n').some((line) => line.length > MAXIMUM_LINE)) return ['SCH-00001 Invalid Schema Name'];
    const reading = readEnvelope(file);
    if (!reading.ok) return reading.problems;
    reading.envelope.dispose();
    return this.settings.schemaValidation === 'upload' ? schemaProblems(file, this.settings.schemaValidator, this.settings.schemaErrorWording) : [];
  }
}
