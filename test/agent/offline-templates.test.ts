import { describe, expect, it } from 'vitest';
import { correctionLines } from '../../src/agent/offline-templates.ts';
import type { CorrectionSuggestion } from '../../src/app/ports/index.ts';

describe('a correction as the offline mode writes it', () => {
  it('marks an added field +, a removed one −, and a replaced one old → new', () => {
    const suggestion = {
      text: { es: 'Se corrige.', en: 'Corrected.' }, step: 'reissue',
      changes: [
        { pointer: '/Referencia', from: [], to: [{ TpoDocRef: '33', FolioRef: 12 }] },
        { pointer: '/Encabezado/IdDoc/FchVenc', from: '2026-12-31' },
        { pointer: '/Encabezado/IdDoc/FchEmis', from: '2026-11-05', to: '2026-12-01' },
      ],
    } as unknown as CorrectionSuggestion;
    expect(correctionLines(suggestion, 'es').slice(1)).toEqual([
      '+ /Referencia: [{"TpoDocRef":"33","FolioRef":12}]',
      '− /Encabezado/IdDoc/FchVenc',
      '- /Encabezado/IdDoc/FchEmis: "2026-11-05" → "2026-12-01"',
    ]);
  });
});
