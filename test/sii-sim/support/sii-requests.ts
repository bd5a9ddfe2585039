import type { SigningCertificate } from '../../../src/core/certificate.ts';
import { signSeed } from '../../../src/core/sign-seed.ts';

/**
 * Requests written by hand the way an SII client sends them (the SOAP envelopes of the transcribed
 * requests in ../shared/sii/samples/responses/transcribed, the multipart upload of envio.pdf's annex
 * 3), so that the simulator is tested over HTTP without any client of the project.
 */

/** The SII's upload gateway wants this in the User-Agent (envio.pdf, figure 2.3). */
export const SII_USER_AGENT = 'Mozilla/4.0 (compatible; PROG 1.0; Windows NT 5.0; YComp 5.0.2.4)';

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A SOAP 1.1 rpc/encoded request as in CrSeed_getSeed_request.soap.xml. */
export function soapRequest(service: string, operation: string, parameters: Record<string, string> = {}): string {
  const values = Object.entries(parameters).map(([name, value]) => `<${name} xsi:type="xsd:string">${escape(value)}</${name}>`).join('\n');
  const call = values === '' ? `<m:${operation} xmlns:m="https://palena.sii.cl/DTEWS/${service}.jws"/>` : `<m:${operation} xmlns:m="https://palena.sii.cl/DTEWS/${service}.jws">\n${values}\n</m:${operation}>`;
  return [
    '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">',
    '<SOAP-ENV:Body>',
    call,
    '</SOAP-ENV:Body>',
    '</SOAP-ENV:Envelope>',
  ].join('\n');
}

/** An HTTP answer and, for SOAP, the decoded `<operation>Return` string. */
export interface SoapAnswer {
  status: number;
  text: string;
  /** The SII's answer carried inside the envelope (entities decoded). */
  inner: string;
}

function unescape(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&amp;', '&');
}

/** POSTs a SOAP call to `/DTEWS/<service>.jws`. */
export async function callSoap(url: string, service: string, operation: string, parameters: Record<string, string> = {}): Promise<SoapAnswer> {
  const response = await fetch(`${url}/DTEWS/${service}.jws`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' },
    body: soapRequest(service, operation, parameters),
  });
  const text = await response.text();
  const inner = new RegExp(`<${operation}Return[^>]*>([\\s\\S]*)</${operation}Return>`).exec(text)?.[1];
  return { status: response.status, text, inner: inner === undefined ? '' : unescape(inner) };
}

/** The text of the first element `name` in an answer, or undefined. */
export function valueOf(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

/** Asks for a seed and returns it. */
export async function getSeed(url: string): Promise<string> {
  const seed = valueOf((await callSoap(url, 'CrSeed', 'getSeed')).inner, 'SEMILLA');
  if (seed === undefined) throw new Error('getSeed answered no SEMILLA.');
  return seed;
}

/** Exchanges a signed seed (any text) and returns the decoded answer. */
export async function getToken(url: string, pszXml: string): Promise<string> {
  return (await callSoap(url, 'GetTokenFromSeed', 'getToken', { pszXml })).inner;
}

/** The full login: seed, signature with the project's seed signer, token. */
export async function login(url: string, certificate: SigningCertificate): Promise<string> {
  const answer = await getToken(url, signSeed(await getSeed(url), certificate));
  const token = valueOf(answer, 'TOKEN');
  if (token === undefined) throw new Error(`getToken refused: ${answer}`);
  return token;
}

/** What an upload sends besides the file. */
export interface UploadOptions {
  sender?: string;
  company?: string;
  userAgent?: string;
  fileName?: string;
  token?: string;
}

/** POSTs a multipart upload with the fields in the manual's order and returns the RECEPCIONDTE. */
export async function upload(url: string, file: Uint8Array, options: UploadOptions = {}): Promise<{ status: number; text: string }> {
  const [rutSender, dvSender] = (options.sender ?? '76192083-9').split('-');
  const [rutCompany, dvCompany] = (options.company ?? '76192083-9').split('-');
  const form = new FormData();
  form.append('rutSender', rutSender ?? '');
  form.append('dvSender', dvSender ?? '');
  form.append('rutCompany', rutCompany ?? '');
  form.append('dvCompany', dvCompany ?? '');
  form.append('archivo', new Blob([new Uint8Array(file)], { type: 'text/xml' }), options.fileName ?? 'envio.xml');
  const headers: Record<string, string> = { 'User-Agent': options.userAgent ?? SII_USER_AGENT };
  if (options.token !== undefined) headers.Cookie = `TOKEN=${options.token}`;
  const response = await fetch(`${url}/cgi_dte/UPL/DTEUpload`, { method: 'POST', headers, body: form });
  return { status: response.status, text: await response.text() };
}

/** getEstUp for a track id of company 76192083-9 (or another). */
export async function queryEnvelope(url: string, token: string, trackId: string, company = '76192083-9'): Promise<string> {
  const [RutCompania, DvCompania] = company.split('-') as [string, string];
  return (await callSoap(url, 'QueryEstUp', 'getEstUp', { RutCompania, DvCompania, TrackId: trackId, Token: token })).inner;
}

const INTERMEDIATE = new Set(['REC', 'SOK', 'FOK', 'CRT', 'PRD']);

/** Polls getEstUp until the envelope leaves the intermediate states; returns the answer and the states seen. */
export async function followEnvelope(url: string, token: string, trackId: string): Promise<{ answer: string; states: string[] }> {
  const states: string[] = [];
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const answer = await queryEnvelope(url, token, trackId);
    const state = valueOf(answer, 'ESTADO') ?? '';
    if (states.at(-1) !== state) states.push(state);
    if (!INTERMEDIATE.has(state)) return { answer, states };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`Envelope ${trackId} never left the intermediate states (${states.join(' → ')}).`);
}

/** Uploads and returns the TRACKID, failing when the upload is refused. */
export async function uploadAccepted(url: string, token: string, file: Uint8Array, options: UploadOptions = {}): Promise<string> {
  const answer = await upload(url, file, { ...options, token });
  const trackId = valueOf(answer.text, 'TRACKID');
  if (valueOf(answer.text, 'STATUS') !== '0' || trackId === undefined) throw new Error(`The upload was refused: ${answer.text}`);
  return trackId;
}
