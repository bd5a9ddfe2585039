import { documentStatusFrom } from './check-received-document.ts';
import { envelopeStatusFrom } from './check-received-envelope.ts';
import type { ReceivedEnvelopeCheck, ReceptionCheck } from './received-envelope.ts';

/** What the record already holds, looked up by the keys a first check gave. */
export interface KnownReceptions {
  /** Digests (the envelope signature's DigestValue) of envelopes received before. */
  envelopeDigests: ReadonlySet<string>;
  /** Keys (`RUTEmisor/TipoDTE/Folio`) of documents received before. */
  documentKeys: ReadonlySet<string>;
}

/**
 * Adds the repeat checks that need the record: an envelope whose digest was received before
 * (EstadoRecepEnv 90, "Archivo Repetido") and documents whose issuer, type and folio were
 * (EstadoRecepDTE 4, "DTE Repetido"). The application looks the check's digest and keys up in its
 * store and calls this; a refusal found earlier keeps its own code, since the codes are chosen in the
 * manual's order (a repeat comes last). Returns a new check; the one given is not changed.
 *
 * The same mail read twice (a crash between storing and moving it) is not a repeat to answer: the
 * application recognises it by `fileSha256` before it gets here, and does nothing the second time.
 */
export function markRepeats(check: ReceivedEnvelopeCheck, known: KnownReceptions): ReceivedEnvelopeCheck {
  const digest = check.envelope?.Digest;
  const envelopeChecks: ReceptionCheck[] = [...check.checks];
  if (digest !== undefined && known.envelopeDigests.has(digest)) {
    envelopeChecks.push({ name: 'repeat', subject: 'EnvioDTE', ok: false, detail: `An envelope with the digest ${digest} was received before.` });
  }
  const documents = check.documents.map((document) => {
    if (document.key === undefined || !known.documentKeys.has(document.key)) return document;
    const checks: ReceptionCheck[] = [
      ...document.checks,
      { name: 'repeat', subject: `DTE ${document.TipoDTE ?? '?'} folio ${document.Folio ?? '?'}`, ok: false, detail: `${document.key} (issuer/type/folio) was received before.` },
    ];
    return { ...document, checks, status: documentStatusFrom(checks) };
  });
  return { ...check, checks: envelopeChecks, status: envelopeStatusFrom(envelopeChecks), documents };
}
