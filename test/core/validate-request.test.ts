import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/core/result.ts';
import { validateRequest } from '../../src/core/validate-request.ts';

type Json = Record<string, unknown>;

/** A valid factura (33) as a caller would send it, with each test changing what it needs. */
function factura(): Json {
  return {
    Encabezado: {
      IdDoc: { TipoDTE: 33, FchEmis: '2026-11-20', FmaPago: 1 },
      Emisor: {
        RUTEmisor: '76.192.083-9',
        RznSoc: 'Comercial “La Estrella” Ltda',
        GiroEmis: 'Venta de artículos de oficina',
        Acteco: [620200],
        DirOrigen: 'Av. Providencia 1234',
        CmnaOrigen: 'Providencia',
      },
      Receptor: {
        RUTRecep: '60803000-k',
        RznSocRecep: 'Servicio de Impuestos Internos',
        GiroRecep: 'Administración pública',
        DirRecep: 'Teatinos 120',
        CmnaRecep: 'Santiago',
        CorreoRecep: 'dte@sii.cl',
      },
    },
    Detalle: [
      { NmbItem: 'Cajón', QtyItem: 123, PrcItem: 923, DescuentoPct: 4 },
      { NmbItem: 'Servicio', QtyItem: '1', PrcItem: '34705.000', IndExe: 1 },
    ],
    DscRcgGlobal: [{ TpoMov: 'D', TpoValor: '%', ValorDR: 6 }],
    Referencia: [{ TpoDocRef: 801, FolioRef: 4500123, FchRef: '2026-11-01', RazonRef: 'Orden de compra' }],
  };
}

/** Sets a value at a JSON pointer of a copy of a request. */
function withValue(request: Json, pointer: string, value: unknown): Json {
  const copy = structuredClone(request);
  const segments = pointer.split('/').slice(1);
  let target = copy as Record<string, unknown>;
  for (const segment of segments.slice(0, -1)) target = target[segment] as Record<string, unknown>;
  const last = segments.at(-1) ?? '';
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

function problemsOf(input: unknown): Problem[] {
  const result = validateRequest(input);
  if (result.ok) throw new Error('expected problems, the request was accepted');
  return result.problems;
}

const byPointer = (problems: Problem[]) => [...problems].sort((a, b) => a.pointer.localeCompare(b.pointer) || a.message.localeCompare(b.message));

describe('validateRequest on a valid factura', () => {
  it('accepts it and returns normalised values', () => {
    const result = validateRequest(factura());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { Encabezado, Detalle, DscRcgGlobal, Referencia } = result.value;
    expect(Encabezado.Emisor.RUTEmisor).toBe('76192083-9');
    expect(Encabezado.Receptor.RUTRecep).toBe('60803000-K');
    expect(Encabezado.Emisor.RznSoc).toBe('Comercial "La Estrella" Ltda');
    expect(Detalle[0]).toEqual({ NmbItem: 'Cajón', QtyItem: '123', PrcItem: '923', DescuentoPct: '4' });
    expect(Detalle[1]).toEqual({ NmbItem: 'Servicio', QtyItem: '1', PrcItem: '34705', IndExe: 1 });
    expect(DscRcgGlobal).toEqual([{ TpoMov: 'D', TpoValor: '%', ValorDR: '6' }]);
    expect(Referencia).toEqual([{ TpoDocRef: '801', FolioRef: '4500123', FchRef: '2026-11-01', RazonRef: 'Orden de compra' }]);
    expect(Encabezado.Totales).toBeUndefined();
  });

  it('accepts Totales equal to the computed ones and MontoItem equal to the line amount', () => {
    // Cajón 123 × 923 = 113529 − 4% (4541) = 108988; global 6% of 108988 = 6539.28 → 6539; neto 102449;
    // IVA 19% = 19465.31 → 19465; exento 34705; total 102449 + 34705 + 19465 = 156619.
    let request = withValue(factura(), '/Encabezado/Totales', { MntNeto: 102449, MntExe: 34705, TasaIVA: 19, IVA: 19465, MntTotal: 156619 });
    request = withValue(request, '/Detalle/0/MontoItem', 108988);
    request = withValue(request, '/Detalle/0/DescuentoMonto', 4541);
    expect(validateRequest(request)).toMatchObject({ ok: true });
  });
});

describe('validateRequest reports every problem at once', () => {
  it('names each field by its pointer with a sentence', () => {
    const request = factura();
    const encabezado = request.Encabezado as Json;
    Object.assign(encabezado.IdDoc as Json, { FchEmis: '2025-02-29', FmaPago: 4, Color: 'red' });
    Object.assign(encabezado.Emisor as Json, { RUTEmisor: '76192083-8', Acteco: [620200, 1234567], CorreoEmisor: 'no-es-correo' });
    Object.assign(encabezado.Receptor as Json, { RznSocRecep: 'Café 😀', GiroRecep: 'g'.repeat(41) });
    request.Detalle = [
      { NmbItem: 'Cajón', QtyItem: '1.1234567', PrcItem: 0, DescuentoPct: 4.125 },
      { NmbItem: 'Relleno', QtyItem: 2, PrcItem: 10, MontoItem: 21, Sku: 'A1' },
      { NmbItem: '', QtyItem: 1e21, PrcItem: '1e3' },
    ];
    request.Referencia = [{ TpoDocRef: 33, FolioRef: 'F'.repeat(19), FchRef: '2026/11/01', CodRef: 4 }];
    request.Extra = true;
    expect(byPointer(problemsOf(request))).toEqual(
      byPointer([
        { pointer: '/Encabezado/IdDoc/FchEmis', message: 'FchEmis 2025-02-29 is not a date in the calendar' },
        { pointer: '/Encabezado/IdDoc/FmaPago', message: 'FmaPago must be one of 1, 2 or 3 (1 contado, 2 crédito, 3 sin costo)' },
        { pointer: '/Encabezado/IdDoc/Color', message: 'unknown field "Color", not supported' },
        { pointer: '/Encabezado/Emisor/RUTEmisor', message: 'RUTEmisor 76192083-8 has a wrong check digit: for 76192083 it should be 9' },
        { pointer: '/Encabezado/Emisor/CorreoEmisor', message: 'CorreoEmisor must be an e-mail address such as nombre@empresa.cl' },
        { pointer: '/Encabezado/Emisor/Acteco/1', message: 'Acteco must be a whole number between 1 and 999999' },
        {
          pointer: '/Encabezado/Receptor/RznSocRecep',
          message: 'RznSocRecep: character "😀" (U+1F600) cannot be written in ISO-8859-1; replace or remove it',
        },
        { pointer: '/Encabezado/Receptor/GiroRecep', message: 'GiroRecep must be at most 40 characters; it has 41' },
        { pointer: '/Detalle/0/QtyItem', message: 'QtyItem must be a number with at most 6 decimals' },
        { pointer: '/Detalle/0/PrcItem', message: 'PrcItem must be greater than 0' },
        { pointer: '/Detalle/0/DescuentoPct', message: 'DescuentoPct must be a number with at most 2 decimals' },
        { pointer: '/Detalle/1/Sku', message: 'unknown field "Sku", not supported' },
        { pointer: '/Detalle/2/NmbItem', message: 'NmbItem must not be empty' },
        { pointer: '/Detalle/2/QtyItem', message: 'QtyItem is too large to be read exactly as a JSON number; send it as a decimal string' },
        {
          pointer: '/Detalle/2/PrcItem',
          message: 'PrcItem must be a number with at most 6 decimals, written without exponent (e.g. 12.5 or "12.5")',
        },
        { pointer: '/Referencia/0/FolioRef', message: 'FolioRef must be at most 18 characters; it has 19' },
        { pointer: '/Referencia/0/FchRef', message: 'FchRef must be a date written YYYY-MM-DD' },
        { pointer: '/Referencia/0/CodRef', message: 'CodRef must be one of 1, 2 or 3 (1 anula, 2 corrige texto, 3 corrige montos)' },
        { pointer: '/Extra', message: 'unknown field "Extra", not supported' },
      ]),
    );
  });

  it('checks a line that was read completely even when another line has problems', () => {
    const request = withValue(factura(), '/Detalle', [
      { NmbItem: 'Cajón', QtyItem: 'mucho', PrcItem: 923 },
      { NmbItem: 'Relleno', QtyItem: 2, PrcItem: 10, MontoItem: 21 },
    ]);
    expect(byPointer(problemsOf(request))).toEqual([
      { pointer: '/Detalle/0/QtyItem', message: 'QtyItem must be a number with at most 6 decimals, written without exponent (e.g. 12.5 or "12.5")' },
      { pointer: '/Detalle/1/MontoItem', message: 'MontoItem is 21 but QtyItem × PrcItem − DescuentoMonto + RecargoMonto is 20' },
    ]);
  });

  it('checks the rules of the document type even when fields have problems', () => {
    let request = withValue(factura(), '/Encabezado/IdDoc/TipoDTE', 52);
    request = withValue(request, '/Encabezado/Receptor/RUTRecep', '60803000-1');
    request = withValue(request, '/DscRcgGlobal', undefined);
    expect(byPointer(problemsOf(request))).toEqual([
      { pointer: '/Encabezado/IdDoc/IndTraslado', message: 'IndTraslado is required on a guía de despacho (52): 1 venta, 2 to 9 other transfers' },
      { pointer: '/Encabezado/Receptor/RUTRecep', message: 'RUTRecep 60803000-1 has a wrong check digit: for 60803000 it should be K' },
    ]);
  });

  it('reports Totales, MontoItem and DescuentoMonto that differ from the computed amounts', () => {
    let request = withValue(factura(), '/Encabezado/Totales', { MntNeto: 102449, MntExe: 34705, TasaIVA: 19, IVA: 19466, MntTotal: 156620 });
    request = withValue(request, '/Detalle/0/DescuentoMonto', 4540);
    request = withValue(request, '/Detalle/1/MontoItem', 34700);
    expect(byPointer(problemsOf(request))).toEqual([
      { pointer: '/Detalle/0/DescuentoMonto', message: 'DescuentoMonto is 4540 but DescuentoPct 4% of 113529 is 4541' },
      { pointer: '/Detalle/1/MontoItem', message: 'MontoItem is 34700 but QtyItem × PrcItem − DescuentoMonto + RecargoMonto is 34705' },
      { pointer: '/Encabezado/Totales/IVA', message: 'IVA is 19466 but 19% of MntNeto 102449 is 19465' },
      { pointer: '/Encabezado/Totales/MntTotal', message: 'MntTotal is 156620 but the lines add up to 156619' },
    ]);
  });

  it.each([undefined, null, 42, 'factura', [], [factura()]])('refuses %j without throwing', (input) => {
    expect(problemsOf(input)).toEqual([{ pointer: '', message: 'the request must be a JSON object' }]);
  });

  it('refuses sections of the wrong shape without throwing', () => {
    expect(byPointer(problemsOf({ Encabezado: [], Detalle: {} }))).toEqual([
      { pointer: '/Detalle', message: 'Detalle must be a list' },
      { pointer: '/Encabezado', message: 'Encabezado must be an object' },
    ]);
    expect(byPointer(problemsOf({ Detalle: [null] }))).toEqual([
      { pointer: '/Detalle/0', message: 'each entry of Detalle must be an object' },
      { pointer: '/Encabezado', message: 'Encabezado is required' },
    ]);
  });
});

describe('XSD limits', () => {
  it.each([
    ['/Encabezado/Emisor/RznSoc', 100],
    ['/Encabezado/Emisor/GiroEmis', 80],
    ['/Encabezado/Emisor/DirOrigen', 70],
    ['/Encabezado/Emisor/CmnaOrigen', 20],
    ['/Encabezado/Receptor/RznSocRecep', 100],
    ['/Encabezado/Receptor/GiroRecep', 40],
    ['/Encabezado/Receptor/DirRecep', 70],
    ['/Encabezado/Receptor/CmnaRecep', 20],
    ['/Encabezado/IdDoc/TermPagoGlosa', 100],
    ['/Detalle/0/NmbItem', 80],
    ['/Detalle/0/DscItem', 1000],
    ['/Detalle/0/UnmdItem', 4],
    ['/DscRcgGlobal/0/GlosaDR', 45],
    ['/Referencia/0/RazonRef', 90],
    ['/Referencia/0/FolioRef', 18],
  ])('%s takes %i characters and no more', (pointer, maximum) => {
    expect(validateRequest(withValue(factura(), pointer, 'ñ'.repeat(maximum))).ok).toBe(true);
    const name = pointer.split('/').at(-1);
    expect(problemsOf(withValue(factura(), pointer, 'ñ'.repeat(maximum + 1)))).toEqual([
      { pointer, message: `${name} must be at most ${maximum} characters; it has ${maximum + 1}` },
    ]);
  });

  it('measures the length after transliteration', () => {
    // 38 characters and an ellipsis, which becomes three dots: 41 > 40.
    expect(problemsOf(withValue(factura(), '/Encabezado/Receptor/GiroRecep', 'g'.repeat(38) + '…'))).toEqual([
      { pointer: '/Encabezado/Receptor/GiroRecep', message: 'GiroRecep must be at most 40 characters; it has 41' },
    ]);
  });

  it('limits the number of lines, references, global entries and activity codes', () => {
    const line = { NmbItem: 'x', QtyItem: 1, PrcItem: 10 };
    expect(validateRequest(withValue(factura(), '/Detalle', Array(60).fill(line))).ok).toBe(true);
    let request = withValue(factura(), '/Detalle', Array(61).fill(line));
    request = withValue(request, '/Referencia', Array(41).fill({ TpoDocRef: '801', FolioRef: '1', FchRef: '2026-11-01' }));
    request = withValue(request, '/DscRcgGlobal', Array(21).fill({ TpoMov: 'D', TpoValor: '$', ValorDR: 1 }));
    request = withValue(request, '/Encabezado/Emisor/Acteco', [1, 2, 3, 4, 5]);
    expect(byPointer(problemsOf(request))).toEqual([
      { pointer: '/Detalle', message: 'Detalle may have at most 60 lines; it has 61' },
      { pointer: '/DscRcgGlobal', message: 'DscRcgGlobal may have at most 20 entries; it has 21' },
      { pointer: '/Encabezado/Emisor/Acteco', message: 'Acteco may have at most 4 codes; it has 5' },
      { pointer: '/Referencia', message: 'Referencia may have at most 40 entries; it has 41' },
    ]);
    expect(byPointer(problemsOf(withValue(withValue(factura(), '/Detalle', []), '/Encabezado/Emisor/Acteco', [])))).toEqual([
      { pointer: '/Detalle', message: 'Detalle needs at least one line' },
      { pointer: '/Encabezado/Emisor/Acteco', message: 'Acteco needs at least one code' },
    ]);
  });

  it.each([
    ['/Detalle/1', { NmbItem: 'x', IndExe: 1, QtyItem: '999999999999.999999', PrcItem: '0.000001' }, undefined],
    ['/Detalle/1/QtyItem', '1000000000000', 'QtyItem must be at most 999999999999.999999'],
    ['/Detalle/1/PrcItem', '0.5', undefined],
    ['/Detalle/1/PrcItem', -5, 'PrcItem must be greater than 0'],
    ['/Detalle/0/DescuentoPct', '99.99', undefined],
    ['/Detalle/0/DescuentoPct', 100.01, 'DescuentoPct must be at most 100'],
    ['/Detalle/0/RecargoPct', '999.99', undefined],
    ['/Detalle/0/RecargoPct', 1000, 'RecargoPct must be at most 999.99'],
    ['/Encabezado/IdDoc/FchEmis', '2024-02-29', undefined],
    ['/Encabezado/IdDoc/FchEmis', '2051-01-01', 'FchEmis must be between 2003-04-01 and 2050-12-31'],
    ['/Encabezado/IdDoc/TipoDTE', 43, 'TipoDTE must be one of 33, 34, 52, 56, 61, 39 or 41'],
    ['/Encabezado/Emisor/RUTEmisor', '76192083', 'RUTEmisor must be a RUT such as 76192083-9 (digits, a hyphen and the check digit)'],
    // 5126: 6×2 + 2×3 + 1×4 + 5×5 = 47; 47 mod 11 = 3; 11 − 3 = 8: a valid RUT, but below the manual's 100.000.
    ['/Encabezado/Emisor/RUTEmisor', '5126-8', 'RUTEmisor must have a number between 100.000 and 99.999.999'],
    ['/Encabezado/Emisor/RznSoc', 42, 'RznSoc must be text'],
    ['/Encabezado/Emisor/RznSoc', undefined, 'RznSoc is required'],
    ['/Encabezado/Receptor/CorreoRecep', 'a@b', 'CorreoRecep must be an e-mail address such as nombre@empresa.cl'],
  ])('%s = %j', (pointer, value, message) => {
    const result = validateRequest(withValue(factura(), pointer, value));
    if (message === undefined) expect(result).toMatchObject({ ok: true });
    else expect(result).toEqual({ ok: false, problems: [{ pointer, message }] });
  });

  it.each([
    '/Encabezado/Emisor/RznSoc',
    '/Encabezado/Emisor/GiroEmis',
    '/Encabezado/Emisor/DirOrigen',
    '/Encabezado/Emisor/CmnaOrigen',
    '/Encabezado/Receptor/RznSocRecep',
    '/Encabezado/Receptor/GiroRecep',
    '/Encabezado/Receptor/DirRecep',
    '/Encabezado/Receptor/CmnaRecep',
    '/Detalle/0/NmbItem',
  ])('%s made only of whitespace is refused, once', (pointer) => {
    const name = pointer.split('/').at(-1);
    // Spaces, a tab, a no-break space and an em space (written as a space) are all whitespace.
    for (const blank of [' ', '   ', '\t \u00a0', '\u2003']) {
      expect(problemsOf(withValue(factura(), pointer, blank)), JSON.stringify(blank)).toEqual([
        { pointer, message: `${name} must not be blank: it has only whitespace` },
      ]);
    }
    expect(validateRequest(withValue(factura(), pointer, ' x ')).ok).toBe(true);
  });

  it('keeps whitespace-only text in fields that are neither names, giros nor addresses', () => {
    expect(validateRequest(withValue(factura(), '/Detalle/0/DscItem', '  ')).ok).toBe(true);
  });

  it('refuses amounts beyond the safe integers', () => {
    // 999999999999 × 34705 ≈ 3.5 · 10^16 > 9007199254740991.
    expect(problemsOf(withValue(factura(), '/Detalle/1/QtyItem', '999999999999'))).toEqual([
      { pointer: '/Detalle', message: 'the amounts exceed 9007199254740991 pesos, more than this service handles' },
    ]);
  });
});

describe('rules per document type', () => {
  const guia = () => {
    let request = withValue(factura(), '/Encabezado/IdDoc', { TipoDTE: 52, FchEmis: '2026-11-20', IndTraslado: 5 });
    request = withValue(request, '/Detalle', [{ NmbItem: 'Cajas', QtyItem: 10 }, { NmbItem: 'Pallets', QtyItem: 2 }]);
    return withValue(request, '/DscRcgGlobal', undefined);
  };
  const nota = (tipo: 56 | 61, CodRef: number, TpoDocRef = 33) => {
    let request = withValue(factura(), '/Encabezado/IdDoc', { TipoDTE: tipo, FchEmis: '2026-11-20' });
    request = withValue(request, '/DscRcgGlobal', undefined);
    return withValue(request, '/Referencia', [
      { TpoDocRef: 'SET', FolioRef: '414175-1', FchRef: '2026-11-20', RazonRef: 'CASO 414175-1' },
      { TpoDocRef, FolioRef: 17, FchRef: '2026-11-02', CodRef, RazonRef: 'Referencia' },
    ]);
  };

  it('accepts a guía that is not a sale without prices, and gives it a MntTotal of 0', () => {
    expect(validateRequest(withValue(guia(), '/Encabezado/Totales', { MntTotal: 0 }))).toMatchObject({ ok: true });
  });

  it('wants prices on a guía that is a sale (IndTraslado 1)', () => {
    expect(problemsOf(withValue(guia(), '/Encabezado/IdDoc/IndTraslado', 1))).toEqual([
      { pointer: '/Detalle/0', message: 'the line needs PrcItem (with QtyItem) or MontoItem' },
      { pointer: '/Detalle/1', message: 'the line needs PrcItem (with QtyItem) or MontoItem' },
    ]);
  });

  it('keeps guía-only and nota-only fields on their documents', () => {
    let request = withValue(guia(), '/Encabezado/IdDoc', { TipoDTE: 52, FchEmis: '2026-11-20', IndServicio: 3, FchVenc: '2026-12-20' });
    request = withValue(request, '/DscRcgGlobal', [{ TpoMov: 'D', TpoValor: '%', ValorDR: 5 }]);
    expect(byPointer(problemsOf(request))).toEqual([
      { pointer: '/DscRcgGlobal', message: 'a guía de despacho (52) has no DscRcgGlobal; apply discounts on the lines' },
      { pointer: '/Encabezado/IdDoc/FchVenc', message: 'FchVenc is not used on a guía de despacho (52); leave it out' },
      { pointer: '/Encabezado/IdDoc/IndServicio', message: 'IndServicio is not used on a guía de despacho (52); leave it out' },
      { pointer: '/Encabezado/IdDoc/IndTraslado', message: 'IndTraslado is required on a guía de despacho (52): 1 venta, 2 to 9 other transfers' },
    ]);
    const factura33 = withValue(factura(), '/Encabezado/IdDoc', { TipoDTE: 33, FchEmis: '2026-11-20', IndTraslado: 1, IndNoRebaja: 1 });
    expect(byPointer(problemsOf(factura33))).toEqual([
      { pointer: '/Encabezado/IdDoc/IndNoRebaja', message: 'IndNoRebaja is only for notas de crédito (61), not a factura (33)' },
      { pointer: '/Encabezado/IdDoc/IndTraslado', message: 'IndTraslado is only for guías de despacho (52), not a factura (33)' },
    ]);
  });

  it('wants the addresses and the receiver’s giro on facturas, not on notes', () => {
    const request = withValue(withValue(factura(), '/Encabezado/Receptor/GiroRecep', undefined), '/Encabezado/Emisor/CmnaOrigen', undefined);
    expect(byPointer(problemsOf(request))).toEqual([
      { pointer: '/Encabezado/Emisor/CmnaOrigen', message: 'CmnaOrigen is required on a factura (33)' },
      { pointer: '/Encabezado/Receptor/GiroRecep', message: 'GiroRecep is required on a factura (33)' },
    ]);
    const note = withValue(withValue(nota(61, 3), '/Encabezado/Receptor/GiroRecep', undefined), '/Encabezado/Emisor/CmnaOrigen', undefined);
    expect(validateRequest(note)).toMatchObject({ ok: true });
  });

  it('refuses a factura (33) whose lines are all exempt', () => {
    const request = withValue(withValue(factura(), '/Detalle/0/IndExe', 1), '/DscRcgGlobal', undefined);
    expect(problemsOf(request)).toEqual([
      { pointer: '/Detalle', message: 'a factura (33) whose lines are all exempt (IndExe 1) must be issued as a factura exenta (34)' },
    ]);
  });

  it('accepts a factura exenta (34) with MntExe and refuses MntNeto, TasaIVA and IVA on it', () => {
    let request = withValue(factura(), '/Encabezado/IdDoc/TipoDTE', 34);
    request = withValue(request, '/DscRcgGlobal', undefined);
    // Exempt by nature: 123 × 923 = 113529 − 4% (4541) = 108988, plus 34705: MntExe 143693 = MntTotal.
    expect(validateRequest(withValue(request, '/Encabezado/Totales', { MntExe: 143693, MntTotal: 143693 }))).toMatchObject({ ok: true });
    const withIva = withValue(request, '/Encabezado/Totales', { MntNeto: 108988, MntExe: 34705, TasaIVA: 19, IVA: 20708, MntTotal: 164401 });
    expect(byPointer(problemsOf(withIva))).toEqual([
      { pointer: '/Encabezado/Totales/IVA', message: 'a factura exenta (34) has no IVA; leave it out' },
      { pointer: '/Encabezado/Totales/MntExe', message: 'MntExe is 34705 but the lines add up to 143693' },
      { pointer: '/Encabezado/Totales/MntNeto', message: 'a factura exenta (34) has no MntNeto; leave it out' },
      { pointer: '/Encabezado/Totales/MntTotal', message: 'MntTotal is 164401 but the lines add up to 143693' },
      { pointer: '/Encabezado/Totales/TasaIVA', message: 'a factura exenta (34) has no TasaIVA; leave it out' },
    ]);
  });

  it('wants notes to reference the document they modify with CodRef', () => {
    const request = withValue(nota(61, 3), '/Referencia', [{ TpoDocRef: 'SET', FolioRef: '1', FchRef: '2026-11-20' }]);
    expect(problemsOf(request)).toEqual([
      {
        pointer: '/Referencia',
        message: 'a nota de crédito (61) needs a Referencia to the document it modifies, with CodRef (1 anula, 2 corrige texto, 3 corrige montos)',
      },
    ]);
    expect(problemsOf(withValue(request, '/Encabezado/IdDoc/TipoDTE', 56))[0]?.message).toMatch(/^a nota de débito \(56\) needs a Referencia/);
  });

  it('carries no amounts on a note that corrects text (CodRef 2)', () => {
    expect(validateRequest(withValue(nota(61, 2), '/Detalle', [{ NmbItem: 'CORRIGE GIRO DEL RECEPTOR' }]))).toMatchObject({ ok: true });
    const priced = withValue(nota(61, 2), '/Detalle', [{ NmbItem: 'CORRIGE GIRO', QtyItem: 1, PrcItem: 100 }, { NmbItem: 'x', MontoItem: 5 }]);
    expect(byPointer(problemsOf(withValue(priced, '/DscRcgGlobal', [{ TpoMov: 'D', TpoValor: '$', ValorDR: 1 }])))).toEqual([
      { pointer: '/Detalle/0/PrcItem', message: 'a note that corrects text (CodRef 2) carries no amounts; leave PrcItem out' },
      { pointer: '/Detalle/1/MontoItem', message: 'MontoItem must be 0 on a note that corrects text (CodRef 2)' },
      { pointer: '/DscRcgGlobal/0', message: 'a note that corrects text (CodRef 2) carries no amounts; leave DscRcgGlobal out' },
    ]);
  });

  it('wants a note that annuls to reference one document of the right type', () => {
    expect(problemsOf(nota(61, 1, 52))).toEqual([
      {
        pointer: '/Referencia/1/TpoDocRef',
        message: 'a nota de crédito that annuls (CodRef 1) must reference a factura, factura de compra or nota de débito, not TpoDocRef 52',
      },
    ]);
    expect(problemsOf(nota(56, 1, 33))).toEqual([
      { pointer: '/Referencia/1/TpoDocRef', message: 'a nota de débito that annuls (CodRef 1) must reference a nota de crédito (60 or 61), not TpoDocRef 33' },
    ]);
    const twice = withValue(nota(61, 1), '/Referencia/2', { TpoDocRef: 33, FolioRef: 18, FchRef: '2026-11-02', CodRef: 3 });
    expect(problemsOf(twice)).toEqual([
      { pointer: '/Referencia', message: 'a note that annuls (CodRef 1) or corrects text (CodRef 2) must reference a single document; it has 2 references with CodRef' },
    ]);
  });

  it('allows FolioRef 0 only on a global reference', () => {
    const request = withValue(factura(), '/Referencia', [{ TpoDocRef: 52, FolioRef: 0, FchRef: '2026-11-01' }]);
    expect(problemsOf(request)).toEqual([
      { pointer: '/Referencia/0/FolioRef', message: 'FolioRef may be 0 only when IndGlobal is 1 (a reference to all documents of a type); give the folio' },
    ]);
    expect(validateRequest(withValue(request, '/Referencia/0/IndGlobal', 1))).toMatchObject({ ok: true });
  });

  it('refuses line discounts without price, zero lines and discounts that round to nothing', () => {
    const request = withValue(factura(), '/Detalle', [
      { NmbItem: 'a', MontoItem: 100, DescuentoPct: 5 },
      { NmbItem: 'b', QtyItem: 1, PrcItem: 10, DescuentoPct: 1 },
      { NmbItem: 'c', QtyItem: '0.1', PrcItem: 1 },
      { NmbItem: 'd', QtyItem: 1, PrcItem: 10, DescuentoMonto: 11 },
    ]);
    expect(byPointer(problemsOf(request))).toEqual([
      { pointer: '/Detalle/0/DescuentoPct', message: 'DescuentoPct needs PrcItem: it applies to QtyItem × PrcItem' },
      // 1% of 10 = 0.1 → 0, and a DescuentoMonto of 0 is not valid in the XSD (positiveInteger).
      { pointer: '/Detalle/1/DescuentoPct', message: 'DescuentoPct 1% of 10 rounds to 0 pesos, which the SII cannot accept; leave it out' },
      // 0.1 × 1 = 0.1 → 0.
      { pointer: '/Detalle/2', message: 'the line amounts to 0 pesos; only guías that are not sales and notes that annul or correct text may have such lines' },
      { pointer: '/Detalle/3', message: "the line's discount is larger than its amount (10)" },
    ]);
  });

  it('checks global entries against the lines they apply to', () => {
    const request = withValue(factura(), '/DscRcgGlobal', [
      { TpoMov: 'D', TpoValor: '%', ValorDR: 100.5 },
      { TpoMov: 'R', TpoValor: '$', ValorDR: '10.5' },
      { TpoMov: 'D', TpoValor: '%', ValorDR: 5, IndExeDR: 2 },
    ]);
    expect(byPointer(problemsOf(request))).toEqual([
      { pointer: '/DscRcgGlobal', message: 'the global discounts are larger than the lines they apply to' },
      { pointer: '/DscRcgGlobal/0/ValorDR', message: 'ValorDR of a percentage discount must be at most 100' },
      { pointer: '/DscRcgGlobal/1/ValorDR', message: 'ValorDR of a $ entry must be a whole number of pesos' },
      { pointer: '/DscRcgGlobal/2', message: 'this entry applies to not-billable lines (IndExeDR 2) but the document has none' },
    ]);
  });
});

describe('dates', () => {
  it.each(['2024-02-29', '2028-02-29', '2026-12-31', '2026-04-30'])('accepts %s', (date) => {
    expect(validateRequest(withValue(factura(), '/Encabezado/IdDoc/FchEmis', date))).toMatchObject({ ok: true });
  });

  it.each(['2025-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00'])('refuses %s', (date) => {
    expect(problemsOf(withValue(factura(), '/Encabezado/IdDoc/FchEmis', date))).toEqual([
      { pointer: '/Encabezado/IdDoc/FchEmis', message: `FchEmis ${date} is not a date in the calendar` },
    ]);
  });
});

describe('one mistake, one problem', () => {
  it('does not also call a refused IndTraslado missing', () => {
    let request = withValue(factura(), '/Encabezado/IdDoc/TipoDTE', 52);
    request = withValue(request, '/Encabezado/IdDoc/IndTraslado', 12);
    request = withValue(request, '/DscRcgGlobal', undefined);
    const problems = problemsOf(request).filter((problem) => problem.pointer === '/Encabezado/IdDoc/IndTraslado');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).not.toMatch(/required/);
  });

  it('does not also say a nota needs a Referencia when its CodRef is refused', () => {
    let request = withValue(factura(), '/Encabezado/IdDoc/TipoDTE', 61);
    request = withValue(request, '/DscRcgGlobal', undefined);
    request = withValue(request, '/Referencia', [{ TpoDocRef: '33', FolioRef: 12, FchRef: '2026-11-01', CodRef: 9, RazonRef: 'Anula' }]);
    const problems = problemsOf(request);
    expect(problems.some((problem) => problem.pointer.startsWith('/Referencia/0/CodRef'))).toBe(true);
    expect(problems.filter((problem) => /needs a Referencia/.test(problem.message))).toEqual([]);
    // Without any Referencia it is still said.
    expect(problemsOf(withValue(request, '/Referencia', undefined)).some((problem) => /needs a Referencia/.test(problem.message))).toBe(true);
  });

  it('reports a line discounted past its amount on the line, not on a DscRcgGlobal that was never sent', () => {
    let request = withValue(factura(), '/DscRcgGlobal', undefined);
    request = withValue(request, '/Detalle', [{ NmbItem: 'Cajón', QtyItem: 1, PrcItem: 100, DescuentoMonto: 500 }]);
    const problems = problemsOf(request);
    expect(problems.some((problem) => problem.pointer.startsWith('/Detalle/0'))).toBe(true);
    expect(problems.filter((problem) => problem.pointer.startsWith('/DscRcgGlobal'))).toEqual([]);
    // A global discount larger than sound lines is still refused on DscRcgGlobal.
    const global = withValue(withValue(request, '/Detalle/0/DescuentoMonto', undefined), '/DscRcgGlobal', [{ TpoMov: 'D', TpoValor: '$', ValorDR: 500 }]);
    expect(problemsOf(global).map((problem) => problem.pointer)).toContain('/DscRcgGlobal');
  });
});
