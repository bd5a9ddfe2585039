/**
 * The company data a plan needs, as the SII's "Mi SII" shows it: the emisor (razón social, giro,
 * actividades, dirección) and the receivers the company uses for the set (the instructions ask for
 * existing clients, a different RUT for each factura). The plan takes them from here, never invents
 * them; the core validation checks each value when the requests are planned.
 */
import { z } from 'zod';
import type { Emisor, Receptor } from '../core/document-request.ts';
import { failure, success, type Problem, type Result } from '../core/result.ts';

export interface CertSettings {
  emisor: Emisor;
  /** Used in turn by the cases that reference no other case; a nota goes to its document's receiver. */
  receptores: Receptor[];
  /** FchEmis of every document (YYYY-MM-DD); absent, the signing day. */
  fchEmis?: string;
}

const party = z.record(z.string(), z.unknown());
const settingsSchema = z.object({
  emisor: party,
  receptores: z.array(party).min(1),
  fchEmis: z.string().optional(),
});

/** Reads settings from JSON; the fields of emisor and receptores are the request's (DTE_v10.xsd names). */
export function readCertSettings(input: unknown, companyRut: string): Result<CertSettings> {
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) {
    return failure(parsed.error.issues.map((issue): Problem => ({
      pointer: '/' + issue.path.map(String).join('/'),
      message: `${issue.path.length === 0 ? 'the settings' : issue.path.join('.')}: ${issue.path.at(-1) === 'receptores' ? 'must list at least one receiver' : 'must be given as the settings example shows'}`,
    })));
  }
  const settings = parsed.data as unknown as CertSettings;
  if (String(settings.emisor.RUTEmisor ?? '').toUpperCase() !== companyRut.toUpperCase()) {
    return failure([{ pointer: '/emisor/RUTEmisor', message: `the settings are for ${String(settings.emisor.RUTEmisor)}, not for --company ${companyRut}` }]);
  }
  return success(settings);
}
