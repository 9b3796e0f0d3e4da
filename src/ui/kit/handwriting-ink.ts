/**
 * The handwriting pad's strokes on their way to the recogniser: points in the canvas's CSS
 * pixels, thinned and scaled into the API's square box of whole units (the limits are the
 * contract's HANDWRITING_* constants, which the UI imports type-only; a unit test keeps them equal).
 */
export type Point = [number, number];

export const PAD_BOX = 1000;
export const PAD_MAX_STROKES = 40;
export const PAD_MAX_POINTS = 128;
export const PAD_MAX_TOTAL_POINTS = 2000;
/** A new point closer than this to the last one (CSS px) adds nothing to the stroke. */
export const PAD_MIN_STEP = 2;

/** A stroke of at most `max` points: evenly picked, the first and the last always kept. */
export function thin(points: readonly Point[], max = PAD_MAX_POINTS): Point[] {
  if (points.length <= max) return points.slice();
  if (max < 2) return [points[0]!];
  const out: Point[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round((i * (points.length - 1)) / (max - 1))]!);
  return out;
}

/**
 * The strokes drawn on a square canvas `side` px wide, as the API takes them: whole units inside
 * the box, at most PAD_MAX_STROKES strokes (the first ones), each thinned so that all of them
 * together stay within PAD_MAX_TOTAL_POINTS.
 */
export function toBox(strokes: readonly (readonly Point[])[], side: number): Point[][] {
  const kept = strokes.filter((s) => s.length > 0).slice(0, PAD_MAX_STROKES);
  const per = Math.min(PAD_MAX_POINTS, Math.max(2, Math.floor(PAD_MAX_TOTAL_POINTS / Math.max(1, kept.length))));
  const k = side > 0 ? PAD_BOX / side : 1;
  const unit = (v: number) => Math.min(PAD_BOX, Math.max(0, Math.round(v * k)));
  return kept.map((s) => thin(s, per).map(([x, y]) => [unit(x), unit(y)] as Point));
}
