import { describe, expect, it } from 'vitest';
import { cedibleLegend, documentName, noCedibleReason, referenceTypeName, transferName } from '../../src/pdf/sii-names.ts';

describe('the SII words of a printed document', () => {
  it('names each type as the Manual de muestras impresas lists it', () => {
    expect([33, 34, 52, 56, 61].map(documentName)).toEqual([
      'FACTURA ELECTRÓNICA', 'FACTURA NO AFECTA O EXENTA ELECTRÓNICA', 'GUÍA DE DESPACHO ELECTRÓNICA',
      'NOTA DE DÉBITO ELECTRÓNICA', 'NOTA DE CRÉDITO ELECTRÓNICA',
    ]);
  });

  it('gives a cedible copy to facturas and to guías of a sale only', () => {
    expect(noCedibleReason(33, undefined)).toBeUndefined();
    expect(noCedibleReason(34, undefined)).toBeUndefined();
    expect(noCedibleReason(52, '1')).toBeUndefined();
    expect(noCedibleReason(52, '5')).toMatch(/not a sale/);
    expect(noCedibleReason(56, undefined)).toMatch(/nota de débito/);
    expect(noCedibleReason(61, undefined)).toMatch(/nota de crédito/);
    expect(cedibleLegend(52)).toBe('CEDIBLE CON SU FACTURA');
    expect(cedibleLegend(33)).toBe('CEDIBLE');
  });

  it('writes referenced types and traslados in words, and an unknown code as written', () => {
    expect(referenceTypeName('801')).toBe('Orden de Compra');
    expect(referenceTypeName('52')).toBe('Guía de Despacho Electrónica');
    expect(referenceTypeName('XYZ')).toBe('XYZ');
    expect(transferName('5')).toBe('5 - Traslados internos');
    expect(transferName('0')).toBe('0');
  });
});
