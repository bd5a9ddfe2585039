/**
 * Reads `multipart/form-data` (RFC 7578, the RFC 1867 of the upload manual) as the SII's upload
 * gateway receives it: parts separated by `--boundary`, the last one closed by `--boundary--`. Lines
 * may end in CRLF, as the manual wants, or in a bare LF, as its note on C clients allows. A body whose
 * closing delimiter never comes was cut short (the manual's STATUS 3, "Archivo cortado").
 */

/** One part of the form. */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** The parts, or why the body cannot be read. */
export type FormReading = { ok: true; parts: FormPart[] } | { ok: false; problem: 'not-multipart' | 'truncated' };

/** The boundary named by a Content-Type header, if it is multipart/form-data. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^\s*multipart\/form-data/i.test(contentType)) return undefined;
  const match = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function readHeaders(text: string): Omit<FormPart, 'data'> | undefined {
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const header = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (header === 'content-disposition') {
      name = /\bname\s*=\s*"([^"]*)"/i.exec(value)?.[1] ?? /\bname\s*=\s*([^\s;]+)/i.exec(value)?.[1];
      filename = /\bfilename\s*=\s*"([^"]*)"/i.exec(value)?.[1] ?? /\bfilename\s*=\s*([^\s;]+)/i.exec(value)?.[1];
    } else if (header === 'content-type') {
      contentType = value;
    }
  }
  if (name === undefined) return undefined;
  const part: Omit<FormPart, 'data'> = { name };
  if (filename !== undefined) part.filename = filename;
  if (contentType !== undefined) part.contentType = contentType;
  return part;
}

/** Splits a body into its parts. */
export function readMultipart(body: Buffer, contentType: string | undefined): FormReading {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) return { ok: false, problem: 'not-multipart' };
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  let position = body.indexOf(delimiter);
  if (position < 0) return { ok: false, problem: 'truncated' };
  const parts: FormPart[] = [];
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString('latin1') === '--') return { ok: true, parts };
    const headersStart = body.indexOf('\n', position) + 1;
    if (headersStart === 0) return { ok: false, problem: 'truncated' };
    const crlfEnd = body.indexOf('\r\n\r\n', headersStart);
    const lfEnd = body.indexOf('\n\n', headersStart);
    const useCrlf = crlfEnd >= 0 && (lfEnd < 0 || crlfEnd < lfEnd);
    const headersEnd = useCrlf ? crlfEnd : lfEnd;
    if (headersEnd < 0) return { ok: false, problem: 'truncated' };
    const dataStart = headersEnd + (useCrlf ? 4 : 2);
    const next = body.indexOf(delimiter, dataStart);
    if (next < 0) return { ok: false, problem: 'truncated' };
    let dataEnd = next;
    if (body[dataEnd - 1] === 0x0a) dataEnd -= 1;
    if (body[dataEnd - 1] === 0x0d) dataEnd -= 1;
    const headers = readHeaders(body.subarray(headersStart, headersEnd).toString('latin1'));
    if (headers !== undefined) parts.push({ ...headers, data: body.subarray(dataStart, Math.max(dataStart, dataEnd)) });
    position = next;
  }
}
