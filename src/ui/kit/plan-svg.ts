/**
 * A floor plan drawn inline, so that the kiosk can turn it, recolour it for high contrast and
 * keep its labels clear of the plan's own text. The content's SVG was checked when the content
 * was loaded (a plain drawing, nothing active); here it is rebuilt once more from an allow-list,
 * as new elements in this document: only drawing elements, only geometry and paint attributes
 * (a `style` attribute is read into them), no classes, ids made unique to this drawing, links
 * and url() only to its own ids. Anything else is left out, never copied.
 *
 * Shapes are marked with whether they are filled (`data-fill="none"` when not), so the
 * high-contrast palette can fill solid shapes black and outline every shape in white.
 */

import {
  SVG_GEOMETRY_ATTRIBUTES as GEOMETRY,
  SVG_INLINE_ELEMENTS as ELEMENTS,
  SVG_NS,
  SVG_PAINT_ATTRIBUTES as PAINT,
  SVG_SHAPES as SHAPES,
  XLINK_NS,
} from '../../shared/svg.js';

/** Values: numbers, words, colours, lists and transforms; no quotes, colons, escapes or at-signs. */
const PLAIN_VALUE = /^[-#%.,()\w\s+]*$/;
const FONT_VALUE = /^[-\w\s,'"]*$/;
const LOCAL_URL = /^url\(\s*['"]?#([A-Za-z_][\w.-]*)['"]?\s*\)$/;
const LOCAL_HREF = /^#([A-Za-z_][\w.-]*)$/;

/** The deepest nesting copied; deeper parts of a drawing are left out. */
const MAX_DEPTH = 60;
/** The most elements copied from one drawing. */
const MAX_ELEMENTS = 20_000;

function paintValue(name: string, value: string, prefix: string): string | undefined {
  const v = value.trim();
  if (!v || v.length > 400) return undefined;
  if (/url\(/i.test(v)) {
    const m = LOCAL_URL.exec(v);
    return m ? `url(#${prefix}${m[1]})` : undefined;
  }
  if (name === 'font-family') return FONT_VALUE.test(v) ? v : undefined;
  return PLAIN_VALUE.test(v) ? v : undefined;
}

function styleDeclarations(style: string): [string, string][] {
  return style
    .split(';')
    .map((d) => {
      const i = d.indexOf(':');
      return i < 0 ? undefined : ([d.slice(0, i).trim().toLowerCase(), d.slice(i + 1).trim()] as [string, string]);
    })
    .filter((d): d is [string, string] => !!d && !!d[0]);
}

/**
 * The plan as a new <svg> element of `doc`, or undefined when the text is not an SVG drawing.
 * `prefix` makes the drawing's ids unique on the page.
 */
export function planArt(svgText: string, doc: Document, prefix: string): SVGSVGElement | undefined {
  const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const root = parsed.documentElement;
  if (!root || root.namespaceURI !== SVG_NS || root.localName !== 'svg' || parsed.getElementsByTagName('parsererror').length) return undefined;
  let count = 0;

  const copyAttributes = (from: Element, to: Element) => {
    for (const a of Array.from(from.attributes)) {
      const name = a.localName;
      if (a.namespaceURI === XLINK_NS && name === 'href') {
        const m = LOCAL_HREF.exec(a.value.trim());
        if (m && from.localName === 'use') to.setAttribute('href', `#${prefix}${m[1]}`);
        continue;
      }
      if (a.namespaceURI) continue;
      if (name === 'id') {
        if (/^[A-Za-z_][\w.-]*$/.test(a.value)) to.setAttribute('id', `${prefix}${a.value}`);
      } else if (name === 'href') {
        const m = LOCAL_HREF.exec(a.value.trim());
        if (m && (from.localName === 'use' || from.localName.endsWith('Gradient'))) to.setAttribute('href', `#${prefix}${m[1]}`);
      } else if (name === 'style') {
        for (const [prop, value] of styleDeclarations(a.value)) {
          const v = PAINT.has(prop) ? paintValue(prop, value, prefix) : undefined;
          if (v !== undefined) to.setAttribute(prop, v);
        }
      } else if (GEOMETRY.has(name)) {
        if (PLAIN_VALUE.test(a.value) && a.value.length <= 100_000) to.setAttribute(name, a.value);
      } else if (PAINT.has(name)) {
        const v = paintValue(name, a.value, prefix);
        if (v !== undefined && !to.hasAttribute(name)) to.setAttribute(name, v);
      }
    }
  };

  /** Copies an element's allowed children; `fill` is the fill the children inherit. */
  const copyChildren = (from: Element, to: Element, depth: number, fill: string) => {
    for (const child of Array.from(from.childNodes)) {
      if (count > MAX_ELEMENTS) return;
      if (child.nodeType === 3) {
        if (from.localName === 'text' || from.localName === 'tspan') to.append(doc.createTextNode(child.textContent ?? ''));
        continue;
      }
      if (child.nodeType !== 1) continue;
      const el = child as Element;
      if (el.namespaceURI !== SVG_NS || !ELEMENTS.has(el.localName) || depth >= MAX_DEPTH) continue;
      const copy = doc.createElementNS(SVG_NS, el.localName);
      count++;
      copyAttributes(el, copy);
      // A <use> of anything but this drawing's own ids draws nothing: leave it out.
      if (el.localName === 'use' && !copy.hasAttribute('href')) continue;
      const own = copy.getAttribute('fill') ?? fill;
      if (SHAPES.has(el.localName) && (own === 'none' || own === 'transparent')) copy.setAttribute('data-fill', 'none');
      copyChildren(el, copy, depth + 1, own);
      to.append(copy);
    }
  };

  const svg = doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  for (const name of ['viewBox', 'preserveAspectRatio']) {
    const v = root.getAttribute(name);
    if (v && PLAIN_VALUE.test(v)) svg.setAttribute(name, v);
  }
  for (const name of PAINT) {
    const v = root.getAttribute(name);
    const clean = v === null ? undefined : paintValue(name, v, prefix);
    if (clean !== undefined) svg.setAttribute(name, clean);
  }
  if (!svg.hasAttribute('viewBox')) {
    const w = parseFloat(root.getAttribute('width') ?? '');
    const h = parseFloat(root.getAttribute('height') ?? '');
    if (w > 0 && h > 0) svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  }
  copyChildren(root, svg, 1, svg.getAttribute('fill') ?? 'black');
  return svg;
}
