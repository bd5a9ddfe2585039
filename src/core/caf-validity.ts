import { SIX_MONTH_CAF_TYPES } from './document-kinds/sii-document-types.ts';
import { monthsBetween } from './sii-time.ts';

/** Documents whose folios expire six months after the CAF's date (SII rejection CAF-3-517), from sii-document-types.ts. */
export { SIX_MONTH_CAF_TYPES };

/** How long a CAF of those types may be used to sign (Res. Ex. SII N° 58 de 2017). */
export const CAF_VALIDITY_MONTHS = 6;

/**
 * Whether a CAF of a type, authorised on FA (YYYY-MM-DD), may still sign on a Chilean calendar date:
 * not before its authorisation, and for the six-month types not six months or more after it.
 */
export function cafUsableOn(type: number, authorisationDate: string, date: string): boolean {
  if (date < authorisationDate) return false;
  return !SIX_MONTH_CAF_TYPES.has(type) || monthsBetween(authorisationDate, date) < CAF_VALIDITY_MONTHS;
}

/** The last Chilean calendar date a CAF of a six-month type may sign on, or undefined for other types. */
export function cafLastUsableDate(type: number, authorisationDate: string): string | undefined {
  if (!SIX_MONTH_CAF_TYPES.has(type)) return undefined;
  const [year, month, day] = authorisationDate.split('-').map(Number) as [number, number, number];
  const daysInTarget = new Date(Date.UTC(year, month - 1 + CAF_VALIDITY_MONTHS + 1, 0)).getUTCDate();
  // The first date monthsBetween counts as six months: the same day six months on, or the 1st after a shorter month.
  const first = day <= daysInTarget ? new Date(Date.UTC(year, month - 1 + CAF_VALIDITY_MONTHS, day)) : new Date(Date.UTC(year, month + CAF_VALIDITY_MONTHS, 1));
  first.setUTCDate(first.getUTCDate() - 1);
  return first.toISOString().slice(0, 10);
}
