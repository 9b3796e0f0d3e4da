/**
 * Printing a "show the patient" slip: the volunteer picks the paper, the page size is set with an
 * @page rule to match (80 mm receipt roll, or A5), and window.print() prints the slip alone.
 *
 * A receipt roll has no fixed page length, so the slip is measured at the roll's printable width
 * and the page is made exactly that long (Chromium has no `size: 80mm auto`). An A5 sheet has, so
 * on a slip longer than the sheet (a long route, long names) the text is drawn smaller to fit.
 */
export type Paper = 'receipt' | 'a5';

/** Receipt paper: 80 mm roll, about 72 mm printable. Margins in mm. */
export const RECEIPT = { width: 80, margin: 4, printable: 72 } as const;
export const A5 = { width: 148, height: 210, margin: 10 } as const;

const STYLE_ID = 'staff-print-page';
const PX_PER_MM = 96 / 25.4;

/** The @page rule for a paper; for the receipt, the measured height of the slip in CSS px. */
export function pageRule(paper: Paper, slipHeightPx = 0): string {
  if (paper === 'a5') return `@page { size: ${A5.width}mm ${A5.height}mm; margin: ${A5.margin}mm; }`;
  const length = Math.ceil(slipHeightPx / PX_PER_MM + 2 * RECEIPT.margin + 6);
  return `@page { size: ${RECEIPT.width}mm ${Math.max(length, 60)}mm; margin: ${RECEIPT.margin}mm; }`;
}

/** Puts the page rule in the document (replacing an earlier one). */
export function setPageRule(doc: Document, rule: string): void {
  let style = doc.getElementById(STYLE_ID);
  if (!style) {
    style = doc.createElement('style');
    style.id = STYLE_ID;
    doc.head.append(style);
  }
  style.textContent = rule;
}

export function clearPageRule(doc: Document): void {
  doc.getElementById(STYLE_ID)?.remove();
}

/** The slip's height at its paper's printable width (the slip is always laid out there, out of sight). */
export function measureSlip(slip: HTMLElement): number {
  return slip.getBoundingClientRect().height;
}

/**
 * How much smaller a slip's text (its `textHeightPx` of the `slipHeightPx`, CSS px at the sheet's
 * printable width) is drawn for the slip to fit on one A5 sheet: 1 when it fits. The maps and the QR
 * code keep their size; the text goes no smaller than 0.6.
 */
export function a5TextZoom(slipHeightPx: number, textHeightPx: number): number {
  const printable = (A5.height - 2 * A5.margin) * PX_PER_MM * 0.98;
  if (slipHeightPx <= printable || textHeightPx <= 0) return 1;
  const room = printable - (slipHeightPx - textHeightPx);
  return Math.max(0.6, Math.floor((room / textHeightPx) * 1000) / 1000);
}
