/**
 * The printed slip's page: an 80 mm receipt as long as the slip, an A5 sheet of its own size, and
 * on a slip too long for the sheet the text drawn smaller so that it still prints on one page.
 */
import { describe, expect, it } from 'vitest';
import { A5, a5TextZoom, pageRule } from '../../../../../src/ui/staff/lib/print.js';

const PX_PER_MM = 96 / 25.4;
const printable = (A5.height - 2 * A5.margin) * PX_PER_MM;

describe('the slip page', () => {
  it('makes a receipt as long as the slip and an A5 sheet its own size', () => {
    expect(pageRule('a5')).toBe('@page { size: 148mm 210mm; margin: 10mm; }');
    // 400 px of slip = 105.8 mm, plus the margins and a little.
    expect(pageRule('receipt', 400)).toBe('@page { size: 80mm 120mm; margin: 4mm; }');
    expect(pageRule('receipt', 10)).toBe('@page { size: 80mm 60mm; margin: 4mm; }');
  });

  it('draws the text smaller only when the slip would not fit on one A5 sheet, and never below 0.6', () => {
    expect(a5TextZoom(printable * 0.9, 400)).toBe(1);
    const slip = printable * 1.2;
    const text = slip * 0.6;
    const zoom = a5TextZoom(slip, text);
    expect(zoom).toBeLessThan(1);
    // The maps and the QR code keep their size; the text shrinks into what is left.
    expect(slip - text + text * zoom).toBeLessThanOrEqual(printable);
    expect(slip - text + text * zoom).toBeGreaterThan(printable * 0.95);
    expect(a5TextZoom(printable * 5, printable)).toBe(0.6);
    expect(a5TextZoom(printable * 2, 0)).toBe(1);
  });
});
