import { describe, expect, it } from 'vitest';
import type { DetalleLine, DocumentRequest, IdDoc, Referencia, TipoDTE } from '../../src/core/document-request.ts';

/**
 * The request's TypeScript types are inferred from the zod schema. These assignments are checked by
 * `tsc --noEmit` (part of npm test): a schema whose inference broke (to `unknown`, or widened enums)
 * makes a `@ts-expect-error` below unused, and the typecheck fails.
 */
describe('the types inferred from the request schema', () => {
  it('keep the enumerations and the required fields of the schema', () => {
    const type: TipoDTE = 61;
    // @ts-expect-error 43 (liquidación factura) is not a type this product issues.
    const boleta: TipoDTE = 43;
    // @ts-expect-error IndServicio is 1 to 4 (4 on boletas only).
    const service: IdDoc['IndServicio'] = 5;
    // @ts-expect-error CodRef is 1, 2 or 3.
    const codRef: Referencia['CodRef'] = 4;
    // @ts-expect-error NmbItem is required and text.
    const line: DetalleLine = { QtyItem: '1' };
    const request: Pick<DocumentRequest, 'Detalle'> = { Detalle: [{ NmbItem: 'Cajón', QtyItem: '1' }] };
    expect([type, boleta, service, codRef, line, request.Detalle.length]).toHaveLength(6);
  });
});
