/**
 * Field rules shared by the answers a receiver signs (RespuestaDTE, EnvioRecibos), taken from the types
 * of SiiTypes_v10.xsd and RespuestaEnvioDTE_v10.xsd, so that what is signed is valid against them.
 * Each reader records a problem naming the field and returns undefined instead of throwing.
 */
import { ANSWERABLE_TYPES } from '../document-kinds/sii-document-types.ts';
import type { Problem } from '../result.ts';
import { parseRut } from '../rut.ts';
import { toXmlText } from '../text.ts';

/**
 * The document types a RespuestaDTE or a Recibo can name: DTEType and DocType of SiiTypes_v10.xsd
 * (2019-12-12), marked `answerable` in sii-document-types.ts. Other DTEs (exportación, liquidación)
 * can be received, but the schema gives no way to answer them document by document.
 */
export { ANSWERABLE_TYPES };

/** The contact of whoever answers, for the answer's Caratula (all optional). */
export interface AnswerContact {
  /** NmbContacto: at most 40 characters. */
  NmbContacto?: string;
  /** FonoContacto: at most 40 characters. */
  FonoContacto?: string;
  /** MailContacto: at most 80 characters. */
  MailContacto?: string;
}

/** Collects the problems of one answer's fields. */
export class AnswerFields {
  readonly problems: Problem[] = [];

  private problem(pointer: string, message: string): undefined {
    this.problems.push({ pointer, message });
    return undefined;
  }

  /** A RUT with a right check digit, written as RUTType wants (digits, hyphen, digit or K). */
  rut(pointer: string, value: string | undefined): string | undefined {
    if (value === undefined || value.trim() === '') return this.problem(pointer, 'A RUT is required.');
    return parseRut(value.trim())?.canonical ?? this.problem(pointer, `"${value}" is not a RUT with a right check digit.`);
  }

  /** Free text written in ISO-8859-1, at most `maximum` characters; empty means absent when optional. */
  text(pointer: string, value: string | undefined, maximum: number, required = false): string | undefined {
    if (value === undefined || value.trim() === '') return required ? this.problem(pointer, 'A value is required.') : undefined;
    const prepared = toXmlText(value.trim());
    if (!prepared.ok) return this.problem(pointer, `The text has a ${prepared.message}.`);
    const length = [...prepared.text].length;
    if (length > maximum) return this.problem(pointer, `The text is ${length} characters; at most ${maximum} are allowed.`);
    return prepared.text;
  }

  /** A positive whole number of at most `digits` digits (IdRespuesta, CodEnvio, Folio). */
  positive(pointer: string, value: number | undefined, digits: number): number | undefined {
    if (value === undefined || !Number.isSafeInteger(value) || value < 1 || String(value).length > digits) {
      return this.problem(pointer, `${value ?? '(missing)'} is not a whole number from 1 to ${'9'.repeat(digits)}.`);
    }
    return value;
  }

  /** A document type the answers' schemas can name. */
  type(pointer: string, value: number | undefined): number | undefined {
    if (value === undefined || !ANSWERABLE_TYPES.has(value)) {
      return this.problem(pointer, `TipoDTE ${value ?? '(missing)'} cannot be answered: the SII's schema lists only ${[...ANSWERABLE_TYPES].join(', ')}.`);
    }
    return value;
  }

  /** A calendar date YYYY-MM-DD (FchEmis). */
  date(pointer: string, value: string | undefined): string | undefined {
    if (value === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      return this.problem(pointer, `"${value ?? '(missing)'}" is not a date YYYY-MM-DD.`);
    }
    return value;
  }

  /** An amount in whole pesos as MontoType wants (up to 18 digits), given as written or as a number. */
  amount(pointer: string, value: string | number | undefined): string | undefined {
    const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : (value ?? '').trim();
    const whole = /^\d+(?:\.0*)?$/.test(text) ? text.replace(/\..*$/, '').replace(/^0+(?=\d)/, '') : undefined;
    if (whole === undefined || whole.length > 18) return this.problem(pointer, `"${value ?? '(missing)'}" is not an amount in whole pesos (up to 18 digits).`);
    return whole;
  }

  /** The contact fields of a Caratula. */
  contact(pointer: string, contact: AnswerContact | undefined): AnswerContact {
    return {
      NmbContacto: this.text(`${pointer}/NmbContacto`, contact?.NmbContacto, 40),
      FonoContacto: this.text(`${pointer}/FonoContacto`, contact?.FonoContacto, 40),
      MailContacto: this.text(`${pointer}/MailContacto`, contact?.MailContacto, 80),
    };
  }
}
