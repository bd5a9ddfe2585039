import { describe, expect, it } from 'vitest';
import { computeTotals } from '../../src/core/compute-totals.ts';
import type { DocumentRequest } from '../../src/core/document-request.ts';
import type { Problem } from '../../src/core/result.ts';
import { validateRequest } from '../../src/core/validate-request.ts';
import { sampleBoleta, sampleRequest } from '../support/requests.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests edit requests as loose JSON.
type Json = Record<string, any>;

/** The problems of a request that must fail. */
function problemsOf(request: unknown): Problem[] {
  const result = validateRequest(request);
  if (result.ok) throw new Error('expected the request to be refused');
  return result.problems;
}

function accepted(request: unknown): DocumentRequest {
  const result = validateRequest(request);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

const boleta = (type: 39 | 41, change: (request: Json) => void = () => {}): Json => {
  const request = structuredClone(sampleBoleta(type)) as Json;
  change(request);
  return request;
};

describe('boleta requests (Formato Boletas Electrónicas v4.1)', () => {
  it('accept the boleta tag names and give the generic receiver to a consumer without RUT', () => {
    for (const type of [39, 41] as const) {
      const value = accepted(boleta(type));
      expect(value.Encabezado.Emisor.RznSoc).toBe('Comercial Ñandú & Cía. Limitada');
      expect(value.Encabezado.Emisor.GiroEmis).toBe('Cafetería y librería');
      expect(value.Encabezado.Receptor.RUTRecep).toBe('66666666-6');
      expect(value.Encabezado.Receptor.RznSocRecep).toBeUndefined();
      expect(value.Encabezado.Emisor.Acteco).toBeUndefined();
    }
  });

  it('keep a receiver RUT that is given', () => {
    const value = accepted(boleta(39, (request) => { request.Encabezado.Receptor = { RUTRecep: '77777777-7', RznSocRecep: 'Juana Pérez' }; }));
    expect(value.Encabezado.Receptor).toEqual({ RUTRecep: '77777777-7', RznSocRecep: 'Juana Pérez' });
  });

  it('name the boleta field when the issuer name is missing or too long', () => {
    expect(problemsOf(boleta(39, (request) => { delete request.Encabezado.Emisor.RznSocEmisor; })))
      .toContainEqual({ pointer: '/Encabezado/Emisor/RznSocEmisor', message: 'RznSocEmisor is required' });
    const long = problemsOf(boleta(41, (request) => { request.Encabezado.Emisor.GiroEmisor = 'x'.repeat(81); }));
    expect(long).toContainEqual({ pointer: '/Encabezado/Emisor/GiroEmisor', message: 'GiroEmisor must be at most 80 characters; it has 81' });
  });

  it('require IndServicio on a boleta', () => {
    const problems = problemsOf(boleta(39, (request) => { delete request.Encabezado.IdDoc.IndServicio; }));
    expect(problems.map((problem) => problem.pointer)).toEqual(['/Encabezado/IdDoc/IndServicio']);
    expect(problems[0]!.message).toMatch(/^IndServicio is required on a boleta \(39\)/);
  });

  it('refuse the Formato DTE fields EnvioBOLETA has not, each at its field', () => {
    const problems = problemsOf(boleta(39, (request) => {
      request.Encabezado.IdDoc.FmaPago = 1;
      request.Encabezado.Emisor.Acteco = [620200];
      request.Encabezado.Totales = { MntNeto: 6448, TasaIVA: 19, IVA: 1225, MntExe: 12000, MntTotal: 19673 };
    }));
    expect(problems.map((problem) => problem.pointer).sort()).toEqual(['/Encabezado/Emisor/Acteco', '/Encabezado/IdDoc/FmaPago', '/Encabezado/Totales/TasaIVA']);
    expect(problems.find((problem) => problem.pointer.endsWith('Acteco'))!.message).toBe('Acteco is not in the format of a boleta (39) (EnvioBOLETA_v11.xsd); leave it out');
  });

  it('refuse IndMntNeto on a boleta exenta and on a factura, IndServicio 4 on a factura', () => {
    expect(problemsOf(boleta(41, (request) => { request.Encabezado.IdDoc.IndMntNeto = 2; })))
      .toEqual([{ pointer: '/Encabezado/IdDoc/IndMntNeto', message: 'IndMntNeto is not used on a boleta exenta (41): it has no IVA' }]);
    const factura = sampleRequest(33) as Json;
    factura.Encabezado.IdDoc.IndMntNeto = 2;
    factura.Encabezado.IdDoc.IndServicio = 4;
    factura.Encabezado.Emisor.RznSocEmisor = 'Otra';
    expect(problemsOf(factura).map((problem) => problem.pointer).sort())
      .toEqual(['/Encabezado/Emisor/RznSocEmisor', '/Encabezado/IdDoc/IndMntNeto', '/Encabezado/IdDoc/IndServicio']);
  });

  it('still require Acteco and RznSocRecep on a factura', () => {
    const factura = sampleRequest(33) as Json;
    delete factura.Encabezado.Emisor.Acteco;
    delete factura.Encabezado.Receptor.RznSocRecep;
    expect(problemsOf(factura)).toEqual([
      { pointer: '/Encabezado/Emisor/Acteco', message: 'Acteco is required on a factura (33)' },
      { pointer: '/Encabezado/Receptor/RznSocRecep', message: 'RznSocRecep is required on a factura (33)' },
    ]);
  });
});

describe('boleta totals', () => {
  it('take IVA out of prices that include it, and add exempt lines to MntTotal', () => {
    // Affected: 2 × 2500 + (3 × 990 − round(2970 × 10%) = 297) = 5000 + 2673 = 7673 with IVA.
    const { Totales } = computeTotals(accepted(boleta(39)));
    const neto = Math.round(7673 / 1.19);
    expect(Totales).toEqual({ MntNeto: neto, MntExe: 12000, IVA: Math.round(neto * 0.19), MntTotal: neto + Math.round(neto * 0.19) + 12000 });
    expect(neto).toBe(6448);
  });

  it('take prices as net with IndMntNeto 2', () => {
    const { Totales } = computeTotals(accepted(boleta(39, (request) => { request.Encabezado.IdDoc.IndMntNeto = 2; })));
    expect(Totales).toEqual({ MntNeto: 7673, MntExe: 12000, IVA: 1458, MntTotal: 7673 + 1458 + 12000 });
  });

  it('give a boleta exenta only MntExe and MntTotal', () => {
    expect(computeTotals(accepted(boleta(41))).Totales).toEqual({ MntExe: 7000, MntTotal: 7000 });
  });

  it('compare given totals with those computed, naming the field', () => {
    const problems = problemsOf(boleta(39, (request) => { request.Encabezado.Totales = { MntNeto: 7673, IVA: 1458, MntExe: 12000, MntTotal: 21673 }; }));
    expect(problems.map((problem) => problem.pointer)).toEqual(['/Encabezado/Totales/MntNeto', '/Encabezado/Totales/IVA', '/Encabezado/Totales/MntTotal']);
    accepted(boleta(39, (request) => { request.Encabezado.Totales = { MntNeto: 6448, IVA: 1225, MntExe: 12000, MntTotal: 19673 }; }));
  });
});

describe('a nota de crédito on a boleta', () => {
  it('validates when it corrects the boleta’s amounts', () => {
    const nota = sampleRequest(61, { Referencia: [{ TpoDocRef: '39', FolioRef: '15', FchRef: '2026-11-01', CodRef: 3, RazonRef: 'DEVOLUCION' }] });
    expect(accepted(nota).Referencia?.[0]?.TpoDocRef).toBe('39');
  });
});
