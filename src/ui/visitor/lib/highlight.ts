/**
 * Splits a text into plain and matched parts from the search's highlight ranges (UTF-16 offsets
 * into the text as given), so the matched part can be set in bold. Pure, no DOM.
 */
import type { TextRange } from '../../../shared';

export interface Segment {
  text: string;
  mark: boolean;
}

/** Ranges are clamped to the text, sorted and merged; an empty or absent list gives one plain part. */
export function highlightSegments(text: string, ranges: readonly TextRange[] | undefined): Segment[] {
  const clean = (ranges ?? [])
    .map((r) => ({ start: Math.max(0, Math.min(text.length, r.start)), end: Math.max(0, Math.min(text.length, r.end)) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const merged: TextRange[] = [];
  for (const r of clean) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  const out: Segment[] = [];
  let at = 0;
  for (const r of merged) {
    if (r.start > at) out.push({ text: text.slice(at, r.start), mark: false });
    out.push({ text: text.slice(r.start, r.end), mark: true });
    at = r.end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), mark: false });
  return out;
}
