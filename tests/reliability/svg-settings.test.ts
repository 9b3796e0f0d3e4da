/**
 * Hostile floor plans, hostile kiosk.json files and a hostile environment for the shell, in
 * seeded random variety (tens of cases inside `npm test`, hundreds with KIOSK_RELIABILITY=full):
 *
 * - plans: random plain drawings always pass; the same drawings with one active or remote thing
 *   put anywhere in them (in any spelling: prefixes, character references, CSS case and quoting)
 *   are always refused with a sentence naming the file, and a signed pack carrying one is refused
 *   at install with the kiosk still showing its content;
 * - settings: random objects, with the names every JavaScript object inherits among real
 *   settings, never stop the kiosk: every unknown or bad key gets its warning, every good one holds;
 * - the shell: whatever the environment says, a packaged app opens no DevTools and loads no
 *   native addon named in it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../bench/generate.js';
import { developmentSwitches, webPreferences } from '../../electron/policy.js';
import { checkSvg } from '../../src/core/content/source.js';
import { Kiosk } from '../../src/app/kiosk.js';
import { installPack, PackError } from '../../src/app/packs.js';
import { DEFAULT_SETTINGS, parseSettings } from '../../src/core/settings.js';
import { sqliteNativeBinding } from '../../db/sqlite-binding.js';
import { builtInDataDir, cleanTempDirs, copyDataDir, craftPack, makeKey, sourceFiles, trustKeys, type TestKey } from '../fixtures/packs/helpers.js';
import { FULL, SEED } from './scale.js';

const PLAN_CASES = FULL ? 1200 : 40;
const INSTALL_CASES = FULL ? 24 : 3;
const SETTINGS_CASES = FULL ? 1000 : 40;
const ENV_CASES = FULL ? 1000 : 40;

afterAll(() => cleanTempDirs());

type R = () => number;
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: R, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

// ---------------------------------------------------------------------------------------------
// Plans

interface Node {
  name: string;
  attrs: [string, string][];
  children: (Node | string)[];
}

const SHAPES = ['rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'path'] as const;
const CONTAINERS = ['g', 'symbol', 'clipPath', 'mask', 'pattern', 'marker', 'svg'] as const;
const COLOURS = ['#0f3b47', '#fff', 'none', 'currentColor', 'rgb(12, 40, 50)', 'hsl(190 40% 30%)', 'url(#grad)', "url('#grad') #000"];
const LABELS = ['血管外科', 'Vascular Surgery', '电梯 Lift', 'Toilets & lifts', '挂号 <Registration>', 'Room "A"'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function shape(r: R): Node {
  const name = pick(r, SHAPES);
  const attrs: [string, string][] = [['fill', pick(r, COLOURS)]];
  if (name === 'rect')
    attrs.push(['x', `${int(r, 0, 900)}`], ['y', `${int(r, 0, 500)}`], ['width', `${int(r, 1, 200)}`], ['height', `${int(r, 1, 200)}`], ['rx', '4']);
  if (name === 'circle') attrs.push(['cx', '50'], ['cy', '50'], ['r', `${int(r, 1, 40)}`]);
  if (name === 'ellipse') attrs.push(['cx', '50'], ['cy', '50'], ['rx', '20'], ['ry', '10']);
  if (name === 'line') attrs.push(['x1', '0'], ['y1', '0'], ['x2', '90'], ['y2', `${int(r, 0, 90)}`], ['stroke', '#9fb3ba'], ['marker-end', 'url(#arrow)']);
  if (name === 'polyline' || name === 'polygon')
    attrs.push(['points', Array.from({ length: int(r, 2, 12) }, () => `${int(r, 0, 999)},${int(r, 0, 599)}`).join(' ')]);
  if (name === 'path') attrs.push(['d', `M ${int(r, 0, 99)} ${int(r, 0, 99)} L ${int(r, 0, 99)} ${int(r, 0, 99)} Q 5 5 ${int(r, 0, 99)} 9 z`]);
  if (r() < 0.3) attrs.push(['style', `stroke:#35525c;stroke-width:${int(r, 1, 5)}px;fill-opacity:0.${int(r, 1, 9)}`]);
  if (r() < 0.3) attrs.push(['transform', pick(r, ['translate(10 20)', 'rotate(45 5 5)', 'scale(2)', 'matrix(1 0 0 1 5 5)', 'skewX(10)'])]);
  if (r() < 0.2) attrs.push(['clip-path', 'url(#clip)']);
  return { name, attrs, children: [] };
}

function text(r: R): Node {
  const t: Node = {
    name: 'text',
    attrs: [
      ['x', `${int(r, 0, 900)}`],
      ['y', `${int(r, 0, 500)}`],
      ['font-size', `${int(r, 10, 40)}`],
      ['text-anchor', pick(r, ['start', 'middle', 'end'])],
    ],
    children: [esc(pick(r, LABELS))],
  };
  if (r() < 0.3)
    t.children.push({
      name: 'tspan',
      attrs: [
        ['dx', '4'],
        ['font-weight', '700'],
      ],
      children: [esc(pick(r, LABELS))],
    });
  return t;
}

function tree(r: R, depth: number): Node {
  const g: Node = { name: pick(r, CONTAINERS), attrs: [['id', `n${int(r, 0, 1e6)}`]], children: [] };
  for (let i = int(r, 1, 6); i > 0; i--) {
    const x = r();
    if (x < 0.5) g.children.push(shape(r));
    else if (x < 0.7) g.children.push(text(r));
    else if (x < 0.8)
      g.children.push({
        name: 'use',
        attrs: [
          [pick(r, ['href', 'xlink:href']), '#lift'],
          ['x', '10'],
        ],
        children: [],
      });
    else if (x < 0.85) g.children.push('<!-- a note -->');
    else if (depth < 6) g.children.push(tree(r, depth + 1));
  }
  return g;
}

/** A random plain drawing: defs with the things shapes refer to, then groups of shapes and labels. */
function benign(r: R): Node {
  const defs: Node = {
    name: 'defs',
    attrs: [],
    children: [
      {
        name: 'linearGradient',
        attrs: [['id', 'grad']],
        children: [
          {
            name: 'stop',
            attrs: [
              ['offset', '0'],
              ['stop-color', '#fff'],
            ],
            children: [],
          },
        ],
      },
      {
        name: 'marker',
        attrs: [
          ['id', 'arrow'],
          ['orient', 'auto'],
        ],
        children: [{ name: 'path', attrs: [['d', 'M0 0L10 5L0 10z']], children: [] }],
      },
      {
        name: 'clipPath',
        attrs: [['id', 'clip']],
        children: [
          {
            name: 'rect',
            attrs: [
              ['width', '999'],
              ['height', '599'],
            ],
            children: [],
          },
        ],
      },
      {
        name: 'symbol',
        attrs: [
          ['id', 'lift'],
          ['viewBox', '0 0 24 24'],
        ],
        children: [
          {
            name: 'rect',
            attrs: [
              ['width', '24'],
              ['height', '24'],
            ],
            children: [],
          },
        ],
      },
    ],
  };
  const root: Node = {
    name: 'svg',
    attrs: [
      ['xmlns', SVG_NS],
      ['xmlns:xlink', XLINK_NS],
      ['viewBox', '0 0 1000 600'],
      ['font-family', 'Noto Sans CJK SC, sans-serif'],
    ],
    children: [{ name: 'title', attrs: [], children: ['三楼 · Floor 3'] }, defs],
  };
  for (let i = int(r, 1, 8); i > 0; i--) root.children.push(tree(r, 1));
  return root;
}

function serialise(n: Node | string): string {
  if (typeof n === 'string') return n;
  const attrs = n.attrs.map(([k, v]) => ` ${k}="${v}"`).join('');
  return n.children.length ? `<${n.name}${attrs}>${n.children.map(serialise).join('')}</${n.name}>` : `<${n.name}${attrs}/>`;
}

function allNodes(n: Node): Node[] {
  return [n, ...n.children.flatMap((c) => (typeof c === 'string' ? [] : allNodes(c)))];
}

/** Some characters of an attribute value as character references: the parser sees through them. */
function encode(r: R, value: string): string {
  return [...value]
    .map((c) => (r() < 0.3 && /[a-z:/(]/i.test(c) ? (r() < 0.5 ? `&#${c.codePointAt(0)};` : `&#x${c.codePointAt(0)!.toString(16)};`) : esc(c)))
    .join('');
}

const REMOTE = [
  'https://evil.example/x',
  '//evil.example/x',
  'http://10.0.0.1/x',
  'javascript:alert(1)',
  'JaVaScRiPt:fetch(1)',
  'file:///etc/passwd',
  'data:image/svg+xml;base64,PHN2Zz4=',
  'other.svg#a',
  ' https://evil.example/#a',
];
const EVENTS = ['onload', 'onclick', 'onmouseover', 'onbegin', 'onfocusin', 'onerror', 'onactivate', 'onLoad'];
const ANIMATIONS = ['set', 'animate', 'animateTransform', 'animateMotion', 'discard'];

/** One active or remote thing, put into `root`; returns what was put. */
function poison(r: R, root: Node): string {
  const nodes = allNodes(root);
  const host = pick(r, nodes);
  const prefix = pick(r, ['', '', 's:', 'svg:', 'x:']);
  const nsDecl: [string, string][] = prefix ? [[`xmlns:${prefix.slice(0, -1)}`, SVG_NS]] : [];
  const kind = int(r, 0, 9);
  const url = pick(r, REMOTE);
  const quote = pick(r, ['', "'", '"']);
  const cssUrl = `${pick(r, ['url', 'URL', 'Url'])}(${quote === '"' ? '&quot;' : quote}${esc(url)}${quote === '"' ? '&quot;' : quote})`;
  switch (kind) {
    case 0:
      host.children.push({ name: `${prefix}script`, attrs: nsDecl, children: ['fetch("https://evil.example/s")'] });
      return 'script';
    case 1:
      host.children.push({
        name: `${prefix}${pick(r, ANIMATIONS)}`,
        attrs: [...nsDecl, ['attributeName', pick(r, ['href', 'onload', 'fill'])], ['values', encode(r, url)]],
        children: [],
      });
      return 'animation';
    case 2:
      host.children.push({
        name: `${prefix}${pick(r, ['style', 'foreignObject', 'image', 'a', 'iframe', 'filter', 'metadata'])}`,
        attrs: [...nsDecl, ['href', '#x']],
        children: ['@import url(https://evil.example/i.css);'],
      });
      return 'element';
    case 3:
      host.children.push({
        name: `h:${pick(r, ['iframe', 'script', 'img', 'div'])}`,
        attrs: [
          ['xmlns:h', 'http://www.w3.org/1999/xhtml'],
          ['src', 'https://evil.example/h'],
        ],
        children: [],
      });
      return 'foreign';
    case 4:
      host.attrs.push([pick(r, EVENTS), encode(r, 'alert(1)')]);
      return 'event';
    case 5: {
      const use: Node = { name: 'use', attrs: [[pick(r, ['href', 'xlink:href', 'q:href']), encode(r, url)]], children: [] };
      if (use.attrs[0]![0] === 'q:href') use.attrs.push(['xmlns:q', XLINK_NS]);
      host.children.push(use);
      return 'href';
    }
    case 6:
      host.attrs.push([pick(r, ['fill', 'stroke', 'clip-path', 'mask', 'marker-end', 'filter', 'cursor']), cssUrl]);
      return 'url attribute';
    case 7:
      host.attrs.push([
        'style',
        `fill:#fff;${pick(r, ['background', 'cursor', 'mask-image', '--x', 'fill'])}:${pick(r, [cssUrl, `image-set('${esc(url)}' 1x)`, `u\\72l(${esc(url)})`, `src(${esc(url)})`, `element(#a)`])}`,
      ]);
      return 'style';
    case 8:
      host.attrs.push([pick(r, ['xml:base', 'values', 'from', 'to', 'begin', 'src', 'formaction', 'xlink:actuate']), encode(r, url)]);
      return 'attribute';
    default:
      host.children.push(`<?xml-stylesheet href="${esc(url)}"?>`);
      return 'instruction';
  }
}

const DOCTYPES = [
  '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
  '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
  '<!DOCTYPE svg [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
];

describe('hostile floor plans', () => {
  it(`passes ${PLAN_CASES} random plain drawings and refuses each with one active or remote thing added`, () => {
    const r = rng(SEED ^ 0x5f6);
    const seen = new Set<string>();
    for (let i = 0; i < PLAN_CASES; i++) {
      const root = benign(r);
      const plain = `${r() < 0.5 ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}${serialise(root)}`;
      expect(checkSvg(`maps/p${i}.svg`, plain), plain).toBeUndefined();

      const doctype = r() < 0.08;
      const what = doctype ? 'doctype' : poison(r, root);
      seen.add(what);
      const bad = doctype ? `${pick(r, DOCTYPES)}${plain.replace(/^<\?xml[^>]*>\n/, '')}` : serialise(root);
      const out = checkSvg(`maps/p${i}.svg`, bad);
      expect(out, `${what}: ${bad}`).toMatch(new RegExp(`^maps/p${i}\\.svg: .+\\.$`));
      expect(out!.split('\n')).toHaveLength(1);
    }
    if (PLAN_CASES >= 40) expect(seen.size).toBeGreaterThanOrEqual(8);
  });

  describe('a signed pack with a hostile plan', () => {
    let key: TestKey;
    let template: string;
    beforeAll(() => {
      key = makeKey('plans');
      template = builtInDataDir();
      trustKeys(template, [key]);
    });

    it(`is refused at install ${INSTALL_CASES} times over, and the kiosk keeps its plans`, async () => {
      const r = rng(SEED ^ 0x9a1);
      const builtIn = readFileSync('resources/content/maps/floor-1.svg', 'utf8');
      for (let i = 0; i < INSTALL_CASES; i++) {
        const root = benign(r);
        poison(r, root);
        const files = sourceFiles().map((f) => (f.name === 'maps/floor-1.svg' ? { ...f, data: Buffer.from(serialise(root)) } : f));
        const pack = await craftPack({ signers: [key], version: 10 + i, files });
        const dir = copyDataDir(template);
        const err = await installPack(pack, dir).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(PackError);
        expect((err as Error).message).toMatch(/maps\/floor-1\.svg: /);
        const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
        expect(kiosk.content().listDepartments()).toHaveLength(2);
        expect(kiosk.content().drawing('maps/floor-1.svg')).toBe(builtIn);
        kiosk.close();
      }
    }, 120_000);
  });
});

// ---------------------------------------------------------------------------------------------
// Settings

const INHERITED = Object.getOwnPropertyNames(Object.prototype);
const GOOD: Record<string, unknown[]> = {
  site: ['east-wing', 'main.lobby_2'],
  defaultLanguage: ['zh', 'en'],
  idleSeconds: [30, 90, 3600],
  packFolders: [['/media'], ['/srv/packs', '/mnt/usb']],
  kioskPoint: ['lobby-kiosk', null],
  autoInstall: [true, false],
};
/** Values each setting refuses. */
const BAD: Record<string, unknown[]> = {
  site: [null, {}, '', 'x'.repeat(300), '../etc', 5],
  defaultLanguage: ['fr', null, 1, ['zh']],
  idleSeconds: [5, 1e6, '90', 45.5, null],
  packFolders: ['/media', [''], [1], null, Array.from({ length: 40 }, () => '/x')],
  kioskPoint: ['Lobby Kiosk', 5, ''],
  autoInstall: ['yes', 1, null],
};
const ANY: unknown[] = [null, {}, [], 'x', -1, 1e308, { safeParse: 1 }, [{}], true];

describe('hostile kiosk.json', () => {
  it(`keeps every good setting and warns about every other key, over ${SETTINGS_CASES} random files`, () => {
    const r = rng(SEED ^ 0x7c3);
    for (let i = 0; i < SETTINGS_CASES; i++) {
      const entries: [string, unknown][] = [];
      const expected: Record<string, unknown> = {};
      let warnings = 0;
      for (let n = int(r, 0, 8); n > 0; n--) {
        const x = r();
        if (x < 0.35) {
          const k = pick(r, Object.keys(GOOD));
          if (entries.some(([e]) => e === k)) continue;
          const v = pick(r, GOOD[k]!);
          entries.push([k, v]);
          expected[k] = v;
        } else if (x < 0.5) {
          const k = pick(r, Object.keys(BAD));
          if (entries.some(([e]) => e === k)) continue;
          entries.push([k, pick(r, BAD[k]!)]);
          warnings++;
        } else {
          const k = x < 0.9 ? pick(r, INHERITED) : `x${int(r, 0, 99)}`;
          if (entries.some(([e]) => e === k)) continue;
          entries.push([k, pick(r, ANY)]);
          warnings++;
        }
      }
      const text = `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
      const out = parseSettings(JSON.parse(text) as unknown);
      expect(out.warnings, text).toHaveLength(warnings);
      for (const w of out.warnings) expect(w).toMatch(/^kiosk\.json: ".+" .+\.$/);
      expect(out.settings, text).toEqual({ ...DEFAULT_SETTINGS, ...expected });
      expect(Object.getPrototypeOf(out.settings)).toBe(Object.prototype);
    }
  });

  it('starts the kiosk on a kiosk.json of nothing but inherited names', () => {
    const dir = copyDataDir(builtInDataDir());
    writeFileSync(join(dir, 'kiosk.json'), `{${INHERITED.map((k) => `${JSON.stringify(k)}: {"safeParse": null}`).join(', ')}}`);
    const warnings: string[] = [];
    const kiosk = new Kiosk({ dataDir: dir, warn: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(INHERITED.length);
    expect(kiosk.settings()).toMatchObject({ defaultLanguage: 'zh', idleSeconds: 90 });
    expect(kiosk.content().listDepartments()).toHaveLength(2);
    kiosk.close();
  });
});

// ---------------------------------------------------------------------------------------------
// The shell's environment

describe('a hostile environment for the packaged shell', () => {
  it(`opens no DevTools and loads no named addon, over ${ENV_CASES} random environments`, () => {
    const r = rng(SEED ^ 0x3e7);
    const VALUES = ['1', '0', 'true', '', ' 1', '/tmp/evil.node', '\\\\server\\share\\x.node', 'C:\\x.node', '../../x.node'];
    for (let i = 0; i < ENV_CASES; i++) {
      const env: NodeJS.ProcessEnv = {};
      if (r() < 0.7) env.KIOSK_DEVTOOLS = pick(r, VALUES);
      if (r() < 0.7) env.KIOSK_SQLITE_BINDING = pick(r, VALUES);
      if (r() < 0.3) env.ELECTRON_RUN_AS_NODE = '1';
      const packaged = developmentSwitches(env, true);
      expect(packaged.devTools).toBe(false);
      expect(packaged.sqliteBinding).toBeUndefined();
      expect(webPreferences('p', { isPackaged: true, env }).devTools).toBe(false);
      expect(sqliteNativeBinding(env, { electron: true, defaultApp: false })).toBeUndefined();
      // From the source tree the same switches still work, so developers keep them.
      const dev = developmentSwitches(env, false);
      expect(dev.devTools).toBe(env.KIOSK_DEVTOOLS === '1');
      expect(dev.sqliteBinding).toBe(env.KIOSK_SQLITE_BINDING || undefined);
      expect(sqliteNativeBinding(env, { electron: true, defaultApp: true })).toBe(env.KIOSK_SQLITE_BINDING || undefined);
    }
  });
});
