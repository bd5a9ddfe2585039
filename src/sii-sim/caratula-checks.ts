import { childElement } from '../core/verify/parse-xml.ts';
import { readSignatureKeys } from '../core/verify/signature-key.ts';
import { verifyXmlSignature } from '../core/verify/xml-signature.ts';
import type { ReceivedEnvelope } from './envelope-reader.ts';
import { revisionError, type RevisionError } from './revision-codes.ts';
import { normalRut } from './simulator-records.ts';

/**
 * The envelope-level checks after the schema: the envelope's signature over SetDTE (RFR when it
 * fails) and the Caratula (RCT). The manual for the certification (manual_certificacion §3.2) says an
 * envelope is rejected whole for "errores de Schema, error en la firma del envío, o usuario no
 * autorizado"; the Caratula's rules come from the instructions of the test set (inst_set_pruebas II)
 * and the catalog's CRT codes.
 */

/** The SII's RUT, which the Caratula names as RutReceptor when the set goes to the SII (CRT-3-18). */
export const SII_RECEIVER_RUT = '60803000-K';

/** A company the simulator knows: its resolution and the people allowed to sign and send for it. */
export interface SimulatedCompany {
  rut: string;
  /** FchResol and NroResol the Caratula must state (CRT-3-19); unchecked when absent. */
  resolutionDate?: string;
  resolutionNumber?: number;
  /** RUTs allowed to sign and send for the company; anyone when absent. */
  signers?: string[];
}

/** What the upload said: rutCompany-dvCompany and rutSender-dvSender. */
export interface UploadParties {
  companyRut: string;
  senderRut: string;
}

/** The RUT in a certificate's subject serialNumber, as Chilean certificates carry their holder's RUT. */
function certificateRut(subject: string): string | undefined {
  const line = subject.split('\n').find((entry) => entry.startsWith('serialNumber='));
  return line === undefined ? undefined : normalRut(line.slice('serialNumber='.length));
}

/**
 * Verifies the envelope's XMLDSig over SetDTE with the verifier (src/core/verify), and that its
 * X509Certificate holds the signing key. Returns the errors and the signer's RUT.
 */
export function checkEnvelopeSignature(envelope: ReceivedEnvelope): { errors: RevisionError[]; signerRut?: string } {
  if (envelope.setDte === undefined || envelope.signature === undefined) {
    return { errors: [revisionError('ENV-3-900', 'The envelope has no Signature over SetDTE.')] };
  }
  const verification = verifyXmlSignature(envelope.document, envelope.signature, { element: envelope.setDte, label: 'SetDTE' });
  const errors: RevisionError[] = [];
  if (!verification.signature.ok) errors.push(revisionError('ENV-3-900', verification.signature.detail));
  if (verification.certificate !== undefined && !verification.certificate.ok) errors.push(revisionError('ENV-3-900', verification.certificate.detail));
  const certificate = readSignatureKeys(childElement(envelope.signature, 'KeyInfo')).certificate;
  const signerRut = certificate === undefined ? undefined : certificateRut(certificate.subject);
  return signerRut === undefined ? { errors } : { errors, signerRut };
}

/** Checks the Caratula against the upload, the signer, the documents and the company's data. */
export function checkCaratula(
  envelope: ReceivedEnvelope,
  parties: UploadParties,
  signerRut: string | undefined,
  company: SimulatedCompany | undefined,
): RevisionError[] {
  const caratula = envelope.caratula;
  const errors: RevisionError[] = [];
  if (normalRut(caratula.RutReceptor) !== SII_RECEIVER_RUT) {
    errors.push(revisionError('CRT-3-18', `RutReceptor is ${caratula.RutReceptor ?? '(missing)'}; an envelope sent to the SII names the SII, ${SII_RECEIVER_RUT}.`, [caratula.RutReceptor ?? '']));
  }
  if (normalRut(caratula.RutEmisor) !== normalRut(parties.companyRut)) {
    errors.push(revisionError('CRT-3-901', `RutEmisor is ${caratula.RutEmisor ?? '(missing)'} but the upload was made for company ${parties.companyRut}.`));
  }
  if (normalRut(caratula.RutEnvia) !== normalRut(parties.senderRut)) {
    errors.push(revisionError('CRT-3-11', `RutEnvia is ${caratula.RutEnvia ?? '(missing)'} but the upload was sent by ${parties.senderRut} (rutSender-dvSender).`));
  }
  if (signerRut === undefined || normalRut(caratula.RutEnvia) !== signerRut) {
    const holder = signerRut === undefined ? 'the signing certificate names no RUT in its subject serialNumber' : `the envelope was signed with the certificate of ${signerRut}`;
    errors.push(revisionError('ENV-3-6', `RutEnvia is ${caratula.RutEnvia ?? '(missing)'} but ${holder}: RutEnvia must be the signer (Rut No Autorizado a Firmar).`));
  } else if (company?.signers !== undefined && !company.signers.map(normalRut).includes(signerRut)) {
    errors.push(revisionError('ENV-3-6', `${signerRut} is not authorised to sign for ${company.rut} (Rut No Autorizado a Firmar).`));
  }
  if (company !== undefined && !resolutionMatches(caratula.FchResol, caratula.NroResol, company)) {
    errors.push(revisionError('CRT-3-19', `FchResol ${caratula.FchResol ?? '(missing)'} and NroResol ${caratula.NroResol ?? '(missing)'} are not the resolution of ${company.rut} (${company.resolutionDate} number ${company.resolutionNumber}).`));
  }
  const mismatch = subtotalMismatch(envelope);
  if (mismatch !== undefined) errors.push(revisionError('CRT-3-900', mismatch));
  return errors;
}

function resolutionMatches(date: string | undefined, number: string | undefined, company: SimulatedCompany): boolean {
  const dateMatches = company.resolutionDate === undefined || date === company.resolutionDate;
  const numberMatches = company.resolutionNumber === undefined || Number(number) === company.resolutionNumber;
  return dateMatches && numberMatches;
}

/** A sentence naming the types whose SubTotDTE count differs from the DTEs in the set, if any. */
function subtotalMismatch(envelope: ReceivedEnvelope): string | undefined {
  const actual = new Map<number, number>();
  for (const document of envelope.documents) {
    const type = Number(/^DTE (\d+)/.exec(document.subject)?.[1]);
    actual.set(type, (actual.get(type) ?? 0) + 1);
  }
  const declared = new Map<number, number>();
  for (const entry of envelope.caratula.SubTotDTE) declared.set(entry.TpoDTE, (declared.get(entry.TpoDTE) ?? 0) + entry.NroDTE);
  const types = [...new Set([...actual.keys(), ...declared.keys()])].sort((first, second) => first - second);
  const wrong = types.filter((type) => actual.get(type) !== declared.get(type));
  if (wrong.length === 0) return undefined;
  const described = wrong.map((type) => `type ${type}: SubTotDTE says ${declared.get(type) ?? 0}, the set holds ${actual.get(type) ?? 0}`);
  return `The Caratula's counts do not match the documents (${described.join('; ')}).`;
}
