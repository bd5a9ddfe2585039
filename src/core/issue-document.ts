import type { X509Certificate } from 'node:crypto';
import { buildDocumentBody, documentId } from './build-document.ts';
import { findCafSigner, type Caf } from './caf.ts';
import type { SigningCertificate } from './certificate.ts';
import { computeTotals } from './compute-totals.ts';
import type { DocumentRequest, Totales } from './document-request.ts';
import { issuedKind } from './document-kinds/document-kinds.ts';
import { DteError } from './errors.ts';
import type { SchemaValidator } from './ports.ts';
import { failure, success, type Problem, type Result } from './result.ts';
import { ruleBreaches } from './sii-rules.ts';
import { formatSiiDateTime, siiDate } from './sii-time.ts';
import { buildTimbre } from './timbre.ts';
import { validateRequest } from './validate-request.ts';
import { signCanonicalElement } from './xml-signature.ts';
import { SII_NAMESPACE, XSI_NAMESPACE } from './xml-namespaces.ts';
import { encodeLatin1, XML_DECLARATION } from './xml-writer.ts';

/** A signed DTE, ready to be stored and placed in an envelope byte for byte. */
export interface IssuedDocument {
  /** The DTE file: ISO-8859-1, with its XML declaration. */
  xml: Buffer;
  documentId: string;
  TipoDTE: number;
  Folio: number;
  FchEmis: string;
  RUTEmisor: string;
  RUTRecep: string;
  Totales: Totales;
  /** The validated request, with computed totals, as it was signed. */
  request: DocumentRequest;
}

export interface IssuerOptions {
  certificate: SigningCertificate;
  caf: Caf;
  /** Certificates whose FRMA makes a CAF usable: the SII's (100, 300) or a local test authority. */
  trustedCafSigners: ReadonlyArray<X509Certificate>;
  /** When given, each issued document is checked against DTE_v10.xsd before it is returned. */
  schemaValidator?: SchemaValidator;
}

export interface IssueOptions {
  /** The folio to use; else the request's Folio. */
  folio?: number;
  /** The signing instant (TmstFirma, TSTED). */
  signedAt: Date;
}

/** Issues documents of one CAF with one certificate. */
export interface Issuer {
  /** Validates the input, then issues it. */
  issue(input: unknown, options: IssueOptions): Result<IssuedDocument>;
  /** Issues a request that `validateRequest` already accepted (the service validates before it takes a folio). */
  issueValidated(request: DocumentRequest, options: IssueOptions): Result<IssuedDocument>;
}

/**
 * Checks once what does not change from one document to the next (the CAF is the SII's and carries
 * its private key), and returns an issuer whose per-document path is validate, total, timbre, sign.
 */
export function createIssuer(options: IssuerOptions): Issuer {
  const { caf, certificate } = options;
  if (!findCafSigner(caf, options.trustedCafSigners)) {
    throw new DteError('CAF_UNTRUSTED', `The CAF for type ${caf.TD}, folios ${caf.D}-${caf.H}, is not signed by a trusted SII certificate (FRMA does not verify).`);
  }
  if (!caf.privateKey) {
    throw new DteError('CAF_INVALID', 'The CAF has no usable private key (RSASK), so it cannot sign timbres.');
  }
  const issueValidated = (request: DocumentRequest, issueOptions: IssueOptions): Result<IssuedDocument> => {
    const folio = issueOptions.folio ?? request.Encabezado.IdDoc.Folio;
    const dated = datedRequest(request, issueOptions.signedAt);
    const problems = contextProblems(dated, folio, issueOptions.signedAt, caf, certificate);
    if (problems.length > 0 || folio === undefined) return failure(problems);
    return success(signDocument(dated, folio, issueOptions.signedAt, options));
  };
  return {
    issue(input, issueOptions) {
      const validated = validateRequest(input);
      return validated.ok ? issueValidated(validated.value, issueOptions) : validated;
    },
    issueValidated,
  };
}

/**
 * The request as it is signed: dated on the signing day in Chile when it gives no FchEmis (the
 * service's default, as LibreDTE's), and every Referencia as given.
 */
function datedRequest(request: DocumentRequest, signedAt: Date): DocumentRequest {
  const { IdDoc } = request.Encabezado;
  if (IdDoc.FchEmis !== undefined) return request;
  return { ...request, Encabezado: { ...request.Encabezado, IdDoc: { ...IdDoc, FchEmis: siiDate(signedAt) } } };
}

/** What the document, its CAF and the certificate must agree on, with the SII's rules of the table (sii-rules.ts) that validation runs before signing. */
function contextProblems(
  request: DocumentRequest,
  folio: number | undefined,
  signedAt: Date,
  caf: Caf,
  certificate: SigningCertificate,
): Problem[] {
  const { IdDoc, Emisor } = request.Encabezado;
  const problems: Problem[] = [];
  if (IdDoc.TipoDTE !== caf.TD) {
    problems.push({ pointer: '/Encabezado/IdDoc/TipoDTE', message: `TipoDTE is ${IdDoc.TipoDTE} but the CAF authorises type ${caf.TD}.` });
  }
  if (Emisor.RUTEmisor !== caf.RE) {
    problems.push({ pointer: '/Encabezado/Emisor/RUTEmisor', message: `RUTEmisor is ${Emisor.RUTEmisor} but the CAF was issued to ${caf.RE}.` });
  }
  if (folio === undefined) {
    problems.push({ pointer: '/Encabezado/IdDoc/Folio', message: 'No folio was given: the document needs one from the CAF.' });
  }
  const breaches = ruleBreaches({
    type: caf.TD, ...(folio === undefined ? {} : { folio }), issueDate: IdDoc.FchEmis ?? siiDate(signedAt), signingDate: siiDate(signedAt),
    caf: { firstFolio: caf.D, lastFolio: caf.H, authorisedOn: caf.FA },
    codRefs: (request.Referencia ?? []).flatMap((reference) => (reference.CodRef === undefined ? [] : [reference.CodRef])),
  });
  problems.push(...breaches.map(({ rule, message }) => ({ pointer: rule.pointer, message })));
  (request.Referencia ?? []).forEach((reference, index) => {
    if (reference.FchRef === undefined) {
      problems.push({ pointer: `/Referencia/${index}/FchRef`, message: 'FchRef is required: the date of the referenced document (the service fills it in only for a document it issued).' });
    }
  });
  if (signedAt < certificate.validFrom || signedAt > certificate.validTo) {
    problems.push({ pointer: '', message: `The signing certificate is valid from ${certificate.validFrom.toISOString()} to ${certificate.validTo.toISOString()}, not at ${signedAt.toISOString()}.` });
  }
  return problems;
}

function signDocument(request: DocumentRequest, folio: number, signedAt: Date, options: IssuerOptions): IssuedDocument {
  const { IdDoc, Emisor, Receptor } = request.Encabezado;
  const totals = computeTotals(request);
  const timestamp = formatSiiDateTime(signedAt);
  const issueDate = IdDoc.FchEmis ?? siiDate(signedAt);
  const id = documentId(IdDoc.TipoDTE, folio);
  const timbre = buildTimbre(
    {
      RE: Emisor.RUTEmisor,
      TD: IdDoc.TipoDTE,
      F: folio,
      FE: issueDate,
      RR: Receptor.RUTRecep,
      RznSocRecep: Receptor.RznSocRecep ?? '', // a boleta's consumer may have no name: RSR is then empty
      MNT: totals.Totales.MntTotal,
      NmbItem: request.Detalle[0]?.NmbItem ?? '',
      TSTED: timestamp,
    },
    options.caf,
  );
  const body = [...buildDocumentBody(request, folio, totals), timbre, `<TmstFirma>${timestamp}</TmstFirma>`].join('\n');
  // <DTE> declares every namespace the EnvioDTE's root declares (xmlns:xsi too), so that C14N of
  // Documento, which writes the namespaces in scope on the subtree's apex, is the same whether the DTE
  // is taken alone or verified in place inside the envelope (DESIGN.md, "Known pitfalls").
  const canonicalDocumento = `<Documento xmlns="${SII_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}" ID="${id}">\n${body}\n</Documento>`;
  const signature = signCanonicalElement(canonicalDocumento, id, options.certificate, `xmlns:xsi="${XSI_NAMESPACE}"`);
  const text =
    `${XML_DECLARATION}\n<DTE xmlns="${SII_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}" version="1.0">\n` +
    `<Documento ID="${id}">\n${body}\n</Documento>\n${signature}\n</DTE>\n`;
  const xml = encodeLatin1(text);
  // A boleta's DTE has no schema of its own: EnvioBOLETA_v11.xsd describes it inside its envelope.
  if (options.schemaValidator && issuedKind(IdDoc.TipoDTE).envelope === 'EnvioDTE') {
    const result = options.schemaValidator.validate(xml, 'DTE');
    if (!result.valid) {
      throw new DteError('INTERNAL', `The issued document does not satisfy DTE_v10.xsd: ${result.errors.map((error) => error.message).join('; ')}`, { details: { errors: result.errors } });
    }
  }
  const signedRequest: DocumentRequest = {
    ...request,
    Encabezado: { ...request.Encabezado, IdDoc: { ...IdDoc, Folio: folio }, Totales: totals.Totales },
  };
  return {
    xml,
    documentId: id,
    TipoDTE: IdDoc.TipoDTE,
    Folio: folio,
    FchEmis: issueDate,
    RUTEmisor: Emisor.RUTEmisor,
    RUTRecep: Receptor.RUTRecep,
    Totales: totals.Totales,
    request: signedRequest,
  };
}
