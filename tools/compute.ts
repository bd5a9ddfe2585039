import { z } from 'zod';
import { compute as computeTotals, type Calculation, type CalculationResult } from '../src/agent/calculation.ts';
import type { AgentCitation } from '../src/app/ports/index.ts';
import { defineTool } from './tool.ts';

/** Whole pesos, as the SII's amounts are (up to 18 digits, MntTotal's width). */
const pesos = z.number().int().min(0).max(999_999_999_999_999);

/** The knowledge entry the rate rests on: IVA 19 % of the taxable base, D.L. 825 art. 14. */
export const VAT_RATE_CITATION: AgentCitation = { kind: 'knowledge', id: 'tasa-iva-19', title: 'Tasa del IVA: 19%', source: 'D.L. 825 de 1974, art. 14' };

/** The figures of a calculation as JSON (pesos as numbers). */
export function calculationData(result: CalculationResult): Record<string, number | string> {
  return Object.fromEntries(Object.entries(result).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value]));
}

/** The figures back as the engine's result (the inverse of calculationData). */
export function calculationResult(data: Record<string, number | string>): CalculationResult {
  const amount = (key: string): bigint | undefined => (typeof data[key] === 'number' ? BigInt(data[key]) : undefined);
  const optional = data.discount === undefined ? {} : { affectedSum: amount('affectedSum')!, discount: amount('discount')!, discountPercent: String(data.discountPercent) };
  return { kind: data.kind === 'from-gross' ? 'from-gross' : 'from-net', ...optional, neto: amount('neto')!, exento: amount('exento')!, iva: amount('iva')!, total: amount('total')! };
}

/** IVA, neto ↔ bruto and totals with exempt lines and a global discount, by the core's own totals code. */
export const compute = defineTool({
  name: 'compute',
  description: 'Work out IVA (19 %, D.L. 825 art. 14) with the service\'s own totals code, rounded half-up to whole pesos: give the affected '
    + '(taxable) line amounts, the exempt ones and an optional global discount percent to get neto, exento, IVA and total; or give a gross '
    + 'amount (IVA included) to split it into neto and IVA. Use it for every figure you state; never do the arithmetic yourself.',
  input: z.strictObject({
    affected: z.array(pesos).max(60).optional(),
    exempt: z.array(pesos).max(60).optional(),
    gross: pesos.optional(),
    discountPercent: z.string().regex(/^\d{1,2}(?:\.\d{1,2})?$/).optional(),
  }).refine((input) => input.gross !== undefined || (input.affected?.length ?? 0) + (input.exempt?.length ?? 0) > 0, {
    message: 'give a gross amount or at least one line amount',
  }),
  async run(input) {
    const calculation: Calculation = {
      affected: (input.affected ?? []).map(BigInt), exempt: (input.exempt ?? []).map(BigInt),
      ...(input.gross === undefined ? {} : { gross: BigInt(input.gross) }),
      ...(input.discountPercent === undefined ? {} : { discountPercent: input.discountPercent }),
    };
    return { data: { ...calculationData(computeTotals(calculation)), ratePercent: 19 }, citations: [VAT_RATE_CITATION] };
  },
});

/** The tool's input for a calculation read from a question. */
export function computeInput(calculation: Calculation): z.input<typeof compute.input> {
  return {
    ...(calculation.affected.length > 0 ? { affected: calculation.affected.map(Number) } : {}),
    ...(calculation.exempt.length > 0 ? { exempt: calculation.exempt.map(Number) } : {}),
    ...(calculation.gross === undefined ? {} : { gross: Number(calculation.gross) }),
    ...(calculation.discountPercent === undefined ? {} : { discountPercent: calculation.discountPercent }),
  };
}
