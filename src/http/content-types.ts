/**
 * The bodies the API reads: JSON (UTF-8, or ISO-8859-1 when the Content-Type says so) and XML kept as
 * raw bytes, so a CAF in ISO-8859-1 reaches the service unchanged. Nothing else is parsed: any other
 * Content-Type is a 415.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DteError, validationError } from '../core/errors.ts';
import { pointerOf, type Problem } from '../core/result.ts';

/** How deep JSON may nest: a document request needs five levels; deeper input only threatens recursion. */
export const MAXIMUM_JSON_DEPTH = 32;

/** The JSON media type. */
export const JSON_TYPE = 'application/json';
/** The XML media types a CAF may be sent as. */
export const XML_TYPES = ['application/xml', 'text/xml'] as const;

/** Replaces Fastify's parsers with the API's own. */
export function installContentTypes(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer' }, (request, body, done) => {
    try {
      // A route that takes no body (retry, for one) is called by some clients with a JSON Content-Type
      // and nothing after it: that is no body, not a malformed one.
      const takesNoBody = request.routeOptions.config.accepts === undefined && request.routeOptions.schema?.body === undefined;
      if (takesNoBody && (body as Buffer).toString('latin1').trim() === '') {
        done(null, undefined);
        return;
      }
      done(null, parseJson(body as Buffer, charsetOf(request)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser([...XML_TYPES], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  // Before the body is read, a route that names its media types refuses the others.
  app.addHook('preParsing', async (request, _reply, payload) => {
    const accepts = request.routeOptions.config.accepts;
    if (accepts === undefined) return payload;
    const given = mediaTypeOf(request);
    if (given === undefined || !accepts.includes(given)) {
      const said = given === undefined ? 'has no Content-Type' : `is ${given}`;
      throw new DteError('UNSUPPORTED_MEDIA_TYPE', `This route takes ${accepts.join(' or ')}; the request ${said}.`);
    }
    return payload;
  });
}

/** The request's media type in lower case, without parameters. */
export function mediaTypeOf(request: FastifyRequest): string | undefined {
  const header = request.headers['content-type'];
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === undefined || type === '' ? undefined : type;
}

function charsetOf(request: FastifyRequest): string | undefined {
  const match = /;\s*charset\s*=\s*"?([\w-]+)"?/i.exec(request.headers['content-type'] ?? '');
  return match?.[1]?.toLowerCase();
}

/**
 * Parses a JSON body. The parser's own message reaches the client (`Unexpected token } in JSON at
 * position 12`); bytes that are not UTF-8 are refused rather than turned into U+FFFD, and so are keys
 * that could poison prototypes. Numbers past Number.MAX_SAFE_INTEGER are refused with a 422 naming
 * each one: JSON.parse rounds them to another number (an Odoo id of 18446744073709551616 would be
 * stored as 18446744073709552000).
 */
export function parseJson(body: Buffer, charset: string | undefined): unknown {
  let text: string;
  if (charset === 'iso-8859-1' || charset === 'latin1') {
    text = body.toString('latin1');
  } else if (charset === undefined || charset === 'utf-8' || charset === 'utf8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      throw new DteError('MALFORMED_REQUEST', 'The body is not UTF-8: send JSON in UTF-8, or say charset=iso-8859-1 in the Content-Type.');
    }
  } else {
    throw new DteError('UNSUPPORTED_MEDIA_TYPE', `The charset ${charset} is not supported: send JSON in UTF-8.`);
  }
  if (text.trim() === '') throw new DteError('MALFORMED_REQUEST', 'The body is empty: send a JSON object.');
  if (nestsDeeperThan(text, MAXIMUM_JSON_DEPTH)) {
    throw new DteError('MALFORMED_REQUEST', `The body nests objects and arrays deeper than ${MAXIMUM_JSON_DEPTH} levels.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DteError('MALFORMED_REQUEST', `The body is not valid JSON: ${(error as Error).message}.`);
  }
  if (/"(?:__proto__|constructor)"/.test(text) && hasPoisonedKey(value)) {
    throw new DteError('MALFORMED_REQUEST', 'The body uses a reserved key (__proto__, or constructor with prototype): remove it.');
  }
  // Only a run of 16 digits or an exponent can write a number past 2^53; other bodies skip the walk.
  if (/\d{16}|\d[eE][+-]?\d/.test(text)) {
    const problems = unsafeIntegers(value, []);
    if (problems.length > 0) throw validationError(problems, 'The body has numbers too large to be read exactly.');
  }
  return value;
}

/** The numbers of a parsed body that are past Number.MAX_SAFE_INTEGER, each at its JSON pointer. */
function unsafeIntegers(value: unknown, path: Array<string | number>): Problem[] {
  if (typeof value === 'number') {
    // A fraction below 2^53 is exact enough; 1e400 parses to Infinity, which is refused as well.
    if (Number.isSafeInteger(value) || (Number.isFinite(value) && !Number.isInteger(value))) return [];
    const name = path.at(-1) ?? 'the body';
    const where = typeof name === 'number' ? `entry ${name} of ${String(path.at(-2) ?? 'the body')}` : name;
    return [{
      pointer: pointerOf(path),
      message: `${where} is past ${Number.MAX_SAFE_INTEGER}, the largest whole number a JSON number carries exactly; send a smaller number (amounts and quantities may be sent as decimal strings)`,
    }];
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => unsafeIntegers(child, [...path, Array.isArray(value) ? Number(key) : key]));
}

/** Whether brackets outside strings nest deeper than `limit`; it stops at the first level too deep. */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index += 1;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === 0x7d || code === 0x5d) {
      depth -= 1;
    }
  }
  return false;
}

function hasPoisonedKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  for (const [key, child] of Object.entries(value)) {
    if (key === '__proto__') return true;
    if (key === 'constructor' && typeof child === 'object' && child !== null && 'prototype' in child) return true;
    if (hasPoisonedKey(child)) return true;
  }
  return false;
}
