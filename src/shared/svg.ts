/**
 * The SVG allow-lists, in one place for both sides that read a floor plan: the content filter
 * (src/core/content/svg.ts) that accepts or refuses a pack's plan, and the renderer's inline copy
 * (src/ui/kit/plan-svg.ts) that rebuilds an accepted plan from a smaller set. What each
 * side does with a name that is not listed stays with that side.
 */

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** The basic shapes: the elements that are filled or outlined. */
export const SVG_SHAPES: ReadonlySet<string> = new Set(['rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'path']);

/** The elements the renderer draws inline: shapes, text, groups, gradients, clips and local uses. */
export const SVG_INLINE_ELEMENTS: ReadonlySet<string> = new Set([
  ...SVG_SHAPES,
  'g',
  'text',
  'tspan',
  'defs',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
  'symbol',
  'use',
]);

/** The elements a floor plan in a pack may use: the inline set and the drawing's own metadata, markers, masks and patterns. */
export const SVG_PLAN_ELEMENTS: ReadonlySet<string> = new Set(['svg', ...SVG_INLINE_ELEMENTS, 'title', 'desc', 'marker', 'mask', 'pattern']);

/** Geometry and structure attributes, copied inline as they are. */
export const SVG_GEOMETRY_ATTRIBUTES: ReadonlySet<string> = new Set([
  'x',
  'y',
  'width',
  'height',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'fx',
  'fy',
  'd',
  'points',
  'transform',
  'dx',
  'dy',
  'viewBox',
  'preserveAspectRatio',
  'offset',
  'gradientUnits',
  'gradientTransform',
  'spreadMethod',
  'clipPathUnits',
]);

/** Paint and text attributes: the properties a `style` attribute may set too. */
export const SVG_PAINT_ATTRIBUTES: ReadonlySet<string> = new Set([
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-dasharray',
  'stroke-dashoffset',
  'opacity',
  'display',
  'visibility',
  'clip-path',
  'clip-rule',
  'stop-color',
  'stop-opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
  'word-spacing',
  'text-decoration',
  'vector-effect',
  'paint-order',
]);

/** Attributes without a namespace that a floor plan in a pack may use: the inline sets and the rest of SVG's structure and presentation. */
export const SVG_PLAN_ATTRIBUTES: ReadonlySet<string> = new Set([
  ...SVG_GEOMETRY_ATTRIBUTES,
  ...SVG_PAINT_ATTRIBUTES,
  // structure
  'id',
  'class',
  'style',
  'lang',
  'version',
  'baseProfile',
  'role',
  'fr',
  'pathLength',
  // text
  'rotate',
  'textLength',
  'lengthAdjust',
  'alignment-baseline',
  'baseline-shift',
  'font',
  'font-size-adjust',
  'font-variant',
  'font-stretch',
  'writing-mode',
  'direction',
  'unicode-bidi',
  'white-space',
  'text-rendering',
  // painting
  'color',
  'overflow',
  'clip',
  'mask',
  'marker-start',
  'marker-mid',
  'marker-end',
  'shape-rendering',
  'color-interpolation',
  'color-rendering',
  'enable-background',
  'isolation',
  'mix-blend-mode',
  // markers, patterns and masks
  'markerWidth',
  'markerHeight',
  'markerUnits',
  'refX',
  'refY',
  'orient',
  'patternUnits',
  'patternContentUnits',
  'patternTransform',
  'maskUnits',
  'maskContentUnits',
  // links within the drawing only (each side checks the value)
  'href',
]);
