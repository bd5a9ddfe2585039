/**
 * One DETAIL/ERROR line of a STATUS 7 upload answer, read into its code and the element it names.
 * The SII has worded these lines two ways: the Oracle XDK messages of envio.pdf's figure 2.3
 * (`LSX-00265: attribute "version" value "3.2" is wrong (must be ".2")`, sometimes after the line
 * number in brackets, `[155]LSX-00291 …`), and the Xerces messages its Java gateway answers today
 * (`cvc-complex-type.2.4.a: Invalid content was found starting with element 'TipoDTE'. …`). The
 * one-line file refusal is `SCH-00001 Invalid Schema Name`. Lines in none of these forms keep only
 * their text.
 */

/** What a line says, as far as it can be read. */
export interface SchemaErrorLine {
  /** `cvc-complex-type.2.4.a`, `LSX-00213`, `SCH-00001`; absent when the line has no code. */
  code?: string;
  /** The element (or, failing one, the attribute or particle) the line names. */
  element?: string;
  /** The line of the file, when the SII gave it. */
  line?: number;
  /** The line as the SII wrote it. */
  text: string;
}

const LINE_PREFIX = /^\[(\d+)\]\s*/;
const CODE = /^(cvc-[A-Za-z0-9.-]+?|LSX-\d{5}|SCH-\d{5}):?\s/;
const ELEMENT = /\belement '(?:[^':]*:)?([^']+)'/;
const QUOTED_SUBJECT = /\b(?:attribute|particle|element) "([^"]+)"/;
const ATTRIBUTE = /\bAttribute '([^']+)'/;

/** Reads one line; never throws. */
export function readSchemaErrorLine(text: string): SchemaErrorLine {
  const trimmed = text.trim();
  const prefix = LINE_PREFIX.exec(trimmed);
  const rest = prefix === null ? trimmed : trimmed.slice(prefix[0].length);
  const code = CODE.exec(rest)?.[1];
  const element = ELEMENT.exec(rest)?.[1] ?? QUOTED_SUBJECT.exec(rest)?.[1] ?? ATTRIBUTE.exec(rest)?.[1];
  return {
    ...(code === undefined ? {} : { code }),
    ...(element === undefined ? {} : { element }),
    ...(prefix === null ? {} : { line: Number(prefix[1]) }),
    text: trimmed,
  };
}
