/**
 * The floor-plan filter. A plan is shown as an image (never inline), where nothing in it can run;
 * but a pack's plan can also be opened as a document (saved from the kiosk, viewed on a laptop),
 * where SVG is as active as HTML. So a plan must be a plain drawing: it is parsed as XML (saxes,
 * with namespaces) and every element and attribute is checked against an allow-list by its
 * resolved namespace, not by how it is spelled. Refused, each with a sentence naming the file and
 * what was found: a DOCTYPE or entity declarations (XXE, billion laughs), processing instructions
 * other than the XML declaration, any element outside the drawing set (script, foreignObject,
 * animation, style sheets, images, links, other namespaces), event attributes, links other than
 * to an #id in the same drawing, and CSS that could load or run anything (url() other than
 * url(#id), functions outside a small set, escapes).
 *
 * Pure: text in, a sentence or undefined out.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { SVG_NS, SVG_PLAN_ATTRIBUTES as ATTRIBUTES, SVG_PLAN_ELEMENTS as ELEMENTS, XLINK_NS, XML_NS, XMLNS_NS } from '../../shared/svg.js';

export const MAX_SVG_BYTES = 2 * 1024 * 1024;
/** Deeper than any drawing tool nests its groups; bounds the work a renderer is handed. */
export const MAX_SVG_DEPTH = 100;

export { SVG_NS };

/** Elements that may carry a (local) href. */
const HREF_ELEMENTS = new Set(['use', 'linearGradient', 'radialGradient', 'pattern']);

/** Why a known SVG element is refused, for the sentence. */
const ACTIVE = new Set(['script', 'foreignObject', 'iframe', 'embed', 'object', 'handler', 'listener']);
const ANIMATION = new Set(['set', 'animate', 'animateMotion', 'animateTransform', 'animateColor', 'discard', 'mpath']);

/** Names and tokens, never read as CSS. */
const PLAIN_TOKENS = new Set(['id', 'class', 'lang', 'role', 'version', 'baseProfile']);

/** Text-valued attributes, never read as CSS. */
const isTextAttribute = (local: string): boolean => /^(aria|data)-[a-z0-9-]+$/.test(local);

/** CSS functions a plan may use: colours, transforms and arithmetic; url() is checked on its own. */
const CSS_FUNCTIONS = new Set([
  'url',
  'rgb',
  'rgba',
  'hsl',
  'hsla',
  'hwb',
  'lab',
  'lch',
  'oklab',
  'oklch',
  'matrix',
  'translate',
  'translatex',
  'translatey',
  'scale',
  'scalex',
  'scaley',
  'rotate',
  'skewx',
  'skewy',
  'calc',
  'min',
  'max',
  'clamp',
  'var',
]);

const LOCAL_REF = /^#[A-Za-z_][\w.:-]*$/;
const LOCAL_URL = /^url\(\s*(['"]?)#[A-Za-z_][\w.:-]*\1\s*\)/i;

const short = (s: string): string => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
};

/** What is wrong with one CSS-bearing attribute value (`name` says which, where), or undefined. */
function cssProblem(value: string, name: string): string | undefined {
  if (value.includes('\\')) return `contains a CSS escape (\\) in ${name}, which could hide what it loads`;
  const at = value.search(/@[a-z-]/i);
  if (at >= 0) return `contains the CSS rule "${short(value.slice(at))}" in ${name}; floor plans may not load anything`;
  for (const m of value.matchAll(/([A-Za-z_-][\w-]*)\s*\(/g)) {
    const fn = m[1]!.toLowerCase();
    if (fn === 'url') {
      const rest = value.slice(m.index);
      if (!LOCAL_URL.test(rest)) {
        const end = rest.indexOf(')');
        return `refers to "${short(end >= 0 ? rest.slice(0, end + 1) : rest)}" outside the drawing in ${name}; only url(#id) of the same drawing is allowed`;
      }
    } else if (!CSS_FUNCTIONS.has(fn)) {
      return `uses the CSS function ${m[1]}() in ${name}, which floor plans may not use`;
    }
  }
  return undefined;
}

class Refusal extends Error {}

/**
 * Why the drawing `text` (the file `rel` of a content set) cannot be a floor plan, in one sentence
 * naming the file, the thing found and its line; undefined when it is a plain drawing.
 */
export function checkSvg(rel: string, text: string): string | undefined {
  if (Buffer.byteLength(text) > MAX_SVG_BYTES) return `${rel}: the drawing is larger than 2 MB.`;
  const parser = new SaxesParser({ xmlns: true, position: true });
  const at = () => `line ${parser.line}`;
  const refuse = (what: string): never => {
    throw new Refusal(`${rel}: ${what}.`);
  };
  let depth = 0;
  let root = true;
  parser.on('doctype', () => refuse(`declares a document type (<!DOCTYPE …>, ${at()}); floor plans may not declare document types or entities, remove it`));
  parser.on('processinginstruction', (pi) => refuse(`contains the processing instruction <?${pi.target}?> (${at()}); only the XML declaration is allowed`));
  parser.on('opentag', (tag: SaxesTagNS) => {
    const where = `<${tag.name}> (${at()})`;
    if (root) {
      root = false;
      if (tag.uri !== SVG_NS || tag.local !== 'svg') {
        refuse(`not an SVG drawing: the root element must be <svg> in the SVG namespace (xmlns="${SVG_NS}")`);
      }
    }
    if (++depth > MAX_SVG_DEPTH) refuse(`nests elements more than ${MAX_SVG_DEPTH} deep (${at()})`);
    if (tag.uri !== SVG_NS) {
      refuse(
        `contains the element ${where} from ${tag.uri ? `the namespace "${tag.uri}"` : 'no namespace'}; floor plans may use SVG elements only (save the drawing as plain SVG)`,
      );
    }
    const el = tag.local;
    if (ACTIVE.has(el)) refuse(`contains active content: the element ${where}`);
    if (ANIMATION.has(el)) refuse(`contains the animation element ${where}; floor plans must be still drawings`);
    if (el === 'style') refuse(`contains a style sheet ${where}; use presentation attributes such as fill and stroke instead`);
    if (!ELEMENTS.has(el)) refuse(`contains the element ${where}, which floor plans may not use`);
    for (const a of Object.values(tag.attributes)) {
      const name = `${a.name} on ${where}`;
      if (a.uri === XMLNS_NS) continue; // namespace declarations: what they bind is checked where it is used
      if (/^on/i.test(a.local) && (a.uri === '' || a.uri === SVG_NS)) refuse(`contains the event-handler attribute ${name}`);
      const isHref = a.local === 'href' && (a.uri === '' || a.uri === XLINK_NS);
      if (isHref) {
        if (!HREF_ELEMENTS.has(el)) refuse(`contains a link (${name}), which floor plans may not use`);
        if (!LOCAL_REF.test(a.value.trim())) {
          refuse(`refers to "${short(a.value)}" outside the drawing (${name}); only links to an #id in the same drawing are allowed`);
        }
        continue;
      }
      if (a.uri === XLINK_NS && a.local === 'title') continue;
      if (a.uri === XML_NS && (a.local === 'space' || a.local === 'lang')) continue;
      if (a.uri === '' && isTextAttribute(a.local)) continue;
      if (a.uri !== '' || !ATTRIBUTES.has(a.local)) refuse(`contains the attribute ${name}, which floor plans may not use`);
      if (PLAIN_TOKENS.has(a.local)) continue;
      const css = cssProblem(a.value, name);
      if (css) refuse(css);
    }
  });
  parser.on('closetag', () => {
    depth--;
  });
  try {
    parser.write(text).close();
  } catch (e) {
    if (e instanceof Refusal) return e.message;
    // saxes: "1:5: unclosed tag: svg" (line:column: what); keep what, name the line.
    const m = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec((e as Error).message);
    const what = (m?.[3] ?? (e as Error).message).replace(/\.$/, '');
    return `${rel}: not well-formed XML (${m ? `line ${m[1]}: ` : ''}${what}).`;
  }
  if (root) return `${rel}: not an SVG drawing: it holds no element.`;
  return undefined;
}
