import { ZodError } from 'zod';
import type { HttpAnswer } from './soap-services.ts';

/** The JSON plumbing of the admin endpoints: answers, bodies read and validated, refused methods. */

/** A JSON answer. */
export function json(status: number, value: unknown): HttpAnswer {
  return { status, contentType: 'application/json; charset=utf-8', body: `${JSON.stringify(value, null, 2)}\n` };
}

/**
 * Reads a JSON body and hands it to `apply` (which validates with zod and acts). A body that is not
 * JSON, or that `apply` refuses with a ZodError, is a 400 naming each field and its problem. An empty
 * body is `{}` when `emptyIsObject` says so (a body that only narrows an action), else not JSON.
 */
export function withJsonBody(body: Buffer, what: string, apply: (input: unknown) => HttpAnswer, emptyIsObject = false): HttpAnswer {
  let input: unknown;
  try {
    input = body.length === 0 && emptyIsObject ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    return json(400, { error: 'The body is not JSON.' });
  }
  try {
    return apply(input);
  } catch (error) {
    if (error instanceof ZodError) {
      return json(400, { error: `Invalid ${what}.`, problems: error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`) });
    }
    throw error;
  }
}

/** 405 naming the methods the path takes. */
export function methodNotAllowed(method: string, path: string, allowed: readonly string[]): HttpAnswer {
  return json(405, { error: `${method} is not allowed on ${path}; use ${allowed.join(', ')}.` });
}
