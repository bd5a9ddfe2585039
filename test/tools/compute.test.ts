import { describe, expect, it } from 'vitest';
import { AGENT_TOOLS } from '../../tools/index.ts';
import { compute, calculationResult } from '../../tools/compute.ts';
import type { ToolContext } from '../../tools/tool.ts';

const context = {} as ToolContext;
const run = async (input: unknown) => compute.run(compute.input.parse(input), context);

describe('the compute tool', () => {
  it('works IVA out of net lines with an exempt one and cites the rate (D.L. 825 art. 14)', async () => {
    // 80.000 × 0,19 = 15.200; total 80.000 + 15.200 + 20.000 = 115.200
    const result = await run({ affected: [80_000], exempt: [20_000] });
    expect(result.data).toMatchObject({ kind: 'from-net', neto: 80_000, exento: 20_000, iva: 15_200, total: 115_200, ratePercent: 19 });
    expect(result.citations).toEqual([expect.objectContaining({ kind: 'knowledge', id: 'tasa-iva-19', source: expect.stringMatching(/art\. 14/) })]);
  });

  it('splits a gross amount and rounds half-up to whole pesos, and applies a global discount', async () => {
    // 238.000 / 1,19 = 200.000
    expect((await run({ gross: 238_000 })).data).toMatchObject({ kind: 'from-gross', neto: 200_000, iva: 38_000, total: 238_000 });
    // 12.345 × 0,19 = 2.345,55 → 2.346
    expect((await run({ affected: [12_345] })).data).toMatchObject({ iva: 2_346, total: 14_691 });
    // 100.000 less 10 % = 90.000; IVA 17.100
    const discounted = (await run({ affected: [100_000], discountPercent: '10' })).data as Record<string, number | string>;
    expect(discounted).toMatchObject({ neto: 90_000, iva: 17_100, discount: 10_000, affectedSum: 100_000 });
    expect(calculationResult(discounted)).toMatchObject({ neto: 90_000n, discount: 10_000n, discountPercent: '10' });
  });

  it('refuses an input without amounts, negative or fractional pesos, and is one of the agent\'s tools', () => {
    expect(compute.input.safeParse({}).success).toBe(false);
    expect(compute.input.safeParse({ affected: [-1] }).success).toBe(false);
    expect(compute.input.safeParse({ gross: 10.5 }).success).toBe(false);
    expect(compute.input.safeParse({ affected: [1], extra: 1 }).success).toBe(false);
    expect(AGENT_TOOLS.map((tool) => tool.name)).toContain('compute');
  });
});
