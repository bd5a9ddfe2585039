import type { PrintSettings } from '../app/ports/index.ts';
import { validationError } from '../core/errors.ts';
import { formatRut } from './chilean-format.ts';
import { conditionFacts, issueDateLine, issuerLines, officeLine, receiverFacts, type Fact } from './document-facts.ts';
import { BOX_COLOUR, CM, RULE_COLOUR } from './page-format.ts';
import type { PrintedDocument } from './printed-document.ts';
import type { Sheet } from './sheet.ts';
import { documentName } from './sii-names.ts';

/** Space between blocks. */
const GAP = 8;

/**
 * The top of a letter sheet (Manual §1.1.7, formato hojas): logo and issuer top left, the recuadro
 * and the SII office top right, then the date, the receiver and the conditions.
 */
export function drawLetterHeading(sheet: Sheet, document: PrintedDocument, settings: PrintSettings): void {
  const { format } = sheet;
  const boxX = format.width - format.margin - format.boxWidth;
  let left = format.margin;
  let leftBottom = format.margin;
  if (settings.logo !== undefined) {
    drawLogo(sheet, settings.logo, left, format.margin);
    left += format.logo.width + GAP;
    leftBottom = format.margin + format.logo.height;
  }
  leftBottom = Math.max(leftBottom, drawIssuer(sheet, document, left, format.margin, boxX - GAP * 2 - left));
  const boxBottom = drawRecuadro(sheet, document, boxX, format.margin);
  const officeHeight = sheet.write(officeLine(document, settings), boxX, boxBottom + 4, format.boxWidth, { font: 'Helvetica-Bold', colour: BOX_COLOUR, align: 'center' });
  sheet.y = Math.max(leftBottom, boxBottom + 4 + officeHeight) + GAP * 1.5;
  sheet.y += sheet.write(issueDateLine(document), format.margin, sheet.y, format.width - 2 * format.margin, { font: 'Helvetica-Bold' }) + GAP / 2;
  drawFactBox(sheet, receiverFacts(document), conditionFacts(document));
}

/** The top of a roll (formato papel continuo): everything in one column, the recuadro centred. */
export function drawRollHeading(sheet: Sheet, document: PrintedDocument, settings: PrintSettings): void {
  const { format } = sheet;
  const width = format.width - 2 * format.margin;
  if (settings.logo !== undefined) {
    drawLogo(sheet, settings.logo, format.margin, sheet.y);
    sheet.y += format.logo.height + GAP;
  }
  const boxX = (format.width - format.boxWidth) / 2;
  sheet.y = drawRecuadro(sheet, document, boxX, sheet.y) + 3;
  sheet.y += sheet.write(officeLine(document, settings), format.margin, sheet.y, width, { font: 'Helvetica-Bold', colour: BOX_COLOUR, align: 'center' }) + GAP;
  sheet.y = drawIssuer(sheet, document, format.margin, sheet.y, width) + GAP;
  const receiver = receiverFacts(document);
  sheet.y += drawFacts(sheet, [...receiver.left, ...receiver.right], format.margin, sheet.y, width);
  sheet.y += sheet.write(issueDateLine(document), format.margin, sheet.y + 2, width, { font: 'Helvetica-Bold' }) + 4;
  const conditions = conditionFacts(document);
  sheet.y += drawFacts(sheet, [...conditions.left, ...conditions.right], format.margin, sheet.y, width) + GAP / 2;
}

/** The first line of each continuation page of a letter document. */
export function drawContinuationHeading(sheet: Sheet, document: PrintedDocument): void {
  const { format } = sheet;
  const text = `R.U.T.: ${formatRut(document.issuer.RUTEmisor)}   ${documentName(document.TipoDTE)} N° ${document.Folio} (continuación)`;
  sheet.y = format.margin;
  sheet.y += sheet.write(text, format.margin, sheet.y, format.width - 2 * format.margin, { font: 'Helvetica-Bold', colour: BOX_COLOUR }) + GAP;
}

/**
 * The recuadro: the issuer's RUT with its dots, the document's name and its folio, bold, inside a red
 * frame 0.7 mm thick, at least 1.5 cm high (Circular 32/2005). Returns the frame's bottom.
 */
function drawRecuadro(sheet: Sheet, document: PrintedDocument, x: number, y: number): number {
  const { format } = sheet;
  const style = { font: 'Helvetica-Bold', size: format.boxSize, colour: BOX_COLOUR, align: 'center' } as const;
  const padding = 0.3 * CM;
  const innerWidth = format.boxWidth - 2 * padding;
  const lines = [`R.U.T.: ${formatRut(document.issuer.RUTEmisor)}`, documentName(document.TipoDTE), `N° ${document.Folio}`];
  const heights = lines.map((line) => sheet.measure(line, innerWidth, style));
  const spacing = format.boxSize * 0.45;
  const height = Math.max(1.5 * CM, Math.min(4 * CM, heights.reduce((sum, next) => sum + next, 0) + spacing * 2 + 2 * padding));
  let lineY = y + (height - heights.reduce((sum, next) => sum + next, 0) - spacing * 2) / 2;
  lines.forEach((line, index) => {
    sheet.write(line, x + padding, lineY, innerWidth, style);
    lineY += heights[index]! + spacing;
  });
  sheet.doc.save().lineWidth(2).strokeColor(BOX_COLOUR).rect(x + 1, y + 1, format.boxWidth - 2, height - 2).stroke().restore();
  return y + height;
}

/** The issuer: its name stands out (Manual §1.2), then giro, addresses and contact. Returns the bottom. */
function drawIssuer(sheet: Sheet, document: PrintedDocument, x: number, y: number, width: number): number {
  const { format } = sheet;
  let bottom = y;
  bottom += sheet.write(document.issuer.RznSoc, x, bottom, width, { font: 'Helvetica-Bold', size: format.boxSize + 1 }) + 3;
  for (const line of issuerLines(document)) bottom += sheet.write(line, x, bottom, width) + 1;
  return bottom;
}

function drawLogo(sheet: Sheet, logo: Uint8Array, x: number, y: number): void {
  try {
    sheet.doc.image(Buffer.from(logo.buffer, logo.byteOffset, logo.byteLength), x, y, { fit: [sheet.format.logo.width, sheet.format.logo.height] });
  } catch (error) {
    throw validationError([{ pointer: 'logo', message: `The logo cannot be read as a PNG or JPEG image: ${error instanceof Error ? error.message : String(error)}` }]);
  }
}

/** The receiver and the conditions in a framed box of two columns each; moves the cursor below it. */
function drawFactBox(sheet: Sheet, receiver: { left: Fact[]; right: Fact[] }, conditions: { left: Fact[]; right: Fact[] }): void {
  const { format } = sheet;
  const width = format.width - 2 * format.margin;
  const padding = 5;
  const leftWidth = width * 0.62 - padding;
  const rightX = format.margin + width * 0.62;
  const rightWidth = width * 0.38 - padding;
  const top = sheet.y;
  let y = top + padding;
  for (const group of [receiver, conditions]) {
    if (group.left.length === 0 && group.right.length === 0) continue;
    if (y > top + padding) {
      sheet.rule(format.margin, y, width, RULE_COLOUR);
      y += 4;
    }
    const leftHeight = drawFacts(sheet, group.left, format.margin + padding, y, leftWidth);
    const rightHeight = drawFacts(sheet, group.right, rightX, y, rightWidth);
    y += Math.max(leftHeight, rightHeight) + 2;
  }
  const height = y - top + padding - 2;
  sheet.doc.save().lineWidth(0.6).strokeColor(RULE_COLOUR).roundedRect(format.margin, top, width, height, 3).stroke().restore();
  sheet.y = top + height + GAP;
}

/** Labelled values, the labels bold in a column as wide as the widest; returns the height taken. */
function drawFacts(sheet: Sheet, facts: readonly Fact[], x: number, y: number, width: number): number {
  const labelWidth = Math.min(width * 0.45, sheet.widest(facts.map(([label]) => label), { font: 'Helvetica-Bold' }) + 4);
  let height = 0;
  for (const [label, value] of facts) {
    sheet.line(label, x, y + height, labelWidth, { font: 'Helvetica-Bold' });
    height += Math.max(sheet.write(value, x + labelWidth, y + height, width - labelWidth), sheet.lineHeight()) + 1.5;
  }
  return height;
}
