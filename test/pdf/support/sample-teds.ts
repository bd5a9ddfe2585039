import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every distinct `<TED>…</TED>` of the SII's sample files in test/fixtures/sii, as the bytes of the files. */
export function siiSampleTeds(): Buffer[] {
  const directory = new URL('../../fixtures/sii/', import.meta.url);
  const files = readdirSync(directory, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.xml'));
  const teds = files.flatMap((entry) => readFileSync(join(entry.parentPath, entry.name), 'latin1').match(/<TED[\s\S]*?<\/TED>/g) ?? []);
  return [...new Set(teds)].map((ted) => Buffer.from(ted, 'latin1'));
}
