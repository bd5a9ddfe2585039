import { DteError } from '../core/errors.ts';
import { compactXml } from '../core/xml-reader.ts';

/**
 * The bytes a CAF's FRMA signs. The SII signs the `<DA>` element as it appears in the file with the
 * whitespace between elements removed (`<DA><RE>…</RE>…<IDK>…</IDK></DA>`), encoded in ISO-8859-1. The
 * same rule verifies the SII's real CAFs against its certificates 100.cer and 300.cer, which is why the
 * test authority signs its CAFs this way too.
 */

/**
 * The signed data of a CAF: its `<DA>` element, flattened, as ISO-8859-1 bytes. The CAF is given as
 * decoded text (read an SII file with `latin1`). Throws when the text holds no `<DA>` element.
 */
export function cafSignedData(cafXml: string): Buffer {
  const match = /<DA>[\s\S]*<\/DA>/.exec(cafXml);
  if (!match) throw new DteError('CAF_INVALID', 'The CAF holds no <DA> element.');
  return Buffer.from(compactXml(match[0]), 'latin1');
}
