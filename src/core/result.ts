/**
 * Results of operations that can fail because of their input. Validation returns every problem at
 * once; exceptions are kept for bugs and for the environment failing.
 */

/** One thing wrong with an input: where (a JSON pointer such as `/Detalle/2/QtyItem`) and what. */
export interface Problem {
  /** RFC 6901 JSON pointer to the offending field, `""` for the whole input. */
  pointer: string;
  /** One sentence a person can act on. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function success<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function failure<T = never>(problems: Problem[]): Result<T> {
  return { ok: false, problems };
}

/** Builds a JSON pointer from path segments, escaping `~` and `/` as RFC 6901 says. */
export function pointerOf(path: ReadonlyArray<string | number>): string {
  return path.map((segment) => '/' + String(segment).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}
