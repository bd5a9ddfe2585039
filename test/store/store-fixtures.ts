import { generateKeyPairSync, randomInt } from 'node:crypto';
import { createTestCaf } from '../../src/local/create-test-caf.ts';
import type { RsaKeyPair } from '../../src/local/create-test-certificates.ts';
import type { DocumentRequest } from '../../src/core/document-request.ts';
import { computeCheckDigit } from '../../src/core/rut.ts';
import type { Company, NewDocument } from '../../src/app/ports/records.ts';

/** A fresh valid RUT, so each test works in a company of its own and runs never collide. */
export function randomRut(): string {
  const body = randomInt(10_000_000, 99_999_999);
  return `${body}-${computeCheckDigit(body)}`;
}

/** A company with the fields the Emisor and the Caratula need. */
export function sampleCompany(rut: string): Company {
  return {
    rut,
    name: 'Comercial Ñandú & Cía. Limitada',
    giro: 'Venta de artículos de ferretería',
    acteco: [475201, 620200],
    address: 'Av. Providencia 1234',
    commune: 'Providencia',
    resolutionNumber: 0,
    resolutionDate: '2026-01-15',
    siiEnvironment: 'certificacion',
  };
}

function rsaKeys(): RsaKeyPair {
  return generateKeyPairSync('rsa', { modulusLength: 1024 });
}

/** One authority and one CAF key for the whole run: the store stores CAFs, it does not check FRMA. */
const authority = rsaKeys();
const cafKeys = rsaKeys();

/** The PEM of the private key every test CAF carries (RSASK), to look for in raw columns. */
export const CAF_PRIVATE_KEY_PEM = cafKeys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

/** A CAF file of the SII's format for folios `from`..`to` of a type. */
export function sampleCaf(companyRut: string, type: number, from: number, to: number): Buffer {
  return createTestCaf({
    companyRut,
    companyName: 'Comercial Ñandú & Cía. Limitada',
    type,
    from,
    to,
    authorisationDate: '2026-11-01',
    keys: cafKeys,
    authorityKey: authority.privateKey,
  });
}

/** What the issuer would hand the store for a folio: the XML here is a stand-in, the store does not read it. */
export function sampleIssued(companyRut: string, type: number, folio: number): NewDocument['issued'] {
  const request = {
    Encabezado: {
      IdDoc: { TipoDTE: type, Folio: folio, FchEmis: '2026-11-20' },
      Emisor: { RUTEmisor: companyRut, RznSoc: 'Comercial Ñandú', GiroEmis: 'Ferretería', Acteco: [475201] },
      Receptor: { RUTRecep: '77777777-7', RznSocRecep: 'Constructora Peñalolén SpA' },
      Totales: { MntNeto: 1000, TasaIVA: 19, IVA: 190, MntTotal: 1190 },
    },
    Detalle: [{ NmbItem: 'Cajón', QtyItem: '1', PrcItem: '1000' }],
  } as unknown as DocumentRequest;
  return {
    xml: Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>\n<DTE version="1.0">folio ${folio} Ñandú</DTE>\n`, 'latin1'),
    TipoDTE: type as DocumentRequest['Encabezado']['IdDoc']['TipoDTE'],
    Folio: folio,
    FchEmis: '2026-11-20',
    RUTRecep: '77777777-7',
    Totales: { MntNeto: 1000, TasaIVA: 19, IVA: 190, MntTotal: 1190 },
    request,
  };
}
