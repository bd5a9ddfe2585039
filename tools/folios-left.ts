import { z } from 'zod';
import { defineTool } from './tool.ts';

/** Folios left per document type, for each of the caller's companies. */
export const foliosLeft = defineTool({
  name: 'folios_left',
  description: 'How many folios each of the caller\'s companies has left per document type, and in how many CAFs. Optionally for one company '
    + 'of the caller (companyRut); another company is never answered.',
  input: z.strictObject({ companyRut: z.string().regex(/^[0-9.]{1,12}-?[0-9kK]$/).optional() }),
  async run({ companyRut }, context) {
    const { actor, services } = context;
    const companies = companyRut === undefined ? actor.companies : actor.companies.filter((rut) => rut === companyRut.replace(/\./g, '').toUpperCase());
    const results = await Promise.all(companies.slice(0, 20).map(async (rut) => ({ companyRut: rut, folios: await services.companies.folios(actor, rut) })));
    return { data: { companies: results } };
  },
});
