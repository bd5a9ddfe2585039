import { randomBytes } from 'node:crypto';
import { childElement } from '../core/verify/parse-xml.ts';
import { decodeXml } from '../core/xml-reader.ts';
import type { Rut } from '../core/rut.ts';
import type { UploadReceipt } from '../app/ports/sii-gateway.ts';
import type { CodeCatalog } from '../app/ports/code-catalog.ts';
import { childElementsOf, normaliseTrackId, textsOfChildren, withXml } from './sii-answer.ts';
import { readSchemaErrorLine } from './schema-error-line.ts';
import { malformedAnswer, redact, RETRY_LATER, siiRejected, siiUnavailable, TokenRejectedError } from './sii-errors.ts';

/**
 * The upload to `/cgi_dte/UPL/DTEUpload` (envio.pdf, OI2003_UPDTE_MDE 1.5): an RFC 1867 form with the
 * fields rutSender, dvSender, rutCompany, dvCompany and archivo, in that order, and its answer
 * `<RECEPCIONDTE>`. STATUS 0 only means the file arrived and has a TRACKID: the verdict comes later
 * from QueryEstUp.
 */

/** A multipart/form-data body and its Content-Type header. */
export interface MultipartBody {
  body: Buffer;
  contentType: string;
}

/**
 * Builds the form by hand, so that the field order, the CRLF line ends and the Content-Length (the
 * SII's CGI does not take chunked bodies) are exactly as the manual's Annex 3 shows.
 */
export function buildUploadForm(sender: Rut, company: Rut, fileName: string, envelope: Uint8Array): MultipartBody {
  const boundary = `----------------------------${randomBytes(12).toString('hex')}`;
  const fields: Array<[string, string]> = [
    ['rutSender', String(sender.body)],
    ['dvSender', sender.checkDigit],
    ['rutCompany', String(company.body)],
    ['dvCompany', company.checkDigit],
  ];
  const parts: Buffer[] = fields.map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'latin1'));
  parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="archivo"; filename="${safeFileName(fileName)}"\r\nContent-Type: text/xml\r\n\r\n`, 'latin1'),
    Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength),
    Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A file name fit for the Content-Disposition header: no path, quotes or control characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^\x20-\x7e]|["]/g, '_').trim();
  return cleaned === '' ? 'EnvioDTE.xml' : cleaned;
}

/** The fields of `<RECEPCIONDTE>`. */
export interface UploadAnswer {
  status: string;
  trackId?: string;
  timestamp?: string;
  fileName?: string;
  /** DETAIL/ERROR lines (schema errors with STATUS 7, the repeated-file notice). */
  errors: string[];
}

/** Words the gateway uses when it has no session (HTTP 401, or an HTML page without PROG 1.0). */
const NOT_AUTHENTICATED = /NO\s+EST[AÁ]\s+AUTENTICADO/i;

/**
 * Reads the gateway's answer. An answer that says "NO ESTA AUTENTICADO" is a refused token whatever
 * its form; one without `<RECEPCIONDTE>` and STATUS is malformed.
 */
export function parseUploadAnswer(bytes: Uint8Array, httpStatus: number): UploadAnswer {
  const text = decodeXml(bytes);
  if (httpStatus === 401 || NOT_AUTHENTICATED.test(text)) {
    throw new TokenRejectedError('the upload', httpStatus === 401 ? 'HTTP 401' : 'STATUS 5', 'NO ESTA AUTENTICADO');
  }
  return withXml(text, 'the upload', (root) => {
    if (root.name !== 'RECEPCIONDTE') throw malformedAnswer('the upload', `the root element is <${root.name}>, not <RECEPCIONDTE>`, text);
    const fields = textsOfChildren(root);
    if (fields.STATUS === undefined || fields.STATUS === '') throw malformedAnswer('the upload', 'RECEPCIONDTE has no STATUS', text);
    const detail = childElement(root, 'DETAIL');
    const errors = detail === undefined ? [] : childElementsOf(detail).map((error) => error.content.replace(/\s+/g, ' ').trim());
    return { status: fields.STATUS, trackId: fields.TRACKID, timestamp: fields.TIMESTAMP, fileName: fields.FILE, errors };
  });
}

/** The RUTs of an upload, canonical (`76192083-9`). */
export interface UploadParties {
  senderRut: string;
  companyRut: string;
}

/** What the SII says when the same file arrives twice within 900 s (catalog upload_status 99). */
const REPEATED_FILE = /ya\s+fue\s+enviado.*?trackid\s*:?\s*(\d+)/is;

/**
 * Turns the answer into a receipt, or into the error its STATUS means. STATUS 3 (file cut), 9
 * (system locked) and unknown values ("Error Interno") are the SII's trouble and retryable; 1, 2, 6,
 * 7 and 8 are about the sender, company or file and are not; 5 is a refused token.
 */
export function interpretUploadAnswer(answer: UploadAnswer, parties: UploadParties, catalog: CodeCatalog): UploadReceipt {
  const { status } = answer;
  const meaning = catalog.meaning('upload_status', status) ?? catalog.meaning('upload_status', 'other') ?? 'Error Interno';
  const errors = answer.errors.map((line) => redact(line));
  const details = { status, meaning, errors, ...parties };
  const repeated = errors.map((line) => REPEATED_FILE.exec(line)?.[1]).find((trackId) => trackId !== undefined);
  if (status === '0' || repeated !== undefined) {
    const trackId = normaliseTrackId(repeated ?? answer.trackId ?? '');
    if (trackId === undefined) throw malformedAnswer('the upload', 'STATUS 0 without a numeric TRACKID');
    return {
      trackId, timestamp: answer.timestamp, fileName: answer.fileName, ...parties, repeated: repeated !== undefined,
    };
  }
  const withErrors = errors.length > 0 ? `: ${errors.join('; ')}` : '';
  switch (status) {
    case '5':
      throw new TokenRejectedError('the upload', 'STATUS 5', meaning);
    case '1':
      throw siiRejected(`The SII refused the upload (STATUS 1: ${meaning}): ${parties.senderRut}, the certificate's owner, may not send files for ${parties.companyRut}; the company must authorise them at the SII.`, details);
    case '2':
      throw siiRejected(`The SII refused the upload (STATUS 2: ${meaning}); check that the envelope is a complete EnvioDTE of reasonable size.`, details);
    case '6':
      throw siiRejected(`The SII refused the upload (STATUS 6: ${meaning}): ${parties.companyRut} is not authorised to send electronic documents in this environment.`, details);
    case '7':
      // Each line read into its code and element, in either of the SII's wordings (schema-error-line.ts).
      throw siiRejected(`The SII refused the envelope's schema (STATUS 7: ${meaning})${withErrors}. Fix the envelope and upload it again.`, {
        ...details, schemaErrors: errors.map(readSchemaErrorLine),
      });
    case '8':
      throw siiRejected(`The SII refused the envelope's signature (STATUS 8: ${meaning})${withErrors}. Sign the envelope again without changing the signed DTEs.`, details);
    case '99':
      throw siiUnavailable(`The SII refused the file as already uploaded${withErrors}; wait 15 minutes before uploading the same file again.`, {
        ...details, [RETRY_LATER]: true, retryAfterSeconds: 900,
      });
    default:
      throw siiUnavailable(`The SII could not take the upload (STATUS ${status}: ${meaning})${withErrors}; try again later.`, details);
  }
}
