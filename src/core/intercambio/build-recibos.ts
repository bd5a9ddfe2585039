/**
 * The acuse de recibo of Ley 19.983 (art. 4 b, art. 5 c): an EnvioRecibos whose Recibos each state that
 * the goods or services of one document were received, where and by whom (EnvioRecibos_v10.xsd,
 * Recibos_v10.xsd). Each Recibo is signed on its own, like a DTE, then the set is signed.
 */
import type { SigningCertificate } from '../certificate.ts';
import { canonicalInContext, type NamespaceScope } from '../canonical-embedding.ts';
import { DteError } from '../errors.ts';
import { failure, success, type Result } from '../result.ts';
import { formatSiiDateTime } from '../sii-time.ts';
import { element, textElement } from '../xml-writer.ts';
import { SII_NAMESPACE, XSI_NAMESPACE } from '../xml-namespaces.ts';
import { AnswerFields, type AnswerContact } from './answer-fields.ts';
import type { AnsweredDocument } from './build-respuesta.ts';
import { ANSWER_NAMESPACES, answerFile, signPart } from './sign-answer.ts';

/** The declaration Recibos_v10.xsd fixes for every Recibo (element Declaracion, `fixed`), exactly. */
export const RECIBO_DECLARATION =
  'El acuse de recibo que se declara en este acto, de acuerdo a lo dispuesto en la letra b) del Art. 4, y la letra c) del Art. 5 de la Ley 19.983, acredita que la entrega de mercaderias o servicio(s) prestado(s) ha(n) sido recibido(s).';

/** One receipt: the document and where and by whom its goods or services were received. */
export interface ReceiptOfGoods extends AnsweredDocument {
  /** Recinto: the place where they were received (at most 80 characters). */
  Recinto: string;
  /** RutFirma: who signs the receipt; by default the certificate's holder. */
  RutFirma?: string;
}

/** Who sends the receipts to whom. */
export interface ReceiptsCaratula extends AnswerContact {
  /** Our company: the receiver of the documents. */
  RutResponde: string;
  /** The supplier: their issuer. */
  RutRecibe: string;
}

const SET_SCOPE: NamespaceScope = new Map([['', SII_NAMESPACE], ['xsi', XSI_NAMESPACE]]);
const SET_ID = 'SetRecibos';

function reciboText(fields: AnswerFields, receipt: ReceiptOfGoods, index: number, certificate: SigningCertificate, signedAt: Date): string {
  const pointer = `/receipts/${index}`;
  const signer = receipt.RutFirma ?? certificate.signerRut;
  const id = `Recibo_${index + 1}`;
  const part = {
    name: 'DocumentoRecibo',
    id,
    children: [
      textElement('TipoDoc', fields.type(`${pointer}/TipoDTE`, receipt.TipoDTE)),
      textElement('Folio', fields.positive(`${pointer}/Folio`, receipt.Folio, 10)),
      textElement('FchEmis', fields.date(`${pointer}/FchEmis`, receipt.FchEmis)),
      textElement('RUTEmisor', fields.rut(`${pointer}/RUTEmisor`, receipt.RUTEmisor)),
      textElement('RUTRecep', fields.rut(`${pointer}/RUTRecep`, receipt.RUTRecep)),
      textElement('MntTotal', fields.amount(`${pointer}/MntTotal`, receipt.MntTotal)),
      textElement('Recinto', fields.text(`${pointer}/Recinto`, receipt.Recinto, 80, true)),
      textElement('RutFirma', fields.rut(`${pointer}/RutFirma`, signer)),
      textElement('Declaracion', RECIBO_DECLARATION),
      textElement('TmstFirmaRecibo', formatSiiDateTime(signedAt)),
    ],
  };
  if (fields.problems.length > 0) return '';
  // The Recibo declares the namespaces the root declares, so that its signature verifies taken alone
  // and in place alike (the pitfall DESIGN.md describes for DTEs).
  const { element: documento, signature } = signPart(part, certificate);
  return `<Recibo ${ANSWER_NAMESPACES} version="1.0">\n${documento}\n${signature}\n</Recibo>`;
}

/**
 * Builds and signs an EnvioRecibos with one Recibo per document. Returns every problem of the input at
 * once; nothing is signed unless all fields are valid.
 */
export function buildEnvioRecibos(input: {
  caratula: ReceiptsCaratula;
  receipts: ReadonlyArray<ReceiptOfGoods>;
  certificate: SigningCertificate;
  signedAt: Date;
}): Result<Buffer> {
  const fields = new AnswerFields();
  const contact = fields.contact('/caratula', input.caratula);
  const caratula = element('Caratula', [
    textElement('RutResponde', fields.rut('/caratula/RutResponde', input.caratula.RutResponde)),
    textElement('RutRecibe', fields.rut('/caratula/RutRecibe', input.caratula.RutRecibe)),
    textElement('NmbContacto', contact.NmbContacto),
    textElement('FonoContacto', contact.FonoContacto),
    textElement('MailContacto', contact.MailContacto),
    textElement('TmstFirmaEnv', formatSiiDateTime(input.signedAt)),
  ], 'version="1.0"');
  if (input.receipts.length === 0) fields.problems.push({ pointer: '/receipts', message: 'At least one receipt is required.' });
  const recibos = input.receipts.map((receipt, index) => reciboText(fields, receipt, index, input.certificate, input.signedAt));
  if (fields.problems.length > 0) return failure(fields.problems);
  const canonicalRecibos = recibos.map((recibo) => {
    const canonical = canonicalInContext(recibo, SET_SCOPE);
    if (canonical === undefined) throw new DteError('INTERNAL', 'A Recibo written by this module is not in canonical form.');
    return canonical;
  });
  const part = { name: 'SetRecibos', id: SET_ID, children: [caratula, ...recibos], canonicalChildren: [caratula, ...canonicalRecibos] };
  return success(answerFile('EnvioRecibos', 'EnvioRecibos_v10.xsd', part, input.certificate));
}
