import { formatDate, formatNumber, formatRut } from './chilean-format.ts';
import { CM, HEADER_FILL, QUIET_COLOUR, RULE_COLOUR } from './page-format.ts';
import type { PrintedDocument, PrintedLine, PrintedReference } from './printed-document.ts';
import type { Sheet, TextStyle } from './sheet.ts';
import { exemptionName, referenceCodeName, referenceTypeName } from './sii-names.ts';

/** Room kept at the foot of every letter page for its page number. */
export const PAGE_NUMBER_ROOM = 14;

/** One piece of a cell: cells stack their parts (a line's name, its description, its exemption mark). */
interface CellPart {
  text: string;
  style?: TextStyle;
}

interface Column {
  title: string;
  /** Share of the table's width. */
  share: number;
  align?: 'left' | 'right' | 'center';
}

const PADDING = 2.5;

const LINE_COLUMNS: readonly Column[] = [
  { title: 'N°', share: 0.035, align: 'center' },
  { title: 'Código', share: 0.1 },
  { title: 'Descripción', share: 0.35 },
  { title: 'Cantidad', share: 0.09, align: 'right' },
  { title: 'Unid.', share: 0.06, align: 'center' },
  { title: 'P. Unitario', share: 0.115, align: 'right' },
  { title: 'Dscto./Rec.', share: 0.115, align: 'right' },
  { title: 'Valor', share: 0.135, align: 'right' },
];

const REFERENCE_COLUMNS: readonly Column[] = [
  { title: 'Tipo documento', share: 0.32 },
  { title: 'Folio', share: 0.12, align: 'right' },
  { title: 'Fecha', share: 0.12, align: 'center' },
  { title: 'Razón referencia', share: 0.44 },
];

/** The line columns that may be left out, by title, and whether a line fills them. */
const OPTIONAL_LINE_COLUMNS: Readonly<Record<string, (line: PrintedLine) => boolean>> = {
  'Código': (line) => line.codes.length > 0,
  'Unid.': (line) => line.UnmdItem !== undefined && line.UnmdItem !== '',
};

/**
 * The detail lines as a table (letter), continued over as many pages as it takes. The code and unit
 * columns are left out when no line has one; the description takes their width.
 */
export function drawLineTable(sheet: Sheet, document: PrintedDocument): void {
  const kept = LINE_COLUMNS.map((column) => {
    const filled = OPTIONAL_LINE_COLUMNS[column.title];
    return filled === undefined || document.lines.some(filled);
  });
  const freed = LINE_COLUMNS.reduce((sum, column, index) => sum + (kept[index] ? 0 : column.share), 0);
  const columns = LINE_COLUMNS.flatMap((column, index) => {
    if (!kept[index]) return [];
    return [column.title === 'Descripción' ? { ...column, share: column.share + freed } : column];
  });
  const rows = document.lines.map((line) => lineCells(line, sheet).filter((_, index) => kept[index]));
  drawTable(sheet, undefined, columns, rows);
}

/** The references as a table under its title (letter), when the document has any. */
export function drawReferenceTable(sheet: Sheet, document: PrintedDocument): void {
  if (document.references.length === 0) return;
  drawTable(sheet, 'Referencias a otros documentos', REFERENCE_COLUMNS, document.references.map(referenceCells));
}

/** The references on a roll: each in two lines, document then reason. */
export function drawRollReferences(sheet: Sheet, document: PrintedDocument): void {
  if (document.references.length === 0) return;
  const { format } = sheet;
  const width = format.width - 2 * format.margin;
  sheet.y += sheet.write('Referencias a otros documentos', format.margin, sheet.y, width, { font: 'Helvetica-Bold' }) + 2;
  for (const reference of document.references) {
    const [what, folio, date, reason] = referenceCells(reference).map((cell) => cell.map((part) => part.text).join(' '));
    sheet.y += sheet.write(`${what} N° ${folio}${date === '' ? '' : ` del ${date}`}`, format.margin, sheet.y, width);
    if (reason !== '') sheet.y += sheet.write(reason!, format.margin + 6, sheet.y, width - 6, { size: format.smallSize, colour: QUIET_COLOUR });
    sheet.y += 2;
  }
  sheet.rule(format.margin, sheet.y, width, RULE_COLOUR);
  sheet.y += 4;
}

/** The detail on a roll: each line's name, then quantity × price, its discount, and its amount on the right. */
export function drawRollLines(sheet: Sheet, document: PrintedDocument): void {
  const { format } = sheet;
  const width = format.width - 2 * format.margin;
  sheet.line('Detalle', format.margin, sheet.y, width, { font: 'Helvetica-Bold' });
  sheet.line('Valor', format.margin, sheet.y, width, { font: 'Helvetica-Bold', align: 'right' });
  sheet.y += sheet.lineHeight() + 1;
  sheet.rule(format.margin, sheet.y, width, RULE_COLOUR);
  sheet.y += 3;
  for (const line of document.lines) {
    sheet.y += sheet.write(line.NmbItem, format.margin, sheet.y, width, { font: 'Helvetica-Bold' });
    if (line.DscItem !== undefined) sheet.y += sheet.write(line.DscItem, format.margin, sheet.y, width, { size: format.smallSize, colour: QUIET_COLOUR, multiline: true });
    const quantity = line.QtyItem === undefined ? '' : `${formatNumber(line.QtyItem)}${line.UnmdItem ? ` ${line.UnmdItem}` : ''}`;
    const price = line.PrcItem === undefined ? '' : `${quantity === '' ? '' : ' x '}${formatNumber(line.PrcItem)}`;
    const adjustment = adjustmentText(line).replace('\n', ' ');
    const mark = line.IndExe === undefined ? '' : `  ${exemptionName(line.IndExe)}`;
    const detail = `${quantity}${price}${adjustment === '' ? '' : `  ${adjustment}`}${mark}`;
    const detailHeight = sheet.write(detail, format.margin + 6, sheet.y, width * 0.68, { size: format.smallSize });
    sheet.line(formatNumber(line.MontoItem), format.margin, sheet.y, width, { align: 'right' });
    sheet.y += Math.max(detailHeight, sheet.lineHeight()) + 3;
  }
  sheet.rule(format.margin, sheet.y, width, RULE_COLOUR);
  sheet.y += 4;
}

function lineCells(line: PrintedLine, sheet: Sheet): CellPart[][] {
  const small = { size: sheet.format.smallSize, colour: QUIET_COLOUR };
  const description: CellPart[] = [{ text: line.NmbItem }];
  if (line.DscItem !== undefined) description.push({ text: line.DscItem, style: { ...small, multiline: true } });
  if (line.IndExe !== undefined) description.push({ text: exemptionName(line.IndExe), style: { font: 'Helvetica-Oblique', size: sheet.format.smallSize } });
  return [
    [{ text: line.NroLinDet }],
    [{ text: line.codes.join(', '), style: small }],
    description,
    [{ text: line.QtyItem === undefined ? '' : formatNumber(line.QtyItem) }],
    [{ text: line.UnmdItem ?? '' }],
    [{ text: line.PrcItem === undefined ? '' : formatNumber(line.PrcItem) }],
    [{ text: adjustmentText(line) }],
    [{ text: formatNumber(line.MontoItem) }],
  ];
}

/** A line's discount and surcharge: the amount always, the percentage beside it (Manual §1.4, Descuentos). */
function adjustmentText(line: PrintedLine): string {
  const parts: string[] = [];
  if (line.DescuentoMonto !== undefined || line.DescuentoPct !== undefined) {
    parts.push(`-${formatNumber(line.DescuentoMonto ?? '0')}${line.DescuentoPct === undefined ? '' : ` (${formatNumber(line.DescuentoPct)}%)`}`);
  }
  if (line.RecargoMonto !== undefined || line.RecargoPct !== undefined) {
    parts.push(`+${formatNumber(line.RecargoMonto ?? '0')}${line.RecargoPct === undefined ? '' : ` (${formatNumber(line.RecargoPct)}%)`}`);
  }
  return parts.join('\n');
}

function referenceCells(reference: PrintedReference): CellPart[][] {
  const other = reference.RUTOtr === undefined ? '' : ` (R.U.T. ${formatRut(reference.RUTOtr)})`;
  const code = referenceCodeName(reference.CodRef);
  const reason = [code, reference.RazonRef].filter((part) => part !== undefined && part !== '').join(': ');
  return [
    [{ text: `${referenceTypeName(reference.TpoDocRef)}${other}` }],
    [{ text: reference.IndGlobal === '1' ? 'Global' : (reference.FolioRef ?? '') }],
    [{ text: reference.FchRef === undefined ? '' : formatDate(reference.FchRef) }],
    [{ text: reason }],
  ];
}

/**
 * A table across the content width: a shaded header row, then the rows, each as tall as its tallest
 * cell. A row that does not fit breaks the page; the header is drawn again on the new one.
 */
function drawTable(sheet: Sheet, title: string | undefined, columns: readonly Column[], rows: CellPart[][][]): void {
  const { format } = sheet;
  const width = format.width - 2 * format.margin;
  const widths = columns.map((column) => column.share * width);
  const bottom = sheet.bottom - PAGE_NUMBER_ROOM;
  const headerStyle = { font: 'Helvetica-Bold', size: format.smallSize } as const;
  const headerHeight = sheet.lineHeight(headerStyle) + 2 * PADDING;
  const titleHeight = title === undefined ? 0 : sheet.lineHeight({ font: 'Helvetica-Bold' }) + 3;
  const drawHeader = (): void => {
    if (title !== undefined) {
      sheet.line(title, format.margin, sheet.y, width, { font: 'Helvetica-Bold', align: 'center' });
      sheet.y += titleHeight;
    }
    sheet.doc.save().rect(format.margin, sheet.y, width, headerHeight).fill(HEADER_FILL).restore();
    let x = format.margin;
    columns.forEach((column, index) => {
      sheet.line(column.title, x + PADDING, sheet.y + PADDING, widths[index]! - 2 * PADDING, { ...headerStyle, align: column.align ?? 'left' });
      x += widths[index]!;
    });
    sheet.y += headerHeight;
  };
  const firstRowHeight = rows[0] === undefined ? 0 : rowHeight(sheet, rows[0], widths);
  sheet.ensureRoom(titleHeight + headerHeight + firstRowHeight, bottom);
  drawHeader();
  for (const row of rows) {
    const height = rowHeight(sheet, row, widths);
    if (sheet.ensureRoom(height, bottom)) drawHeader();
    let x = format.margin;
    row.forEach((parts, index) => {
      let y = sheet.y + PADDING;
      for (const part of parts) y += sheet.write(part.text, x + PADDING, y, widths[index]! - 2 * PADDING, { align: columns[index]!.align ?? 'left', ...part.style });
      x += widths[index]!;
    });
    sheet.y += height;
    sheet.rule(format.margin, sheet.y, width, RULE_COLOUR, 0.3);
  }
  sheet.y += 0.3 * CM;
}

function rowHeight(sheet: Sheet, row: CellPart[][], widths: number[]): number {
  let tallest = sheet.lineHeight();
  row.forEach((parts, index) => {
    const height = parts.reduce((sum, part) => sum + sheet.measure(part.text, widths[index]! - 2 * PADDING, part.style), 0);
    tallest = Math.max(tallest, height);
  });
  return tallest + 2 * PADDING;
}
