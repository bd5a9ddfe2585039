import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { looksLikeZip, unzipXmlFiles } from '../../../src/core/intercambio/index.ts';
import { fixture } from '../verify/support/fixtures.ts';

const ENVELOPE = fixture('envio/F000013T33.xml');

/** Rewrites every entry's declared uncompressed size, as a zip bomb that lies about its size does. */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const copy = new Uint8Array(zip);
  const view = new DataView(copy.buffer);
  for (let offset = 0; offset + 4 <= copy.length; offset += 1) {
    const signature = view.getUint32(offset, true);
    if (signature === 0x02014b50) view.setUint32(offset + 24, size, true);
    if (signature === 0x04034b50) view.setUint32(offset + 22, size, true);
  }
  return copy;
}

describe('taking EnvioDTEs out of zip attachments', () => {
  it('takes the .xml entries byte for byte and names the others', () => {
    const zip = zipSync({ 'a/F000013T33.xml': ENVELOPE, 'copia.XML': ENVELOPE, 'a/': new Uint8Array(0), 'factura.pdf': new Uint8Array(10) });
    expect(looksLikeZip(zip)).toBe(true);
    const outcome = unzipXmlFiles(zip);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.files.map((file) => file.name).sort()).toEqual(['a/F000013T33.xml', 'copia.XML']);
    for (const file of outcome.files) expect(Buffer.from(file.bytes).equals(ENVELOPE)).toBe(true);
    expect(outcome.skipped.sort()).toEqual(['a/', 'factura.pdf']);
  });

  it('refuses an archive whose XML entries expand past the limit, before expanding them', () => {
    const zip = zipSync({ 'bomba.xml': new Uint8Array(5_000_000) }, { level: 9 });
    expect(zip.length).toBeLessThan(50_000);
    expect(unzipXmlFiles(zip, { maxEntries: 10, maxTotalBytes: 1_000_000 })).toEqual({ ok: false, reason: 'too-large', detail: "The zip's XML entries expand to more than 1000000 bytes." });
  });

  it('an entry that declares less than it holds comes out cut at its declared size, not expanded', () => {
    const liar = declareSize(zipSync({ 'bomba.xml': new Uint8Array(50_000_000) }, { level: 9 }), 1_000);
    const outcome = unzipXmlFiles(liar);
    expect(outcome.ok && outcome.files.map((file) => file.bytes.length)).toEqual([1_000]);
  });

  it('refuses an archive of too many entries', () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, index) => [`f${index}.xml`, new Uint8Array(1)]));
    expect(unzipXmlFiles(zipSync(many))).toMatchObject({ ok: false, reason: 'too-many-entries' });
  });

  it('says a broken archive cannot be read, and never throws', () => {
    expect(unzipXmlFiles(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]))).toMatchObject({ ok: false, reason: 'unreadable' });
    expect(unzipXmlFiles(ENVELOPE)).toMatchObject({ ok: false, reason: 'unreadable' });
    expect(looksLikeZip(ENVELOPE)).toBe(false);
  });
});
