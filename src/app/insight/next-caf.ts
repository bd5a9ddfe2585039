import { cafLastUsableDate, cafUsableOn } from '../../core/caf-validity.ts';
import type { CafSummary, Store } from '../ports/index.ts';

/** The CAF a new document of a type would take its folio from, and whether it may sign today. */
export interface NextCaf {
  caf: CafSummary;
  /** The folio the counter points at now (another issue may take it first). */
  folio: number;
  usable: boolean;
  /** The last date it may sign on, for the six-month types. */
  lastUsableDate?: string;
}

/**
 * Which CAF the next folio of a type comes from. Folios are handed out in order across the type's
 * CAFs (by first folio), and the store says how many are left: counting that many back from the
 * last CAF's end finds the counter. Undefined when no folio is left.
 */
export async function nextCaf(store: Store, companyRut: string, type: number, today: string): Promise<NextCaf | undefined> {
  const left = (await store.folios.left(companyRut)).find((entry) => entry.type === type)?.left ?? 0;
  if (left <= 0) return undefined;
  const cafs = (await store.cafs.list(companyRut)).filter((caf) => caf.type === type).sort((a, b) => b.firstFolio - a.firstFolio);
  let after = 0;
  for (const caf of cafs) {
    const size = caf.lastFolio - caf.firstFolio + 1;
    if (after + size >= left) {
      const lastUsableDate = cafLastUsableDate(type, caf.authorizedOn);
      return {
        caf, folio: caf.lastFolio - (left - after) + 1, usable: cafUsableOn(type, caf.authorizedOn, today),
        ...(lastUsableDate === undefined ? {} : { lastUsableDate }),
      };
    }
    after += size;
  }
  return undefined;
}
