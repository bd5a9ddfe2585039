import { isVerdict } from '../../core/document-states.ts';
import type { CodeCatalog, DiagnosisFinding, DocumentRecord, EnvelopeView, HistoryEntry } from '../ports/index.ts';


/** The longest detail message of an envelope quoted in a finding (it may carry the SII's text). */
const DETAIL_LENGTH = 200;

/** RECEPCIONDTE's STATUS as the SII client words an upload it refused or could not take. */
const UPLOAD_STATUS = /\bSTATUS (\d{1,3})\b/;

/**
 * Where a document on its way stands with the SII, from its envelopes (oldest first): the last one's
 * state, track id, attempts and detail, and the upload STATUS with the catalog's meaning. Nothing
 * beyond those records is said.
 */
export function envelopeFindings(record: DocumentRecord, history: readonly HistoryEntry[], envelopes: readonly EnvelopeView[], catalog: CodeCatalog): DiagnosisFinding[] {
  // Only a document still on its way to the SII's verdict.
  if (isVerdict(record.state)) return [];
  const since = (history.at(-1)?.at ?? record.updatedAt).toISOString();
  const last = envelopes.at(-1);
  if (last === undefined) {
    return [finding('not-in-envelope', {
      es: `El documento está en estado ${record.state} desde ${since} y aún no va en ningún sobre: espera a que la cola lo envíe.`,
      en: `The document has been ${record.state} since ${since} and is in no envelope yet: it waits for the queue to send it.`,
    })];
  }
  const envelope = `${last.id.slice(0, 8)}`;
  const attempts = { es: `${last.attempts} ${last.attempts === 1 ? 'intento' : 'intentos'}`, en: `${last.attempts} ${last.attempts === 1 ? 'attempt' : 'attempts'}` };
  const when = last.updatedAt;
  switch (last.state) {
    case 'unconfirmed':
      return [finding('upload-unconfirmed', {
        es: `La respuesta del SII a la subida del sobre ${envelope} se perdió (${attempts.es}, la última el ${when}): antes de enviarlo otra vez se le pregunta al SII si lo tiene.`,
        en: `The SII's answer to the upload of envelope ${envelope} was lost (${attempts.en}, the last at ${when}): the SII is asked whether it has it before it is sent again.`,
      })];
    case 'uploading':
      return [finding('upload-interrupted', {
        es: `La subida del sobre ${envelope} empezó el ${when} (${attempts.es}) y no terminó: antes de enviarlo otra vez se le pregunta al SII si lo tiene.`,
        en: `The upload of envelope ${envelope} started at ${when} (${attempts.en}) and did not finish: the SII is asked whether it has it before it is sent again.`,
      })];
    case 'failed':
      return [failedUpload(envelope, attempts, when, last, catalog)];
    case 'uploaded':
      return [finding('awaiting-verdict', {
        es: `El SII recibió el sobre ${envelope} con track id ${last.trackId ?? '?'} (${attempts.es}, el ${when}) y aún no da su veredicto: se sigue consultando su estado.`,
        en: `The SII received envelope ${envelope} with track id ${last.trackId ?? '?'} (${attempts.en}, at ${when}) and has not given its verdict yet: its state is still being asked.`,
      })];
    case 'built':
      return [finding('envelope-not-uploaded', {
        es: `El documento va en el sobre ${envelope}, armado el ${last.createdAt} y aún no subido al SII.`,
        en: `The document is in envelope ${envelope}, built at ${last.createdAt} and not uploaded to the SII yet.`,
      })];
    default:
      return [];
  }
}

function failedUpload(envelope: string, attempts: { es: string; en: string }, when: string, last: EnvelopeView, catalog: CodeCatalog): DiagnosisFinding {
  const message = typeof last.detail?.message === 'string' ? last.detail.message : '';
  const errorCode = typeof last.detail?.errorCode === 'string' ? last.detail.errorCode : undefined;
  const status = UPLOAD_STATUS.exec(message)?.[1];
  const meaning = status === undefined ? undefined : catalog.meaning('upload_status', status) ?? catalog.meaning('upload_status', 'other');
  const quoted = message === '' ? '' : `: «${message.slice(0, DETAIL_LENGTH)}${message.length > DETAIL_LENGTH ? '…' : ''}»`;
  if (status !== undefined) {
    return finding('upload-failed', {
      es: `La última subida del sobre ${envelope} (${attempts.es}, el ${when}) falló: el SII respondió STATUS ${status} («${meaning ?? 'sin significado en el catálogo'}», según el catálogo de códigos del SII).`,
      en: `The last upload of envelope ${envelope} (${attempts.en}, at ${when}) failed: the SII answered STATUS ${status} ("${meaning ?? 'no meaning in the catalog'}", per the SII code catalog).`,
    }, `STATUS ${status}`);
  }
  return finding('upload-failed', {
    es: `La última subida del sobre ${envelope} (${attempts.es}, el ${when}) falló${errorCode === undefined ? '' : ` (${errorCode})`}${quoted}.`,
    en: `The last upload of envelope ${envelope} (${attempts.en}, at ${when}) failed${errorCode === undefined ? '' : ` (${errorCode})`}${quoted}.`,
  });
}

function finding(kind: string, text: { es: string; en: string }, siiCode?: string): DiagnosisFinding {
  return { kind, text, ...(siiCode === undefined ? {} : { siiCode }) };
}
