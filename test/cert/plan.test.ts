import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FACTURA, FACTURA_EXENTA, NOTA_CREDITO, NOTA_DEBITO } from '../../src/core/document-kinds/index.ts';
import { computeTotals } from '../../src/core/compute-totals.ts';
import type { DocumentRequest } from '../../src/core/document-request.ts';
import { validateRequest } from '../../src/core/validate-request.ts';
import { planSet, type PlanEntry } from '../../src/cert/plan.ts';
import { decodeSetFile, parseSetFile, type SetFile } from '../../src/cert/set-file.ts';
import { readCertSettings } from '../../src/cert/settings.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cert/${name}`, import.meta.url));
const settingsJson = JSON.parse(fixture('settings.json').toString('utf8')) as Record<string, unknown>;

function setFile(name: string): SetFile {
  const result = parseSetFile(decodeSetFile(fixture(name)));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

function plan(name: string, firstFolios = new Map<number, number>()): PlanEntry[] {
  const settings = readCertSettings(settingsJson, '76192083-9');
  if (!settings.ok) throw new Error(JSON.stringify(settings.problems));
  const result = planSet(setFile(name), settings.value, firstFolios);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

const requestOf = (entries: PlanEntry[], id: string): DocumentRequest => {
  const entry = entries.find((candidate) => candidate.case === id);
  if (entry === undefined || !('request' in entry)) throw new Error(`no request for ${id}`);
  return entry.request;
};

describe('planning a set de pruebas', () => {
  it.each(['set-762352915.txt', 'set-776892475.txt', 'piece-001-basico.txt', 'piece-004-factura_exenta.txt', 'piece-005-guia_despacho.txt', 'piece-008-factura_compra.txt'])('accounts for every case of %s, in order, each request passing the core validation', (name) => {
    const entries = plan(name);
    expect(entries.map((entry) => entry.case)).toEqual(setFile(name).sets.flatMap((set) => set.cases.map((entry) => entry.id)));
    for (const entry of entries) {
      if (!('request' in entry)) continue;
      expect(validateRequest(entry.request).ok).toBe(true);
      expect(entry.request.Referencia?.[0]).toMatchObject({ TpoDocRef: 'SET', RazonRef: `CASO ${entry.case}` });
    }
  });

  it('reports the cases it cannot issue, and those that depend on them, instead of dropping them', () => {
    const entries = plan('set-762352915.txt');
    const unsupported = entries.filter((entry) => 'unsupported' in entry).map((entry) => entry.case);
    expect(unsupported).toEqual(['4352558-1', '4352558-2', '4352558-3', '4352559-1', '4352559-2', '4352559-3', '4352560-1', '4352560-2', '4352560-3']);
  });

  it('gives folios in set order per type from the first folios given, and resolves references to them', () => {
    const entries = plan('set-776892475.txt', new Map([[FACTURA.code, 100], [NOTA_CREDITO.code, 7]]));
    const folio = (id: string) => requestOf(entries, id).Encabezado.IdDoc.Folio;
    expect(['4943173-1', '4943173-2', '4943173-3', '4943173-4'].map(folio)).toEqual([100, 101, 102, 103]);
    expect(['4943173-5', '4943173-6', '4943173-7', '4943176-2'].map(folio)).toEqual([7, 8, 9, 10]);
    expect(['4943173-8', '4943176-5'].map(folio)).toEqual([1, 2]);
    expect(folio('4943176-1')).toBe(1);
    const debit = requestOf(entries, '4943173-8');
    expect(debit.Referencia?.[1]).toMatchObject({ TpoDocRef: String(NOTA_CREDITO.code), FolioRef: '7', CodRef: 1 });
    expect(requestOf(entries, '4943176-2').Referencia?.[1]).toMatchObject({ TpoDocRef: String(FACTURA_EXENTA.code), FolioRef: '1', CodRef: 3 });
    expect(requestOf(entries, '4943176-5').Encabezado.IdDoc.TipoDTE).toBe(NOTA_DEBITO.code);
    expect(requestOf(entries, '4943173-6').Encabezado.Receptor).toEqual(requestOf(entries, '4943173-2').Encabezado.Receptor);
    expect(requestOf(entries, '4943173-2').Encabezado.Receptor.RUTRecep).not.toBe(requestOf(entries, '4943173-1').Encabezado.Receptor.RUTRecep);
  });

  it('computes the totals worked out by hand from the sets', () => {
    const totals = (name: string, id: string) => computeTotals(requestOf(plan(name), id)).Totales;
    // 118 × 628 + 51 × 975 = 123829; IVA 19 % 23527.51
    expect(totals('set-776892475.txt', '4943173-1')).toMatchObject({ MntNeto: 123829, IVA: 23528, MntTotal: 147357 });
    // 175 × 1472 − 3 % (7728) + 99 × 538 − 3 % (1597.86) = 249872 + 51664
    expect(totals('set-776892475.txt', '4943173-2')).toMatchObject({ MntNeto: 301536, IVA: 57292, MntTotal: 358828 });
    // afectos 50912 + 14041 less 5 % (3247.65); exento 2 × 6760
    expect(totals('set-776892475.txt', '4943173-4')).toMatchObject({ MntNeto: 61705, MntExe: 13520, IVA: 11724, MntTotal: 86949 });
    // devolución at the factura's prices and discounts: 64 × 1472 − 3 % (2826.24), 67 × 538 − 3 % (1081.38)
    expect(totals('set-776892475.txt', '4943173-6')).toMatchObject({ MntNeto: 126347, IVA: 24006, MntTotal: 150353 });
    // a price difference on all the units: 3 × 355, exempt
    expect(totals('set-776892475.txt', '4943176-2')).toMatchObject({ MntExe: 1065, MntTotal: 1065 });
    // 63 × 6868 + 236 × 4020 = 1381404; exento 35292
    expect(totals('set-762352915.txt', '4352553-3')).toMatchObject({ MntNeto: 1381404, MntExe: 35292, IVA: 262467, MntTotal: 1679163 });
    // guía of a sale: 222 × 4794 + 424 × 1314
    expect(totals('set-762352915.txt', '4352556-2')).toMatchObject({ MntNeto: 1621404, IVA: 308067, MntTotal: 1929471 });
  });
});
