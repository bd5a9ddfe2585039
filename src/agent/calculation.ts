/**
 * Calculations people ask the agent ("¿cuánto es el IVA de 100.000?", neto from bruto, a total with
 * exempt lines and a discount), read from the question and worked out by the core's own totals code
 * (src/core/compute-totals.ts: IVA 19 % rounded half-up to whole pesos), so that the figures the agent
 * shows are those a document issued by the service would carry. Nothing here is guessed: a question
 * whose amounts cannot be read is not a calculation.
 */
import { FACTURA } from '../core/document-kinds/index.ts';
import { computeExactTotals, VAT_RATE_PERCENT, type TotalsInput } from '../core/compute-totals.ts';

/** What the question asks to compute. */
export interface Calculation {
  /** Amounts of affected lines (IVA applies), in pesos; empty when the question gives a bruto. */
  affected: bigint[];
  /** Amounts of exempt lines. */
  exempt: bigint[];
  /** A gross amount (IVA included) to split into neto and IVA. */
  gross?: bigint;
  /** A global discount on the affected lines, in percent (two decimals at most). */
  discountPercent?: string;
}

/** The figures of a calculation. */
export interface CalculationResult {
  kind: 'from-net' | 'from-gross';
  /** The affected sum before the discount, and the discount in pesos, when there is one. */
  affectedSum?: bigint;
  discount?: bigint;
  discountPercent?: string;
  neto: bigint;
  exento: bigint;
  iva: bigint;
  total: bigint;
}

/** Words that make a question a calculation (with an amount in it). */
const CALC_WORDS = /\b(iva|i\.v\.a|vat|neto|net|bruto|gross|total|totales|desglos\w*|calcul\w*|cu[aá]nto|cuanto|kuanto|how\s+much)\b|19\s*%/iu;
/** "100.000", "1.500.000", "$19.990", "45990", "1,000,000", "12,345"; not a percentage, not a folio after "factura"/"N°". */
const AMOUNT = /(?<![\w.,-])\$?\s?(\d{1,3}(?:[.,]\d{3})+|\d+)(?![\d.,]*\s*%)(?![.,]?\d)/gu;
const GROSS_WORDS = /\b(bruto|gross|iva\s+incluido|con\s+iva\s+incluido|incluye\s+iva|included|including\s+vat|vat\s+included|desglos\w*)\b/iu;
const PERCENT = /(\d{1,2}(?:[.,]\d{1,2})?)\s*%/u;
const DISCOUNT = /\b(descuento|dscto|dcto|desc|discount)\b/iu;
const ITEMS = /\b(\d{1,3})\s+(?:items?|ítems?|productos?|unidades|l[ií]neas|lines|units|articulos|artículos)\b[^\d$]{0,40}?\$?\s?(\d{1,3}(?:[.,]\d{3})+|\d+)/iu;
const EXEMPT_AFTER = /^\s*(?:pesos\s+|clp\s+)?(?:exent\w*|exempt|no\s+afect\w*)\b/iu;

function amountOf(text: string): bigint {
  return BigInt(text.replace(/[.,]/g, ''));
}

/** The amounts of the question with their position, leaving out percentages and small counts before "items". */
function amounts(question: string): Array<{ value: bigint; index: number; end: number }> {
  return [...question.matchAll(AMOUNT)].map((match) => ({ value: amountOf(match[1]!), index: match.index, end: match.index + match[0].length }));
}

/**
 * Reads a calculation from the question, or undefined when it is not one: it must have a calculation word
 * and an amount of at least 100 pesos (smaller numbers are folios, counts or rates far more often).
 */
export function parseCalculation(question: string): Calculation | undefined {
  if (!CALC_WORDS.test(question)) return undefined;
  // A year ("en 2024") is not an amount: four digits from 1990 to 2099 without a separator or a "$".
  // An amount under 100 counts only with a "$" ("el IVA de $50").
  const found = amounts(question).filter((amount) => {
    const written = question.slice(amount.index, amount.end).trim();
    return (amount.value >= 100n || written.startsWith('$')) && !/^(?:199\d|20\d\d)$/.test(written);
  });
  if (found.length === 0) return undefined;
  const percent = DISCOUNT.test(question) ? PERCENT.exec(question)?.[1]?.replace(',', '.') : undefined;
  const discount = percent === undefined || Number(percent) <= 0 || Number(percent) >= 100 ? {} : { discountPercent: percent };
  const items = ITEMS.exec(question);
  const affected: bigint[] = [];
  const exempt: bigint[] = [];
  for (const amount of found) {
    const around = question.slice(Math.max(0, amount.index - 25), amount.end + 14);
    const after = question.slice(amount.end, amount.end + 20);
    const before = question.slice(Math.max(0, amount.index - 25), amount.index);
    const isExempt = EXEMPT_AFTER.test(after) || /\b(?:exent\w*|exempt)\s+(?:de\s+|of\s+)?\$?\s?$/iu.test(before);
    if (isExempt) exempt.push(amount.value);
    else if (items !== null && around.includes(items[2]!)) affected.push(amountOf(items[2]!) * BigInt(items[1]!));
    else affected.push(amount.value);
  }
  if (affected.length === 1 && exempt.length === 0 && isGross(question, found[0]!)) return { affected: [], exempt: [], gross: affected[0]!, ...discount };
  return { affected, exempt, ...discount };
}

/** Whether the one amount is a bruto: a gross word, unless "neto" names the amount itself ("el neto es 350.000, con iva?"). */
function isGross(question: string, amount: { index: number; end: number }): boolean {
  const before = question.slice(Math.max(0, amount.index - 20), amount.index);
  const after = question.slice(amount.end, amount.end + 24);
  if (/^\s*(?:pesos\s+)?(?:bruto|gross|iva\s+incluido|con\s+iva\s+incluido)\b/iu.test(after)) return true;
  if (/\b(?:con\s+iva|with\s+vat|iva\s+incluido|bruto|gross)\s*(?:amount\s+|price\s+)?(?:de\s+|es\s+|of\s+|is\s+)?\$?\s?$/iu.test(before)) return true;
  if (/\b(neto|net)\b/iu.test(before) || /^\s*(neto|net)\b/iu.test(after)) return false;
  if (GROSS_WORDS.test(question)) return true;
  // "pagué 11.900 con iva, cuánto es el neto": the amount carries the IVA and the neto is asked.
  return /^\s*(?:pesos\s+)?(?:con\s+iva|with\s+vat)\b/iu.test(after) && /\b(neto|net)\b/iu.test(question.slice(amount.end));
}

/** Works a calculation out with the core's totals code (a factura of the amounts as lines), or the neto of a bruto. */
export function compute(calculation: Calculation): CalculationResult {
  if (calculation.gross !== undefined) {
    // neto = round(bruto / 1.19) half-up, in integers: floor((bruto × 200 + 119) / 238); IVA = bruto − neto.
    const neto = (calculation.gross * 200n + 119n) / 238n;
    return { kind: 'from-gross', neto, exento: 0n, iva: calculation.gross - neto, total: calculation.gross };
  }
  const line = (amount: bigint, exempt: boolean): TotalsInput['Detalle'][number] => ({ NmbItem: 'x', QtyItem: '1', PrcItem: amount.toString(), ...(exempt ? { IndExe: 1 as const } : {}) });
  const request: TotalsInput = {
    Encabezado: { IdDoc: { TipoDTE: FACTURA.code } },
    Detalle: [...calculation.affected.map((amount) => line(amount, false)), ...calculation.exempt.map((amount) => line(amount, true))],
    ...(calculation.discountPercent === undefined || calculation.affected.length === 0
      ? {} : { DscRcgGlobal: [{ TpoMov: 'D', TpoValor: '%', ValorDR: calculation.discountPercent }] }),
  };
  const totals = computeExactTotals(request);
  const discount = totals.globalAmounts[0];
  return {
    kind: 'from-net',
    ...(discount === undefined ? {} : { affectedSum: totals.affectedLineSum, discount, discountPercent: calculation.discountPercent! }),
    neto: totals.MntNeto ?? 0n, exento: totals.MntExe ?? 0n, iva: totals.IVA ?? 0n, total: totals.MntTotal,
  };
}

/** A peso amount as the asker writes it: "19.000" in Spanish, "19,000" in English. */
export function pesos(value: bigint, language: 'es' | 'en'): string {
  const digits = value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, language === 'es' ? '.' : ',');
  return `$${digits}`;
}

/** The answer's lines: the figures, how they were worked out, and the rate's source. */
export function calculationLines(result: CalculationResult, language: 'es' | 'en'): string[] {
  const p = (value: bigint) => pesos(value, language);
  const rate = `${VAT_RATE_PERCENT} %`;
  if (language === 'en') {
    const steps = result.kind === 'from-gross'
      ? [`Gross (VAT included) ${p(result.total)}: net ${p(result.neto)} (gross / 1.19, rounded to whole pesos), VAT ${p(result.iva)}.`]
      : [
        ...(result.discount === undefined ? [] : [`Taxable lines ${p(result.affectedSum!)}, less ${result.discountPercent} % discount ${p(result.discount)}.`]),
        `Net ${p(result.neto)}${result.exento > 0n ? `, exempt ${p(result.exento)}` : ''}; VAT ${rate} of the net: ${p(result.iva)}; total ${p(result.total)}.`,
      ];
    return [...steps, `Worked out with the service's own totals code: VAT ${rate} (D.L. 825, art. 14), rounded half-up to whole pesos.`];
  }
  const steps = result.kind === 'from-gross'
    ? [`Bruto (IVA incluido) ${p(result.total)}: neto ${p(result.neto)} (bruto / 1,19, redondeado a pesos), IVA ${p(result.iva)}.`]
    : [
      ...(result.discount === undefined ? [] : [`Líneas afectas ${p(result.affectedSum!)}, menos descuento de ${result.discountPercent} %: ${p(result.discount)}.`]),
      `Neto ${p(result.neto)}${result.exento > 0n ? `, exento ${p(result.exento)}` : ''}; IVA ${rate} del neto: ${p(result.iva)}; total ${p(result.total)}.`,
    ];
  return [...steps, `Calculado con el mismo código de totales del servicio: IVA ${rate} (D.L. 825, art. 14), redondeo al peso.`];
}
