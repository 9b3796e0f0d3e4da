/**
 * Printing a "show the patient" slip: the volunteer picks the paper, the page size is set with an
 * @page rule to match (80 mm receipt roll, or A5), and window.print() prints the slip alone.
 *
 * A receipt roll has no fixed page length, so the slip is measured at the roll's printable width
 * and the page is made exactly that long (Chromium has no `size: 80mm auto`).
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

/** The slip's height when laid out at the receipt's printable width, measured off screen. */
export function measureReceipt(slip: HTMLElement): number {
  slip.classList.add('measuring');
  try {
    return slip.getBoundingClientRect().height;
  } finally {
    slip.classList.remove('measuring');
  }
}
