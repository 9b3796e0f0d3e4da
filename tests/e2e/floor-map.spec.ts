/**
 * Floor plans people can read, measured on the drawn map: the plan as wide as its card, the
 * route along the corridors, labels (room names, the floor's name, the sample-plan mark, "You are
 * here", the destination, the lift to take) clear of each other, of the route and of its marks,
 * in normal and in large text, and larger in large text; a high-contrast plan whose shapes and
 * words stand out from the black ground; and the plan turned so that the way the visitor faces
 * at the kiosk is up.
 */
import type { Locator, Page } from '@playwright/test';
import { settle } from './a11y-helpers.js';
import { expect, test } from './fixtures.js';
import { openDepartment, start } from './ui-helpers.js';

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Drawn {
  map: Rect;
  labels: (Rect & { text: string; kind: string })[];
  /** The route's pieces on screen, and the width of its drawn line (the casing). */
  route: { a: { x: number; y: number }; b: { x: number; y: number } }[];
  lineWidth: number;
  badges: { x: number; y: number; r: number }[];
}

/** What the map shows, in screen px: its labels, the route's pieces and its marks. */
async function drawn(map: Locator): Promise<Drawn> {
  return map.evaluate((fig) => {
    const box = (r: DOMRect) => ({ x: r.left, y: r.top, w: r.width, h: r.height });
    const labels = Array.from(fig.querySelectorAll<HTMLElement>('[data-label]'))
      .filter((l) => getComputedStyle(l).visibility !== 'hidden')
      .map((l) => ({ ...box(l.getBoundingClientRect()), text: l.textContent!.trim(), kind: l.dataset.label! }));
    const casing = fig.querySelector<SVGPolylineElement>('polyline.casing');
    const route: Drawn['route'] = [];
    if (casing) {
      const m = casing.getScreenCTM()!;
      const pts = Array.from(casing.points).map((p) => new DOMPoint(p.x, p.y).matrixTransform(m));
      pts.slice(1).forEach((b, i) => route.push({ a: { x: pts[i]!.x, y: pts[i]!.y }, b: { x: b.x, y: b.y } }));
    }
    // The marks at their drawn size (the "you are here" halo at rest, not mid-pulse: the
    // transform of the group they are drawn in, not their own animated one).
    const badges = Array.from(fig.querySelectorAll<SVGCircleElement>('circle')).map((c) => {
      const m = (c.parentNode as SVGGElement).getScreenCTM()!;
      const centre = new DOMPoint(c.cx.baseVal.value, c.cy.baseVal.value).matrixTransform(m);
      return { x: centre.x, y: centre.y, r: c.r.baseVal.value * Math.hypot(m.a, m.b) };
    });
    return { map: box(fig.getBoundingClientRect()), labels, route, lineWidth: casing ? parseFloat(getComputedStyle(casing).strokeWidth) : 0, badges };
  });
}

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Does the segment pass through the rectangle? (Sampled finely enough for px-sized boxes.) */
function crosses(s: Drawn['route'][number], r: Rect): boolean {
  const n = Math.ceil(Math.hypot(s.b.x - s.a.x, s.b.y - s.a.y));
  for (let i = 0; i <= n; i++) {
    const x = s.a.x + ((s.b.x - s.a.x) * i) / (n || 1);
    const y = s.a.y + ((s.b.y - s.a.y) * i) / (n || 1);
    if (x > r.x && x < r.x + r.w && y > r.y && y < r.y + r.h) return true;
  }
  return false;
}

function expectReadable(d: Drawn, what: string): void {
  expect(d.labels.length, `${what}: labels shown`).toBeGreaterThan(4);
  for (const [i, a] of d.labels.entries()) {
    expect(
      a.x >= d.map.x - 0.5 && a.y >= d.map.y - 0.5 && a.x + a.w <= d.map.x + d.map.w + 0.5 && a.y + a.h <= d.map.y + d.map.h + 0.5,
      `${what}: "${a.text}" inside the map`,
    ).toBe(true);
    for (const b of d.labels.slice(i + 1)) expect(overlap(a, b), `${what}: "${a.text}" and "${b.text}" overlap`).toBe(false);
    const half = d.lineWidth / 2;
    const grown = { x: a.x - half, y: a.y - half, w: a.w + 2 * half, h: a.h + 2 * half };
    for (const s of d.route) expect(crosses(s, grown), `${what}: "${a.text}" is on the route`).toBe(false);
    for (const c of d.badges) {
      const nx = Math.max(a.x, Math.min(c.x, a.x + a.w));
      const ny = Math.max(a.y, Math.min(c.y, a.y + a.h));
      expect(Math.hypot(c.x - nx, c.y - ny), `${what}: "${a.text}" is on a mark`).toBeGreaterThanOrEqual(c.r - 0.5);
    }
  }
}

async function openRoute(page: Page): Promise<Locator> {
  await start(page);
  await openDepartment(page, '血管外科');
  await page.getByRole('button', { name: '带我去' }).tap();
  const section = page.getByRole('region', { name: '怎么走' });
  await expect(section.getByRole('img', { name: /平面图，标有路线/ })).toBeVisible();
  return section;
}

test('labels stay clear of each other, the route and its marks, on both floors, in normal and large text', async ({ kioskPage: page }) => {
  const section = await openRoute(page);
  const floor1 = section.getByRole('img', { name: '1楼平面图，标有路线' });
  await settle(page);
  const normal = await drawn(floor1);
  expectReadable(normal, 'Floor 1');
  const texts = normal.labels.map((l) => l.text);
  // The marks' labels and the plan's own are always there.
  for (const t of ['您在这里', '乘电梯到2楼', '1楼', '示意图，并非实际布局']) expect(texts, t).toContain(t);
  expect(texts).toEqual(expect.arrayContaining(['药房', '挂号收费']));
  // The plan spans its card (in portrait, the card's full width).
  const card = (await section.boundingBox())!;
  expect(normal.map.w).toBeGreaterThan(card.width * (page.viewportSize()!.width > page.viewportSize()!.height ? 0.5 : 0.95));
  // The route runs along the corridors: every piece straight across or straight up the screen.
  for (const s of normal.route) expect(Math.min(Math.abs(s.a.x - s.b.x), Math.abs(s.a.y - s.b.y))).toBeLessThan(1);

  await section.getByRole('tab', { name: /2楼/ }).tap();
  const floor2 = section.getByRole('img', { name: '2楼平面图，标有路线' });
  await settle(page);
  const upstairs = await drawn(floor2);
  expectReadable(upstairs, 'Floor 2');
  expect(upstairs.labels.map((l) => l.text)).toEqual(expect.arrayContaining(['血管外科', '2楼', '示意图，并非实际布局']));

  // Large text: the labels grow with it, and stay clear.
  const roomSize = async (map: Locator) =>
    map
      .locator('[data-label="room"]')
      .first()
      .evaluate((l) => parseFloat(getComputedStyle(l).fontSize));
  const before = await roomSize(floor2);
  await page.getByRole('button', { name: '大字' }).tap();
  await expect.poll(() => roomSize(floor2)).toBeGreaterThan(before * 1.2);
  await settle(page);
  await expect
    .poll(async () => (await drawn(floor2)).labels.find((l) => l.kind === 'goal')?.h ?? 0)
    .toBeGreaterThan(upstairs.labels.find((l) => l.kind === 'goal')!.h * 1.2);
  expectReadable(await drawn(floor2), 'Floor 2, large text');
  await section.getByRole('tab', { name: /1楼/ }).tap();
  await settle(page);
  expectReadable(await drawn(section.getByRole('img', { name: '1楼平面图，标有路线' })), 'Floor 1, large text');

  // In English the labels are in English, and still clear.
  await page.getByRole('button', { name: 'English' }).tap();
  const english = page.getByRole('img', { name: 'Plan of Floor 1 with the route marked' });
  await expect(english.getByText('You are here')).toBeVisible();
  await settle(page);
  const en = await drawn(english);
  expect(en.labels.map((l) => l.text)).toEqual(expect.arrayContaining(['You are here', 'Take the lift to Floor 2', 'Floor 1']));
  expectReadable(en, 'Floor 1, English, large text');
});

/** WCAG contrast of two CSS colours (rgb() or rgba(), taken as opaque). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? [])
      .map(Number)
      .map((v) => v / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

test('in high contrast the plan is black with white outlines and words, the route yellow, all at 7:1 or more', async ({ kioskPage: page }) => {
  const section = await openRoute(page);
  await page.getByRole('button', { name: '高对比度' }).tap();
  const map = section.getByRole('img', { name: '1楼平面图，标有路线' });
  await settle(page);
  const colours = await map.evaluate((fig) => {
    const shapes = Array.from(fig.querySelectorAll('.art :is(rect, circle, ellipse, polygon, polyline, path, line)')).map((s) => {
      const cs = getComputedStyle(s);
      return { fill: cs.fill, stroke: cs.stroke, width: parseFloat(cs.strokeWidth) };
    });
    const line = getComputedStyle(fig.querySelector('polyline.line')!).stroke;
    const casing = getComputedStyle(fig.querySelector('polyline.casing')!).stroke;
    const labels = Array.from(fig.querySelectorAll<HTMLElement>('[data-label]')).map((l) => {
      const cs = getComputedStyle(l);
      return { text: l.textContent!.trim(), color: cs.color, background: cs.backgroundColor };
    });
    return { ground: getComputedStyle(fig).backgroundColor, shapes, line, casing, labels };
  });
  expect(colours.ground).toBe('rgb(0, 0, 0)');
  expect(colours.shapes.length).toBeGreaterThan(10);
  // Rooms and corridors: black inside, a white outline at least 2 px wide that stands out from the ground.
  for (const s of colours.shapes) {
    expect(['rgb(0, 0, 0)', 'none']).toContain(s.fill);
    expect(contrast(s.stroke, colours.ground)).toBeGreaterThanOrEqual(7);
    expect(s.width).toBeGreaterThanOrEqual(2);
  }
  expect(contrast(colours.line, colours.casing)).toBeGreaterThanOrEqual(7);
  expect(contrast(colours.line, colours.ground)).toBeGreaterThanOrEqual(7);
  for (const l of colours.labels)
    expect(contrast(l.color, l.background === 'rgba(0, 0, 0, 0)' ? colours.ground : l.background), l.text).toBeGreaterThanOrEqual(7);
  expectReadable(await drawn(map), 'Floor 1, high contrast');
});

test('the plan is turned so that the way the visitor faces at the kiosk is up', async ({ kioskPage: page }) => {
  // This kiosk's visitors face the plan's right (east): 90°.
  await page.route('**/api/getDirections', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { ok: boolean; value: { heading: number } };
    body.value.heading = 90;
    await route.fulfill({ response, json: body });
  });
  const section = await openRoute(page);
  const map = section.getByRole('img', { name: '1楼平面图，标有路线' });
  await settle(page);
  const d = await drawn(map);
  // A wide plan turned a quarter: now taller than wide.
  expect(d.map.h).toBeGreaterThan(d.map.w * 1.4);
  // From the kiosk the route goes up the plan (north), which for a visitor facing east is to the left.
  const first = d.route[0]!;
  expect(first.b.x).toBeLessThan(first.a.x - 20);
  expect(Math.abs(first.b.y - first.a.y)).toBeLessThan(1);
  // The labels stay upright (wider than tall) and clear of everything.
  const here = d.labels.find((l) => l.kind === 'here')!;
  expect(here.w).toBeGreaterThan(here.h);
  expectReadable(d, 'turned Floor 1');
  // The whole turned plan fits the screen above the kiosk's controls.
  const main = (await page.getByRole('main').boundingBox())!;
  expect(d.map.h).toBeLessThanOrEqual(main.height);
});

test('a plan is drawn from an allow-list: nothing active or remote in it reaches the page, and its own words are kept clear', async ({ kioskPage: page }) => {
  // What the content filter refuses, as if one got through: the kiosk's drawing must still hold none of it.
  const hostile = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 1000 600" onload="window.__pwned=1">
    <script>window.__pwned = 1</script>
    <style>* { fill: red }</style>
    <rect id="floor-panel" class="go" x="40" y="60" width="920" height="480" fill="#fafafa" onclick="window.__pwned=1" style="stroke:#123456;stroke-width:4;fill:url(https://example.com/p.svg#p)"/>
    <a href="javascript:window.__pwned=1"><rect x="300" y="10" width="10" height="10"/></a>
    <image href="https://example.com/x.png" width="10" height="10"/>
    <foreignObject width="100" height="100"><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
    <use href="https://example.com/x.svg#a"/>
    <use xlink:href="#local" x="10"/>
    <g id="local"><text x="560" y="250" font-size="40" font-family="'Noto Sans'">Plan words</text></g>
  </svg>`;
  const remote: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(new URL(page.url() || 'http://127.0.0.1').origin)) remote.push(r.url());
  });
  await page.route('**/api/getDirections', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { ok: boolean; value: { floors: { svg: string }[] } };
    body.value.floors[0]!.svg = hostile;
    body.value.floors[1]!.svg = 'not a drawing at all <';
    await route.fulfill({ response, json: body });
  });
  const section = await openRoute(page);
  const map = section.getByRole('img', { name: '1楼平面图，标有路线' });
  await settle(page);
  const art = map.locator('.art');
  await expect(art.locator('rect')).toHaveCount(1);
  await expect(art.locator('script, style, a, image, foreignObject')).toHaveCount(0);
  const rect = art.locator('rect');
  await expect(rect).toHaveAttribute('fill', '#fafafa'); // the remote url() fill left out, the plain one kept
  await expect(rect).toHaveAttribute('stroke', '#123456'); // read from the style attribute
  expect(await rect.evaluate((r) => r.getAttributeNames().sort())).toEqual(['fill', 'height', 'id', 'stroke', 'stroke-width', 'width', 'x', 'y']);
  await expect(rect).toHaveAttribute('id', /^plan-[a-z0-9]+-floor-panel$/);
  // Ids made the drawing's own: the page's floor panel is still the only one of its name.
  await expect(page.locator('#floor-panel')).toHaveCount(1);
  await expect(art.locator('use')).toHaveCount(1);
  expect(await art.locator('use').getAttribute('href')).toMatch(/^#plan-[a-z0-9]+-local$/);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(remote).toEqual([]);
  // The plan's own words are on screen, and no label covers them.
  const words = (await art.locator('text').first().boundingBox())!;
  for (const l of (await drawn(map)).labels) expect(overlap(l, { x: words.x, y: words.y, w: words.width, h: words.height }), l.text).toBe(false);

  // A plan that is not a drawing: the route, its marks and labels are still drawn, on an empty plan.
  await section.getByRole('tab', { name: /2楼/ }).tap();
  const upstairs = section.getByRole('img', { name: '2楼平面图，标有路线' });
  await expect(upstairs.locator('polyline')).toHaveCount(2);
  await expect(upstairs.locator('.art > *')).toHaveCount(0);
  await expect(upstairs.getByText('血管外科')).toBeVisible();
});
