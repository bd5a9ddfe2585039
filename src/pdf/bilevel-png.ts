import { crc32, deflateSync } from 'node:zlib';

/** A black-and-white bitmap: `dark(x, y)` says whether a pixel is black. */
export interface Bitmap {
  width: number;
  height: number;
  dark(x: number, y: number): boolean;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, tail]);
}

/**
 * Encodes a bitmap as a PNG of one bit per pixel, grey, not interlaced: the smallest PNG there is for
 * a barcode, and one a PDF embeds as it stands (its rows are the image's data, no alpha to split
 * off). The Manual de muestras impresas recommends PNG for the timbre.
 */
export function bilevelPng(bitmap: Bitmap): Buffer {
  const rows = whiteRows(bitmap.width, bitmap.height);
  const rowBytes = rows.length / bitmap.height;
  for (let y = 0; y < bitmap.height; y += 1) {
    const start = y * rowBytes + 1;
    for (let x = 0; x < bitmap.width; x += 1) {
      if (bitmap.dark(x, y)) rows[start + (x >> 3)]! &= ~(0x80 >> (x & 7));
    }
  }
  return pngOfRows(bitmap.width, bitmap.height, rows);
}

/**
 * A white image's rows as a one-bit PNG holds them: each a filter byte (0, none), then the pixels,
 * eight a byte, first pixel in the highest bit, 1 white. Clear a pixel's bit to make it black.
 */
export function whiteRows(width: number, height: number): Buffer {
  const rows = Buffer.alloc((Math.ceil(width / 8) + 1) * height, 0xff);
  for (let start = 0; start < rows.length; start += rows.length / height) rows[start] = 0;
  return rows;
}

/** The one-bit grey PNG of rows laid out as `whiteRows` makes them. */
export function pngOfRows(width: number, height: number, rows: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // grey
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
