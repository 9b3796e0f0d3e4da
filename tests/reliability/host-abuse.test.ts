/**
 * Abuse of the local host, LAN mode and the staff PINs, at scale: cross-site calls with every mix
 * of Origin, Sec-Fetch-Site and Content-Type; floods of locked unlock attempts from the kiosk and
 * from many network addresses; made-up Host headers on the LAN; tablets calling all day while the
 * kiosk should count as idle; random PINs, session uses and wrong-PIN schedules with restarts and
 * day changes; and a read-only data folder (a real read-only bind mount where mounting is allowed;
 * elsewhere that case says so and is skipped). Each case is seeded, so every run is the same.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../bench/generate.js';
import {
  AT_KIOSK,
  DAILY_FAILURE_LIMIT,
  FREE_ATTEMPTS,
  NETWORK_DAILY_FAILURE_LIMIT,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  Sessions,
  type PinCheck,
  type Role,
  type UnlockResult,
} from '../../src/core/access/sessions.js';
import { IDLE_WARNING_SECONDS } from '../../src/shared/limits.js';
import { dispatch, type Caller } from '../../src/core/api/handlers.js';
import { Kiosk } from '../../src/app/kiosk.js';
import { AUDIT_FILE, readAuditLog } from '../../src/core/audit/log.js';
import { PIN_MIN_LENGTH, pinProblem, setPin, verifyPin } from '../../src/core/access/pins.js';
import { startHost, type RunningHost } from '../../src/host/server.js';
import { builtInDataDir, cleanTempDirs, copyDataDir, tempDir } from '../fixtures/packs/helpers.js';
import { mounts } from '../fixtures/mounts.js';
import { ABUSE_CROSS_SITE, ABUSE_FLOOD, ABUSE_HOSTS, ABUSE_PINS, ABUSE_SCHEDULES, SEED } from './scale.js';

const IT_PIN = '482916';
const CODE = '7315';
const CROSS_SITE = 'The kiosk answers its API only to its own pages; this call came from another site.';
const NOT_JSON = 'Kiosk API calls must be sent as JSON (Content-Type: application/json).';
const MISDIRECTED = 'This request was addressed to another host name, so the kiosk does not answer it.';

const { canMount, mount, unmountAll } = mounts('host-abuse', 'the read-only data folder case is skipped');

let template: string;
let ui: string;

beforeAll(() => {
  template = builtInDataDir();
  setPin(template, 'it', IT_PIN);
  setPin(template, 'volunteer', CODE);
  ui = tempDir('kiosk-ui-');
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>kiosk</title>');
});

afterAll(() => {
  unmountAll();
  cleanTempDirs();
});

interface Answer {
  status: number;
  text: string;
  json?: { ok: boolean; value?: any; error?: { code: string; message: string } };
}

/** One HTTP request with exactly the headers given (Host included), from a chosen loopback address. */
function raw(
  port: number,
  opts: { path: string; method?: string; headers: Record<string, string | undefined>; body?: string; from?: string },
): Promise<Answer> {
  const headers = Object.fromEntries(Object.entries(opts.headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'POST', headers, localAddress: opts.from, setHost: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text, ...(/json/.test(res.headers['content-type'] ?? '') ? { json: JSON.parse(text) } : {}) }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body ?? '');
  });
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

describe('cross-site calls', () => {
  let dir: string;
  let kiosk: Kiosk;
  let host: RunningHost;
  let port: number;

  beforeAll(async () => {
    dir = copyDataDir(template);
    kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
    host = await startHost({ api: kiosk, uiDir: ui });
    port = Number(new URL(host.url).port);
  });

  afterAll(async () => {
    await host.close();
    kiosk.close();
  });

  it(`refuses ${ABUSE_CROSS_SITE} calls with foreign or missing headers of every mix, and the PIN pads never hear of them`, { timeout: 120_000 }, async () => {
    const rand = rng(SEED ^ 0x0c5);
    const own = `http://127.0.0.1:${port}`;
    const foreignOrigins = [
      'http://127.0.0.2:5173',
      `http://127.0.0.1:${port + 1}`,
      'null',
      `https://127.0.0.1:${port}`,
      `http://localhost:${port + 7}`,
      'http://intranet.hospital.example',
      `http://127.0.0.1:${port}.evil.example`,
      `${own}/`,
      `http://evil.example:${port}`,
    ];
    const foreignSites = ['cross-site', 'same-site', 'none', 'CROSS-SITE', 'same-origin, cross-site', ''];
    const notJson = [
      undefined,
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      'application/jsonp',
      'application/json-patch+json',
      'text/json',
      'application/csp-report',
    ];
    const json = ['application/json', 'application/json;charset=utf-8', 'APPLICATION/JSON', 'application/json ; charset=UTF-8'];
    const calls: [string, unknown][] = [
      ['unlock', { role: 'it', pin: '000000' }],
      ['unlock', { role: 'volunteer', pin: '0000' }],
      ['lock', { token: 'x'.repeat(32) }],
      ['itRollback', { token: 'y'.repeat(32) }],
      ['getDirectory', { token: 'z'.repeat(32) }],
      ['search', { q: '超声' }],
    ];
    const before = readAuditLog(dir, 0).length;
    const touched = kiosk.lastActivity;
    const seen = { 403: 0, 415: 0, 200: 0 };
    for (let i = 0; i < ABUSE_CROSS_SITE; i++) {
      const control = rand() < 0.1; // the kiosk's own page asking for getInfo: answered
      const o = control ? pick(rand, [own, undefined]) : rand() < 0.6 ? pick(rand, foreignOrigins) : pick(rand, [own, undefined]);
      const site = control ? pick(rand, ['same-origin', undefined]) : rand() < 0.5 ? pick(rand, foreignSites) : pick(rand, ['same-origin', undefined]);
      const foreign = (o !== undefined && o !== own) || (site !== undefined && site !== 'same-origin');
      const type = control || (foreign && rand() < 0.5) ? pick(rand, json) : pick(rand, notJson);
      const [method, args] = control ? ['getInfo', {}] : pick(rand, calls);
      const body = control || rand() < 0.8 ? JSON.stringify(args) : `pin=000000&role=it`;
      const r = await raw(port, {
        path: `/api/${method}`,
        headers: { Host: `127.0.0.1:${port}`, Origin: o, 'Sec-Fetch-Site': site, 'Content-Type': type },
        body,
      });
      const what = JSON.stringify({ o, site, type, method });
      if (foreign) {
        expect(r.status, what).toBe(403);
        expect(r.json, what).toEqual({ ok: false, error: { code: 'forbidden', message: CROSS_SITE } });
      } else if (!json.includes(type as string)) {
        expect(r.status, what).toBe(415);
        expect(r.json, what).toEqual({ ok: false, error: { code: 'bad_args', message: NOT_JSON } });
      } else {
        expect(r.status, what).toBe(200);
      }
      seen[r.status as 403 | 415 | 200]++;
    }
    expect(Math.min(seen[403], seen[415], seen[200]), JSON.stringify(seen)).toBeGreaterThan(0);
    // None reached a PIN pad or counted as someone at the kiosk.
    expect(
      readAuditLog(dir, 0)
        .slice(before)
        .filter((e) => e.action === 'unlock'),
    ).toEqual([]);
    expect(kiosk.lastActivity).toBe(touched);
    expect(kiosk.sessions.unlock('it', IT_PIN).ok).toBe(true);
    expect(kiosk.sessions.unlock('volunteer', CODE).ok).toBe(true);
  });
});

describe('a flood of locked unlock attempts', () => {
  it(
    `writes a few audit lines per pad for ${ABUSE_FLOOD} attempts from the kiosk and four network addresses, with counts that add up`,
    { timeout: 300_000 },
    async () => {
      const dir = copyDataDir(template);
      const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
      const host = await startHost({ api: kiosk, uiDir: ui, lan: true, isRemote: (req) => req.socket.remoteAddress?.replace(/^::ffff:/, '') !== '127.0.0.1' });
      const port = Number(new URL(host.url).port);
      const rand = rng(SEED ^ 0xf100d);
      const sources = [
        { from: '127.0.0.1', role: 'it', pin: '000000', subject: 'The IT screen, at the kiosk' },
        ...['127.0.0.10', '127.0.0.11', '127.0.0.12', '127.0.0.13'].map((a) => ({
          from: a,
          role: 'volunteer',
          pin: '0000',
          subject: `Volunteer mode, from a device on the network (${a})`,
        })),
      ];
      const sizeBefore = statSync(join(dir, AUDIT_FILE)).size;
      const linesBefore = readAuditLog(dir, 0).length;
      const sent = new Map<string, number>();
      for (let i = 0; i < ABUSE_FLOOD; i += 25) {
        await Promise.all(
          Array.from({ length: Math.min(25, ABUSE_FLOOD - i) }, async () => {
            const s = pick(rand, sources);
            sent.set(s.subject, (sent.get(s.subject) ?? 0) + 1);
            const r = await raw(port, {
              path: '/api/unlock',
              from: s.from,
              headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json' },
              body: JSON.stringify({ role: s.role, pin: s.pin }),
            });
            expect(r.json?.value?.ok, s.subject).toBe(false);
          }),
        );
      }
      await host.close();
      // The tablets' flood did not lock the kiosk's own volunteer pad.
      expect(kiosk.sessions.unlock('volunteer', CODE).ok).toBe(true);
      kiosk.close(); // the counts still being gathered are written now
      const added = readAuditLog(dir, 0)
        .slice(linesBefore)
        .filter((e) => e.action === 'unlock');
      for (const s of sources) {
        const mine = added.filter((e) => e.reason!.startsWith(`${s.subject}: `));
        // The first refusal as it was, then "N more refused attempts" entries whose counts add up to the rest.
        expect(mine[0]!.reason).toMatch(/: Wrong PIN\. 2 tries left before the PIN pad locks\.$/);
        const counted = mine.slice(1).map((e) => Number(/: (\d+) more refused attempts? within a minute of /.exec(e.reason!)?.[1]));
        expect(
          counted.every((n) => n > 0),
          JSON.stringify(mine.slice(1)),
        ).toBe(true);
        expect(mine.length - 1 - counted.length, 'every later entry is a count').toBe(0);
        // A first refusal may open a new minute's group: each group is one line plus one count.
        const groups = mine.filter((e) => !/ more refused attempt/.test(e.reason!)).length;
        expect(groups + counted.reduce((a, b) => a + b, 0), s.subject).toBe(sent.get(s.subject));
        expect(mine.length).toBeLessThanOrEqual(2 * groups);
      }
      // A few lines a minute, not one per call: the log grew by well under 1 KB per pad and minute group.
      expect(added.length).toBeLessThan(ABUSE_FLOOD / 50);
      expect(statSync(join(dir, AUDIT_FILE)).size - sizeBefore).toBeLessThan(added.length * 400);
      // And the IT screen's log view (its last 100) still shows how the kiosk was set up.
      expect(readAuditLog(dir, 100).map((e) => e.action)).toContain('set-pin');
    },
  );
});

describe('LAN mode', () => {
  it(
    `answers only Host headers naming the address a request came in on, among ${ABUSE_HOSTS} made-up ones, and no LAN request is a touch`,
    { timeout: 120_000 },
    async () => {
      const dir = copyDataDir(template);
      const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
      const host = await startHost({ api: kiosk, uiDir: ui, lan: true, isRemote: () => true });
      const port = Number(new URL(host.url).port);
      const rand = rng(SEED ^ 0x7057);
      const good = [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`];
      const letters = 'abcdefghijklmnopqrstuvwxyz0123456789-';
      const label = () =>
        Array.from({ length: 1 + Math.floor(rand() * 12) }, () => pick(rand, [...letters]))
          .join('')
          .replace(/^-|-$/g, 'x');
      const badMakers: (() => string)[] = [
        () => `${label()}.${pick(rand, ['example', 'com', 'local', 'internal', 'nip.io'])}:${port}`,
        () => `${Math.floor(rand() * 223) + 1}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}:${port}`,
        () => `127.0.0.1:${pick(rand, [port + 1, port - 1, 80, 443, 8470 === port ? 8471 : 8470])}`,
        () => pick(rand, ['127.0.0.1', 'localhost', '']),
        () =>
          `${pick(rand, ['127.0.0.1.', 'localhost.', '127.000.000.001', '2130706433', '0x7f000001', '[::ffff:127.0.0.1]', '127.1', 'user@127.0.0.1'])}:${port}`,
        () => `127.0.0.1:${port}:${port}`,
        () => `${label()}.localhost:${port}`,
        () => `127.0.0.1.${label()}.example:${port}`,
      ];
      const touched = kiosk.lastActivity;
      let refused = 0;
      for (let i = 0; i < ABUSE_HOSTS; i++) {
        const ok = rand() < 0.2;
        const h = ok ? pick(rand, good) : pick(rand, badMakers)();
        if (!ok && good.includes(h)) continue;
        const api = rand() < 0.5;
        const r = await raw(port, {
          path: api ? '/api/listDepartments' : '/',
          method: api ? 'POST' : 'GET',
          from: `127.0.0.${20 + (i % 50)}`,
          headers: { Host: h, ...(api ? { 'Content-Type': 'application/json' } : {}) },
          body: api ? '{}' : undefined,
        });
        if (ok) {
          expect(r.status, h).toBe(api ? 403 : 200); // answered: the directory still wants the volunteer code
        } else {
          expect(r.status, JSON.stringify(h)).toBe(421);
          expect(r.text).toBe(MISDIRECTED);
          refused++;
        }
      }
      expect(refused).toBeGreaterThan(ABUSE_HOSTS / 2);
      expect(kiosk.lastActivity).toBe(touched);
      await host.close();
      kiosk.close();
    },
  );

  it(
    `stays idle through ${ABUSE_SCHEDULES} simulated days of tablets calling, and only the kiosk's own screen counts as someone there`,
    { timeout: 120_000 },
    async () => {
      const rand = rng(SEED ^ 0x1d1e);
      let t = new Date(2026, 2, 1, 7, 0).getTime();
      const dir = copyDataDir(template);
      writeFileSync(join(dir, 'kiosk.json'), JSON.stringify({ idleSeconds: 90 }));
      const kiosk = new Kiosk({ dataDir: dir, warn: () => {}, now: () => t });
      const quiet = (90 + IDLE_WARNING_SECONDS) * 1000;
      let lastAtKiosk = t;
      const tablets: { caller: Caller; token?: string }[] = Array.from({ length: 4 }, (_, i) => ({ caller: { remote: true, address: `10.20.0.${i + 2}` } }));
      const lanCalls: ((tab: (typeof tablets)[number]) => Promise<unknown>)[] = [
        async (tab) => {
          if (tab.token && rand() < 0.9) return; // a tablet unlocks now and then (each PIN check takes a slow hash)
          const r = await dispatch(kiosk, 'unlock', { role: 'volunteer', pin: rand() < 0.8 ? CODE : '0000' }, tab.caller);
          if (r.ok && (r.value as UnlockResult).ok) tab.token = (r.value as { token: string }).token;
        },
        (tab) => dispatch(kiosk, 'getDirectory', { token: tab.token ?? 'n'.repeat(32) }, { ...tab.caller, ...(tab.token ? { session: tab.token } : {}) }),
        (tab) => dispatch(kiosk, 'search', { q: pick(rand, ['超声', 'vein', 'xgwk']) }, { ...tab.caller, ...(tab.token ? { session: tab.token } : {}) }),
        (tab) => dispatch(kiosk, 'itStatus', { token: tab.token ?? 'n'.repeat(32) }, tab.caller),
        (tab) => dispatch(kiosk, 'listDepartments', {}, tab.caller),
        (tab) => dispatch(kiosk, 'getInfo', {}, tab.caller),
      ];
      for (let day = 0; day < ABUSE_SCHEDULES; day++) {
        for (let e = 0; e < 60; e++) {
          t += Math.floor(rand() * 40_000);
          if (rand() < 0.08) {
            await dispatch(kiosk, pick(rand, ['listDepartments', 'search', 'getDepartment']), { q: '超声', id: 'vascular-surgery' }); // may be bad args: still someone at the screen
            lastAtKiosk = t;
          } else {
            await pick(rand, lanCalls)(pick(rand, tablets));
          }
          expect(kiosk.isIdle(), `day ${day} event ${e}`).toBe(t - lastAtKiosk >= quiet);
        }
        t += 12 * 3600_000;
      }
      kiosk.close();
    },
  );
});

/** A PIN check without scrypt, for the schedules below (the PIN files are tested above and in the unit tests). */
const fakePins = (set: Partial<Record<Role, string>>): PinCheck => ({ has: (r) => set[r] !== undefined, verify: (r, p) => set[r] === p });

describe('staff PINs', () => {
  it(`refuses every trivial or malformed one of ${ABUSE_PINS} PINs, and what it accepts follows the rules`, { timeout: 120_000 }, () => {
    const rand = rng(SEED ^ 0x9175);
    const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(rand() * 10))).join('');
    const len = (role: Role) => PIN_MIN_LENGTH[role] + Math.floor(rand() * (13 - PIN_MIN_LENGTH[role]));
    const makers: { kind: string; make: (role: Role) => string }[] = [
      { kind: 'one digit repeated', make: (role) => String(Math.floor(rand() * 10)).repeat(len(role)) },
      {
        kind: 'digits in a row',
        make: (role) => {
          const start = Math.floor(rand() * 10);
          const step = rand() < 0.5 ? 1 : 9;
          return Array.from({ length: len(role) }, (_, i) => String((start + i * step) % 10)).join('');
        },
      },
      {
        kind: 'a short group of digits repeated',
        make: (role) => {
          for (;;) {
            const block = digits(2 + Math.floor(rand() * 3));
            const pin = block.repeat(Math.max(2, Math.ceil(PIN_MIN_LENGTH[role] / block.length)) + Math.floor(rand() * 2));
            if (pin.length <= 12 && new Set(block).size > 1) return pin;
          }
        },
      },
      { kind: 'short', make: (role) => digits(Math.floor(rand() * PIN_MIN_LENGTH[role])) },
      { kind: 'long', make: () => digits(13 + Math.floor(rand() * 8)) },
      {
        kind: 'not digits',
        make: (role) => {
          const p = [...digits(len(role))];
          p[Math.floor(rand() * p.length)] = pick(rand, ['a', ' ', '+', '-', '.', '٣', '３', '\u0000', 'ｘ', '①']);
          return p.join('');
        },
      },
    ];
    let accepted = 0;
    for (let i = 0; i < ABUSE_PINS; i++) {
      const role: Role = rand() < 0.5 ? 'it' : 'volunteer';
      if (rand() < 0.5) {
        const m = pick(rand, makers);
        const pin = m.make(role);
        const why = pinProblem(role, pin);
        expect(why, `${m.kind}: ${JSON.stringify(pin)}`).toBeDefined();
        if (['short', 'long', 'not digits'].includes(m.kind)) expect(why).toMatch(/^An? (IT PIN|volunteer code) is \d+ to 12 digits \(0-9\), nothing else\.$/);
        else expect(why).toMatch(/^That (IT PIN|volunteer code) is too easy to guess \(.+\); choose another\.$/);
      } else {
        const pin = digits(len(role));
        if (pinProblem(role, pin) !== undefined) continue;
        accepted++;
        // What is accepted: digits only, long enough, not one digit, not a run up or down.
        expect(pin).toMatch(new RegExp(`^[0-9]{${PIN_MIN_LENGTH[role]},12}$`));
        expect(new Set(pin).size, pin).toBeGreaterThan(1);
        const steps = new Set([...pin].slice(1).map((d, j) => (Number(d) - Number(pin[j]) + 10) % 10));
        expect(steps.size === 1 && (steps.has(1) || steps.has(9)), pin).toBe(false);
      }
    }
    expect(accepted).toBeGreaterThan(ABUSE_PINS / 5);
    // A few are really set: stored, checked, and the IT PIN never equal to the volunteer code.
    const dir = tempDir('kiosk-pins-');
    setPin(dir, 'volunteer', '826401');
    expect(() => setPin(dir, 'it', '826401')).toThrow('The IT PIN must differ from the volunteer code; choose another.');
    setPin(dir, 'it', '5038271');
    expect(verifyPin(dir, 'it', '5038271') && !verifyPin(dir, 'it', '826401')).toBe(true);
    expect(readFileSync(join(dir, AUDIT_FILE), 'utf8')).not.toMatch(/826401|5038271/);
  });

  it(`never keeps a session past its lifetime or a 5-minute gap, over ${ABUSE_SCHEDULES * 10} random ways of using it`, () => {
    const rand = rng(SEED ^ 0x5e55);
    let t = 5_000_000;
    const s = new Sessions(tempDir(), fakePins({ it: IT_PIN, volunteer: CODE }), () => t);
    for (let n = 0; n < ABUSE_SCHEDULES * 10; n++) {
      const role: Role = rand() < 0.5 ? 'it' : 'volunteer';
      const r = s.unlock(role, role === 'it' ? IT_PIN : CODE);
      if (!r.ok) throw new Error(r.message);
      const created = t;
      let valid = true;
      // Uses mostly under the idle time, now and then a longer pause.
      while (valid) {
        const gap = rand() < 0.97 ? Math.floor(rand() * (SESSION_IDLE_MS - 1000)) : SESSION_IDLE_MS + Math.floor(rand() * 60_000);
        t += gap;
        const expected = gap <= SESSION_IDLE_MS && t - created <= SESSION_MAX_MS[role];
        valid = s.check(r.token, role);
        expect(valid, `${role} after ${t - created} ms, gap ${gap}`).toBe(expected);
      }
      expect(t - created).toBeLessThanOrEqual(SESSION_MAX_MS[role] + SESSION_IDLE_MS + 60_000); // the last pause may be a long one
      expect(s.anyOpen()).toBe(false);
    }
  });

  it(
    `never lets a pad try more than its daily limit, over ${ABUSE_SCHEDULES} schedules with restarts and day changes, and tablets never change the kiosk pad's answers`,
    { timeout: 120_000 },
    () => {
      const rand = rng(SEED ^ 0xda11);
      const pins = fakePins({ volunteer: CODE, it: IT_PIN });
      let reached = 0; // pads that did reach a limit, so the schedules test it
      for (let n = 0; n < ABUSE_SCHEDULES; n++) {
        let t = new Date(2026, 4, 1 + n, Math.floor(rand() * 24), Math.floor(rand() * 60)).getTime();
        const clock = () => t;
        const dir = tempDir('kiosk-sched-');
        const alone = tempDir('kiosk-sched-alone-'); // the kiosk pad with no tablets at all
        let s = new Sessions(dir, pins, clock);
        let shadow = new Sessions(alone, pins, clock);
        const tried = new Map<string, number>(); // day|source -> wrong PINs actually checked
        const day = () => new Date(t).toDateString();
        const addresses = ['10.0.0.2', '10.0.0.3', '10.0.0.4'];
        for (let e = 0; e < 300; e++) {
          const x = rand();
          if (x < 0.02) {
            s = new Sessions(dir, pins, clock); // a restart
            shadow = new Sessions(alone, pins, clock);
          } else if (x < 0.25) {
            t += Math.floor(rand() * (rand() < 0.1 ? 8 * 3600_000 : 20 * 60_000));
          } else {
            const role: Role = rand() < 0.5 ? 'volunteer' : 'it';
            const source = rand() < 0.3 ? AT_KIOSK : rand() < 0.8 ? pick(rand, addresses) : `10.1.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
            if (source !== AT_KIOSK && role === 'it') continue; // the API never lets a tablet try the IT pad
            const right = rand() < 0.05;
            const pin = right ? (role === 'it' ? IT_PIN : CODE) : '999999';
            const r = s.unlock(role, pin, source);
            if (!r.ok && r.message.startsWith('Wrong PIN.')) {
              const k = `${day()}|${role}|${source}`;
              tried.set(k, (tried.get(k) ?? 0) + 1);
              if (source !== AT_KIOSK) tried.set(`${day()}|${role}|network`, (tried.get(`${day()}|${role}|network`) ?? 0) + 1);
            }
            if (source === AT_KIOSK) {
              const a = shadow.unlock(role, pin);
              expect({ ok: r.ok, reason: !r.ok && r.reason }, `schedule ${n} event ${e}`).toEqual({ ok: a.ok, reason: !a.ok && a.reason });
            }
          }
        }
        for (const [k, v] of tried) {
          const limit = k.endsWith('|network') ? NETWORK_DAILY_FAILURE_LIMIT : DAILY_FAILURE_LIMIT;
          expect(v, k).toBeLessThanOrEqual(limit);
          if (v === limit) reached++;
        }
      }
      expect(reached).toBeGreaterThan(0);
    },
  );

  it('fails closed when the lockout record cannot be written: a folder in the way of lockout.json', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'lockout.json'));
    for (let restart = 0; restart < 3; restart++) {
      const s = new Sessions(dir, fakePins({ it: IT_PIN }), () => 1_000_000 + restart);
      const answers = Array.from({ length: FREE_ATTEMPTS + 5 }, () => s.unlock('it', '000000'));
      expect(answers.slice(FREE_ATTEMPTS - 1).every((a) => !a.ok && a.reason === 'unrecorded')).toBe(true);
      expect(s.unlock('it', IT_PIN)).toMatchObject({ ok: false, reason: 'unrecorded' });
    }
  });
});

describe.skipIf(!canMount)('a read-only data folder', () => {
  it('keeps what was recorded before across restarts, and closes a pad after the free tries once nothing more can be recorded', () => {
    const dir = tempDir('kiosk-rw-');
    let t = new Date(2026, 5, 10, 8, 0).getTime();
    const clock = () => t;
    const pins = fakePins({ it: IT_PIN, volunteer: CODE });
    // The IT pad reaches its daily limit while the folder can still be written.
    const before = new Sessions(dir, pins, clock);
    for (let i = 0; i < 200; i++) {
      const r = before.unlock('it', '000000');
      if (r.ok) throw new Error('unlocked');
      if (r.reason === 'locked-today') break;
      if (r.reason === 'locked') t += r.retryInSeconds * 1000 + 1000;
    }
    expect(before.unlock('it', IT_PIN)).toMatchObject({ ok: false, reason: 'locked-today' });
    const ro = tempDir('kiosk-ro-');
    expect(mount(['--bind', '-o', 'ro', dir], ro)).toBe(true);
    for (let restart = 0; restart < 3; restart++) {
      t += 60_000;
      const s = new Sessions(ro, pins, clock);
      expect(s.unlock('it', IT_PIN), `restart ${restart}`).toMatchObject({ ok: false, reason: 'locked-today' });
      const wrong = Array.from({ length: FREE_ATTEMPTS }, () => s.unlock('volunteer', '0000'));
      expect(wrong.at(-1)).toMatchObject({ ok: false, reason: 'unrecorded' });
      expect(s.unlock('volunteer', CODE)).toMatchObject({ ok: false, reason: 'unrecorded' });
    }
    // The next day the IT pad opens again, even read-only (the record says which day it was).
    t += 24 * 3600_000;
    expect(new Sessions(ro, pins, clock).unlock('it', IT_PIN).ok).toBe(true);
  });
});
