/**
 * EnvioDTEs as a supplier sends them to one of our companies: facturas issued and signed with the test
 * credentials (the test company, 76192083-9, plays the supplier), in an envelope addressed to the
 * customer. For the receiver checks and, later, intake end to end.
 */
import { buildEnvelope } from '../../src/core/build-envelope.ts';
import { createIssuer } from '../../src/core/issue-document.ts';
import { sharedSchemaValidator } from '../../src/schema/xsd-validator.ts';
import { testCredentials, TEST_COMPANY_RUT } from './credentials.ts';
import { sampleRequest } from './requests.ts';

/** The supplier of these envelopes. */
export const SUPPLIER_RUT = TEST_COMPANY_RUT;
/** Our company, the customer they are addressed to (sampleRequest's RUTRecep). */
export const CUSTOMER_RUT = '77777777-7';

export const SIGNED_AT = new Date('2026-11-20T15:30:00Z');

/** A signed factura (type 33) of the supplier to `receiver`. */
export async function supplierFactura(folio: number, receiver = CUSTOMER_RUT): Promise<Buffer> {
  const credentials = await testCredentials();
  const issuer = createIssuer({ certificate: credentials.certificate, caf: credentials.cafs.get(33)!, trustedCafSigners: [credentials.authority], schemaValidator: sharedSchemaValidator() });
  const base = sampleRequest(33);
  const encabezado = base.Encabezado as { Receptor: Record<string, unknown> };
  const request = { ...base, Encabezado: { ...encabezado, Receptor: { ...encabezado.Receptor, RUTRecep: receiver } } };
  const issued = issuer.issue(request, { folio, signedAt: SIGNED_AT });
  if (!issued.ok) throw new Error(issued.problems.map((problem) => `${problem.pointer}: ${problem.message}`).join('\n'));
  return issued.value.xml;
}

/** An envelope of the given signed DTEs, addressed (Caratula RutReceptor) to `receiver`. */
export async function supplierEnvelope(documents: Buffer[], receiver = CUSTOMER_RUT): Promise<Buffer> {
  const { certificate } = await testCredentials();
  return buildEnvelope({ documents, certificate, RutReceptor: receiver, FchResol: '2026-01-15', NroResol: 0, signedAt: SIGNED_AT });
}
