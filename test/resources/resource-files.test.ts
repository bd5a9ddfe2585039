import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_CATALOG_PATH, readResourceFiles } from '../../src/resources/resource-files.ts';

describe('the resource files', () => {
  it('hands over the knowledge directory\'s JSON files in name order, each with its path, and nothing else of it', () => {
    const directory = mkdtempSync(join(tmpdir(), 'knowledge-'));
    for (const [name, text] of [['b.json', '{"b": 1}'], ['a.json', '{"a": 1}'], ['notas.txt', 'no']] as const) writeFileSync(join(directory, name), text);
    expect(readResourceFiles(directory).knowledgeTopics()).toEqual([{ name: join(directory, 'a.json'), text: '{"a": 1}' }, { name: join(directory, 'b.json'), text: '{"b": 1}' }]);
  });

  it('reads the project\'s code catalog and guidance', () => {
    const files = readResourceFiles();
    expect(files.codeCatalog()).toMatchObject({ name: CODE_CATALOG_PATH, text: expect.stringContaining('"revision_detail_codes"') });
    expect(JSON.parse(files.codeGuidance().text).guidance.length).toBeGreaterThan(40);
    expect(files.knowledgeTopics().length).toBeGreaterThan(3);
  });
});
