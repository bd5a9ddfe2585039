import { describe, expect, it } from 'vitest';
import { computeTotals } from '../../src/core/compute-totals.ts';
import { planSet } from '../../src/cert/plan.ts';
import { parseSetFile } from '../../src/cert/set-file.ts';
import type { CertSettings } from '../../src/cert/settings.ts';

/**
 * Sets the tests have not seen: written in the SII's layout with numbers drawn from a seeded generator,
 * planned, and their totals compared with the figures worked out here from the drawn numbers.
 */
function generator(seed: number): (low: number, high: number) => number {
  let state = seed;
  return (low, high) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return low + (state % (high - low + 1));
  };
}

const settings: CertSettings = {
  emisor: { RUTEmisor: '76192083-9', RznSoc: 'Servicios Demo SpA', GiroEmis: 'Desarrollo de programas', Acteco: [620100], DirOrigen: 'Providencia 1234', CmnaOrigen: 'Providencia' },
  receptores: [{ RUTRecep: '96790240-3', RznSocRecep: 'Cliente Dos Limitada', GiroRecep: 'Comercio', DirRecep: 'Calle Larga 55', CmnaRecep: 'Nunoa' }],
};

interface Drawn { quantity: number; price: number; discount: number }

function generatedSet(seed: number) {
  const draw = generator(seed);
  const attention = String(draw(100_000, 9_999_999));
  const lines = (count: number): Drawn[] => Array.from({ length: count }, () => ({ quantity: draw(1, 999), price: draw(100, 9999), discount: draw(1, 30) }));
  const first = lines(2);
  const second = lines(2);
  const exempt = draw(1000, 50_000);
  const global = draw(1, 30);
  const returned = second.map((line) => draw(1, line.quantity));
  const row = (name: string, ...cells: Array<string | number>) => [name, ...cells.map((cell) => `    ${cell}`)].join('\t\t');
  const text = [
    `SET BASICO - NUMERO DE ATENCION: ${attention}`, '',
    `CASO ${attention}-1`, '==============', 'DOCUMENTO\tFACTURA ELECTRONICA', '',
    'ITEM\t\t\tCANTIDAD\tPRECIO UNITARIO\t\tDESCUENTO ITEM',
    ...first.map((line, index) => row(`ITEM ${index + 1} AFECTO`, line.quantity, line.price, `${line.discount}%`)), '', '',
    `CASO ${attention}-2`, '==============', 'DOCUMENTO\tFACTURA ELECTRONICA', '',
    'ITEM\t\t\tCANTIDAD\tPRECIO UNITARIO',
    ...second.map((line, index) => row(`ITEM ${index + 1} AFECTO`, line.quantity, line.price)),
    row('ITEM 3 SERVICIO EXENTO', 1, exempt), '',
    `DESCUENTO GLOBAL ITEMES AFECTOS\t\t  ${global}%`, '', '',
    `CASO ${attention}-3`, '==============', 'DOCUMENTO\t\tNOTA DE CREDITO ELECTRONICA',
    `REFERENCIA\t\tFACTURA ELECTRONICA CORRESPONDIENTE A CASO ${attention}-2`, 'RAZON REFERENCIA\tDEVOLUCION DE MERCADERIAS', '',
    'ITEM\t\t\tCANTIDAD', ...returned.map((quantity, index) => row(`ITEM ${index + 1} AFECTO`, quantity)), '',
  ].join('\r\n');
  const pesos = (value: number) => Math.round(value);
  const discounted = first.reduce((sum, line) => sum + line.quantity * line.price - pesos((line.quantity * line.price * line.discount) / 100), 0);
  const afectos = second.reduce((sum, line) => sum + line.quantity * line.price, 0);
  const net2 = afectos - pesos((afectos * global) / 100);
  const net3 = second.reduce((sum, line, index) => sum + returned[index]! * line.price, 0);
  const expected = [
    { MntNeto: discounted, IVA: pesos(discounted * 0.19), MntTotal: discounted + pesos(discounted * 0.19) },
    { MntNeto: net2, MntExe: exempt, IVA: pesos(net2 * 0.19), MntTotal: net2 + exempt + pesos(net2 * 0.19) },
    { MntNeto: net3, IVA: pesos(net3 * 0.19), MntTotal: net3 + pesos(net3 * 0.19) },
  ];
  return { text, attention, expected };
}

describe('planning sets not seen before', () => {
  it.each([1, 2, 3, 5, 8, 13, 21, 34])('plans generated set %i with the totals worked out from its numbers', (seed) => {
    const { text, attention, expected } = generatedSet(seed);
    const file = parseSetFile(text);
    expect(file.ok ? file.value.sets[0]!.attention : file.problems).toBe(attention);
    if (!file.ok) return;
    const plan = planSet(file.value, settings, new Map());
    expect(plan.ok ? 'planned' : plan.problems).toBe('planned');
    if (!plan.ok) return;
    const requests = plan.value.map((entry) => ('request' in entry ? entry.request : undefined));
    requests.forEach((request, index) => expect(computeTotals(request!).Totales).toMatchObject(expected[index]!));
    expect(requests[2]!.Referencia?.[1]).toMatchObject({ FolioRef: '2', CodRef: 3 });
  });
});
