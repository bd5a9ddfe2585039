import { sign } from 'node:crypto';
import type { Caf } from './caf.ts';
import { DteError } from './errors.ts';
import { stripDiacritics, truncate } from './text.ts';
import { compactElement, escapeText, textElement } from './xml-writer.ts';

/** What the TED (timbre electrónico) states about a document. */
export interface TimbreData {
  RE: string;
  TD: number;
  F: number;
  FE: string;
  RR: string;
  RznSocRecep: string;
  MNT: number;
  NmbItem: string;
  /** TSTED, already formatted as the SII's FechaHoraType. */
  TSTED: string;
}

/**
 * Builds the TED: DD signed SHA1withRSA with the CAF's private key over DD exactly as it is written
 * (no whitespace between elements), in ISO-8859-1. RSR and IT1 lose their accents: the SII's PDF417
 * reader cannot read them back, and a printed timbre must verify from the barcode alone.
 */
export function buildTimbre(data: TimbreData, caf: Caf): string {
  if (!caf.privateKey) {
    throw new DteError('CAF_INVALID', 'The CAF has no usable private key (RSASK), so it cannot sign timbres.');
  }
  const dd = compactElement('DD', [
    textElement('RE', data.RE),
    textElement('TD', data.TD),
    textElement('F', data.F),
    textElement('FE', data.FE),
    textElement('RR', data.RR),
    textElement('RSR', truncate(stripDiacritics(data.RznSocRecep), 40)),
    textElement('MNT', data.MNT),
    textElement('IT1', truncate(stripDiacritics(data.NmbItem), 40)),
    caf.cafElement,
    textElement('TSTED', data.TSTED),
  ]);
  const frmt = sign('sha1', Buffer.from(dd, 'latin1'), caf.privateKey).toString('base64');
  return `<TED version="1.0">\n${dd}\n<FRMT algoritmo="SHA1withRSA">${escapeText(frmt)}</FRMT>\n</TED>`;
}
