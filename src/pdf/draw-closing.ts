import type { PrintSettings } from '../app/ports/index.ts';
import { yearOf } from './chilean-format.ts';
import { totalRows, type TotalRow } from './document-totals.ts';
import { PAGE_NUMBER_ROOM } from './draw-tables.ts';
import { BOX_COLOUR, CM, RULE_COLOUR, timbreLeft } from './page-format.ts';
import type { PrintedDocument } from './printed-document.ts';
import type { Sheet } from './sheet.ts';
import { cedibleLegend } from './sii-names.ts';
import { fittedSize, type TimbreImage } from './timbre-barcode.ts';

/** The wording of Res. Ex. SII N° 51 de 2005 for the acuse de recibo (Manual §1.4). */
export const ACUSE_TEXT = 'El acuse de recibo que se declara en este acto, de acuerdo a lo dispuesto en la letra b) del Art. 4°, y la letra c) '
  + 'del Art. 5° de la Ley 19.983, acredita que la entrega de mercaderías o servicio(s) prestado(s) ha(n) sido recibido(s).';

/** The label the SII's reader looks for under the timbre (Manual §1.5). */
export const TIMBRE_LABEL = 'Timbre Electrónico SII';

const GAP = 8;

/** What a closing zone draws: the document, the settings, whether this is the cedible copy, and its timbre. */
export interface Closing {
  document: PrintedDocument;
  settings: PrintSettings;
  cedible: boolean;
  /** The document's timbre for the format's box (timbreImage), made once for the render. */
  timbre: TimbreImage;
}

/**
 * The foot of a letter document's last page: the totals on the right under the detail, then, anchored
 * to the bottom, the timbre on the left and, on the cedible copy, the acuse de recibo and "CEDIBLE" on
 * the right. When the totals and the foot do not fit under the detail, they go on a page of their own.
 */
export function drawLetterClosing(sheet: Sheet, closing: Closing): void {
  const { format } = sheet;
  const rows = totalRows(closing.document);
  const totalsWidth = 8 * CM;
  const totalsX = format.width - format.margin - totalsWidth;
  const acuseX = timbreLeft(format, format.timbre.width) + format.timbre.width + 0.5 * CM;
  const acuseWidth = format.width - format.margin - acuseX;
  const timbre = timbreBlock(sheet, closing, true);
  const acuseHeight = closing.cedible ? acuseBlockHeight(sheet, acuseWidth) : 0;
  const footHeight = Math.max(timbre.height, acuseHeight);
  const footTop = (): number => sheet.bottom - PAGE_NUMBER_ROOM - footHeight;
  if (sheet.y + totalsHeight(sheet, rows, totalsWidth) + GAP > footTop()) sheet.newPage();
  drawTotals(sheet, rows, totalsX, totalsWidth);
  const top = footTop();
  timbre.draw(top + footHeight - timbre.height);
  if (closing.cedible) drawAcuse(sheet, acuseX, top + footHeight - acuseHeight, acuseWidth, closing.document);
  sheet.y = top + footHeight;
}

/** The end of a roll: totals, the acuse de recibo (cedible copy), the timbre and its legend, "CEDIBLE". */
export function drawRollClosing(sheet: Sheet, closing: Closing): void {
  const { format } = sheet;
  const width = format.width - 2 * format.margin;
  drawTotals(sheet, totalRows(closing.document), format.margin, width);
  sheet.y += GAP;
  const acuseHeight = closing.cedible ? acuseBlockHeight(sheet, width) : 0;
  const timbre = timbreBlock(sheet, closing, false);
  if (closing.cedible) {
    drawAcuse(sheet, format.margin, sheet.y, width, closing.document, false);
    sheet.y += acuseHeight - legendHeight(sheet) + GAP;
  }
  timbre.draw(sheet.y);
  sheet.y += timbre.height;
  if (closing.cedible) drawCedibleLegend(sheet, format.margin, sheet.y, width, closing.document);
  sheet.y += closing.cedible ? legendHeight(sheet) : 0;
}

function totalsHeight(sheet: Sheet, rows: readonly TotalRow[], width: number): number {
  return rows.reduce((sum, row) => sum + Math.max(sheet.measure(row.label, width * 0.62), sheet.lineHeight()) + 2, 4);
}

/** The totals: labels on the left, amounts aligned on the right; the total in bold under a rule. */
function drawTotals(sheet: Sheet, rows: readonly TotalRow[], x: number, width: number): void {
  for (const row of rows) {
    const style = row.strong ? { font: 'Helvetica-Bold' } as const : {};
    if (row.strong) {
      sheet.rule(x, sheet.y, width, RULE_COLOUR);
      sheet.y += 2;
    }
    const height = Math.max(sheet.write(row.label, x, sheet.y, width * 0.62, style), sheet.lineHeight(style));
    sheet.line(row.value, x + width * 0.62, sheet.y, width * 0.38, { ...style, align: 'right' });
    sheet.y += height + 2;
  }
}

/**
 * The timbre as the Manual places it: the PDF417 image at least 2 cm from the left edge (centred on
 * a roll, see page-format.ts), then "Timbre Electrónico SII", the resolution ("Res. 80 de 2014") and
 * "Verifique documento: www.sii.cl", in 7 points, centred under it. The resolution is left out when
 * it is not known.
 */
function timbreBlock(sheet: Sheet, closing: Closing, oneLine: boolean): { height: number; draw: (y: number) => void } {
  const { format } = sheet;
  const image = closing.timbre;
  const size = fittedSize(image, format.timbre);
  const { resolution } = closing.settings;
  const resolutionText = resolution === undefined ? undefined : `Res. ${resolution.number} de ${yearOf(resolution.date)}`;
  const verify = 'Verifique documento: www.sii.cl';
  const legend = resolutionText === undefined ? [verify] : oneLine ? [`${resolutionText} - ${verify}`] : [resolutionText, verify];
  const labelStyle = { font: 'Helvetica-Bold', size: 8 } as const;
  const legendStyle = { size: 7 } as const;
  const textHeight = sheet.lineHeight(labelStyle) + legend.length * sheet.lineHeight(legendStyle);
  const textWidth = Math.max(size.width, 6 * CM);
  return {
    height: size.height + 3 + textHeight,
    draw: (y) => {
      const x = timbreLeft(format, size.width);
      sheet.doc.image(image.png, x, y, { width: size.width, height: size.height });
      let textY = y + size.height + 3;
      const textX = x + (size.width - textWidth) / 2;
      sheet.line(TIMBRE_LABEL, textX, textY, textWidth, { ...labelStyle, align: 'center' });
      textY += sheet.lineHeight(labelStyle);
      for (const line of legend) {
        sheet.line(line, textX, textY, textWidth, { ...legendStyle, align: 'center' });
        textY += sheet.lineHeight(legendStyle);
      }
    },
  };
}

const ACUSE_FIELDS = ['Nombre: ____________________________________', 'R.U.T.: __________________  Fecha: ______________', 'Recinto: _________________  Firma: ______________'];

/** The acuse's frame and the legend under it. */
function acuseBlockHeight(sheet: Sheet, width: number): number {
  const inner = width - 10;
  const fields = ACUSE_FIELDS.length * (sheet.lineHeight() + 5);
  return 6 + sheet.lineHeight({ font: 'Helvetica-Bold' }) + 4 + fields + sheet.measure(ACUSE_TEXT, inner, { size: 6.5 }) + 6 + legendHeight(sheet);
}

/** The acuse de recibo of Ley 19.983 in a frame, with its fields and legal text; "CEDIBLE" below it. */
function drawAcuse(sheet: Sheet, x: number, y: number, width: number, document: PrintedDocument, withLegend = true): void {
  const inner = width - 10;
  let lineY = y + 6;
  sheet.line('ACUSE DE RECIBO', x + 5, lineY, inner, { font: 'Helvetica-Bold', align: 'center' });
  lineY += sheet.lineHeight({ font: 'Helvetica-Bold' }) + 4;
  for (const field of ACUSE_FIELDS) {
    sheet.line(field, x + 5, lineY, inner);
    lineY += sheet.lineHeight() + 5;
  }
  lineY += sheet.write(ACUSE_TEXT, x + 5, lineY, inner, { size: 6.5 }) + 6;
  sheet.doc.save().lineWidth(0.8).strokeColor('#000000').rect(x, y, width, lineY - y).stroke().restore();
  if (withLegend) drawCedibleLegend(sheet, x, lineY + 2, width, document);
}

function legendHeight(sheet: Sheet): number {
  return sheet.lineHeight({ font: 'Helvetica-Bold', size: 12 }) + 4;
}

/** The destination legend, bottom right (Manual §1.1.7): CEDIBLE, or CEDIBLE CON SU FACTURA for a guía. */
function drawCedibleLegend(sheet: Sheet, x: number, y: number, width: number, document: PrintedDocument): void {
  sheet.line(cedibleLegend(document.TipoDTE), x, y, width, { font: 'Helvetica-Bold', size: 12, colour: BOX_COLOUR, align: 'right' });
}
