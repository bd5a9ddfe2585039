import { generateTestCredentials } from '../src/local/generate-test-credentials.ts';
import { X509Certificate } from 'node:crypto';
import { parseCaf } from '../src/core/caf.ts';
import { loadCertificate } from '../src/core/certificate.ts';
import { createIssuer } from '../src/core/issue-document.ts';
import { sharedSchemaValidator } from '../src/schema/xsd-validator.ts';

/** A request of the size Odoo usually sends: three lines, a discount, an exempt line, a global discount. */
export function request(index: number): Record<string, unknown> {
  return {
    Encabezado: {
      IdDoc: { TipoDTE: 33, FchEmis: '2026-11-20', FmaPago: 1 },
      Emisor: { RUTEmisor: '76192083-9', RznSoc: 'Demo Ñandú SpA', GiroEmis: 'Software', Acteco: [620200], DirOrigen: 'Av. Apoquindo 1', CmnaOrigen: 'Las Condes' },
      Receptor: { RUTRecep: '77777777-7', RznSocRecep: 'Cliente & Cía. Ltda.', GiroRecep: 'Comercio', DirRecep: 'Calle 2', CmnaRecep: 'Ñuñoa' },
    },
    Detalle: [
      { NmbItem: `Cajón ${index}`, QtyItem: 123, PrcItem: 923, DescuentoPct: 4 },
      { NmbItem: 'Relleno', QtyItem: 53.5, PrcItem: 1473.25 },
      { NmbItem: 'Servicio exento', QtyItem: 1, PrcItem: 34705, IndExe: 1 },
    ],
    DscRcgGlobal: [{ TpoMov: 'D', TpoValor: '%', ValorDR: 6 }],
  };
}

/** Documents per second through createIssuer().issue, with and without the per-document XSD check. */
export async function issueBenchmark(
  milliseconds: number,
  rate: (work: () => void, milliseconds: number) => number,
): Promise<{ withSchema: number; withoutSchema: number }> {
  const credentials = await generateTestCredentials({ companyRut: '76192083-9', types: [33], from: 1, to: 100_000_000, now: new Date('2026-11-01T12:00:00Z') });
  const options = {
    certificate: loadCertificate(credentials.company.p12, credentials.company.password),
    caf: parseCaf(credentials.cafs[0]!.xml),
    trustedCafSigners: [new X509Certificate(credentials.authority.certificatePem)],
  };
  const signedAt = new Date('2026-11-20T15:00:00Z');
  const measure = (issuer: ReturnType<typeof createIssuer>): number => {
    let folio = 0;
    return rate(() => {
      folio += 1;
      const result = issuer.issue(request(folio), { folio, signedAt });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
    }, milliseconds);
  };
  return {
    withSchema: measure(createIssuer({ ...options, schemaValidator: sharedSchemaValidator() })),
    withoutSchema: measure(createIssuer(options)),
  };
}
