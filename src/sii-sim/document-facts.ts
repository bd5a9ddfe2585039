import { createHash } from 'node:crypto';
import type { XmlElement } from 'libxml2-wasm';
import type { DocumentUnderCheck } from '../core/verify/document-under-check.ts';
import { childElements, descendantElement, textAt } from '../core/verify/parse-xml.ts';
import { encodeRaw, spanText } from '../core/verify/raw-xml.ts';
import type { ReferenceRecord } from './simulator-records.ts';

/** What the simulator reads from one DTE to check and remember it. */
export interface DocumentFacts {
  RUTEmisor: string;
  TipoDTE: number;
  Folio: number;
  FchEmis: string;
  RUTRecep: string;
  MntTotal: number;
  /** The signing date, YYYY-MM-DD, from TmstFirma (else the TED's TSTED). */
  signingDate: string | undefined;
  /** References to other documents, without global ones (IndGlobal 1). */
  references: ReferenceRecord[];
  /** The CAF inside the TED, when it has one. */
  caf: { RE: string; TD: number; D: number; H: number; FA: string } | undefined;
  /** SHA-256 of the DTE exactly as written. */
  digest: string;
}

function references(content: XmlElement): ReferenceRecord[] {
  return childElements(content, 'Referencia')
    .filter((reference) => textAt(reference, 'IndGlobal') !== '1')
    .map((reference) => {
      const codRef = textAt(reference, 'CodRef');
      const record: ReferenceRecord = { TpoDocRef: textAt(reference, 'TpoDocRef') ?? '', FolioRef: textAt(reference, 'FolioRef') ?? '' };
      if (codRef !== undefined) record.CodRef = Number(codRef);
      return record;
    });
}

/** Reads the facts of a document under check. */
export function readFacts(document: DocumentUnderCheck): DocumentFacts {
  const content = document.content;
  const encabezado = descendantElement(content, 'Encabezado');
  const da = descendantElement(content, 'TED', 'DD', 'CAF', 'DA');
  const timestamp = textAt(content, 'TmstFirma') ?? textAt(content, 'TED', 'DD', 'TSTED');
  return {
    RUTEmisor: textAt(encabezado, 'Emisor', 'RUTEmisor') ?? '',
    TipoDTE: Number(textAt(encabezado, 'IdDoc', 'TipoDTE')),
    Folio: Number(textAt(encabezado, 'IdDoc', 'Folio')),
    FchEmis: textAt(encabezado, 'IdDoc', 'FchEmis') ?? '',
    RUTRecep: textAt(encabezado, 'Receptor', 'RUTRecep') ?? '',
    MntTotal: Number(textAt(encabezado, 'Totales', 'MntTotal') ?? 0),
    signingDate: timestamp?.slice(0, 10),
    references: content === undefined ? [] : references(content),
    caf: da === undefined ? undefined : {
      RE: textAt(da, 'RE') ?? '',
      TD: Number(textAt(da, 'TD')),
      D: Number(textAt(da, 'RNG', 'D')),
      H: Number(textAt(da, 'RNG', 'H')),
      FA: textAt(da, 'FA') ?? '',
    },
    digest: createHash('sha256').update(encodeRaw(spanText(document.raw, document.span), document.raw.encoding)).digest('hex'),
  };
}
