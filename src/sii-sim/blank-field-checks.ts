import type { XmlElement } from 'libxml2-wasm';
import { descendantElement } from '../core/verify/parse-xml.ts';
import { revisionError, type RevisionError } from './revision-codes.ts';

/**
 * Names, giros and addresses of the Encabezado that are present but hold only whitespace. The XSD's
 * xs:string takes "   " as three characters, but the SII reads a blank field as a missing one (the
 * catalog's HED-3-845 "DTE Sin Direccion del Receptor"; the manual makes the names and giros
 * obligatory), so a blank one rejects the document like an absent one would.
 */

/** The fields checked, by their path under Encabezado. */
const NAMED_FIELDS: ReadonlyArray<readonly string[]> = [
  ['Emisor', 'RznSoc'],
  ['Emisor', 'GiroEmis'],
  ['Emisor', 'DirOrigen'],
  ['Emisor', 'CmnaOrigen'],
  ['Emisor', 'CiudadOrigen'],
  ['Receptor', 'RznSocRecep'],
  ['Receptor', 'GiroRecep'],
  ['Receptor', 'DirRecep'],
  ['Receptor', 'CmnaRecep'],
  ['Receptor', 'CiudadRecep'],
  ['Transporte', 'Chofer', 'NombreChofer'],
  ['Transporte', 'DirDest'],
  ['Transporte', 'CmnaDest'],
  ['Transporte', 'CiudadDest'],
];

/** The receiver's address has a code of its own in the catalog; the other fields share the simulator's. */
function codeOf(path: readonly string[]): string {
  return path.join('/') === 'Receptor/DirRecep' ? 'HED-3-845' : 'HED-3-904';
}

/** One error per named field of the document's Encabezado that is present and blank. */
export function blankFieldErrors(content: XmlElement | undefined): RevisionError[] {
  const encabezado = descendantElement(content, 'Encabezado');
  if (encabezado === undefined) return [];
  return NAMED_FIELDS.flatMap((path) => {
    const element = descendantElement(encabezado, ...path);
    if (element === undefined || element.content.trim() !== '') return [];
    return [revisionError(codeOf(path), `Encabezado/${path.join('/')} is present but holds only whitespace.`)];
  });
}
