import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DAILY_FAILURE_LIMIT,
  FREE_ATTEMPTS,
  IT_SESSION_MAX_MS,
  lockoutSeconds,
  NETWORK_DAILY_FAILURE_LIMIT,
  SESSION_IDLE_MS,
  Sessions,
  VOLUNTEER_SESSION_MAX_MS,
  type PinCheck,
  type Role,
} from '../../../../src/core/access/sessions.js';
import { readAuditLog } from '../../../../src/core/audit/log.js';
import { PinError, pinProblem, setPin, verifyPin } from '../../../../src/core/access/pins.js';
import { tempDir } from '../../helpers.js';

const pins = (set: Partial<Record<Role, string>>): PinCheck => ({ has: (r) => set[r] !== undefined, verify: (r, p) => set[r] === p });

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('unlocking staff screens', () => {
  it('cannot be unlocked from the touchscreen when no PIN is set', () => {
    const s = new Sessions(tempDir(), pins({}));
    expect(s.available('it')).toBe(false);
    expect(s.unlock('it', '1234')).toMatchObject({ ok: false, reason: 'no-pin', message: expect.stringMatching(/kiosk set-pin --role it/) });
  });

  it('gives a session for the right PIN, only for its own role', () => {
    const s = new Sessions(tempDir(), pins({ it: '482916', volunteer: '1357' }));
    const r = s.unlock('it', '482916');
    if (!r.ok) throw new Error(r.message);
    expect(s.check(r.token, 'it')).toBe(true);
    expect(s.check(r.token, 'volunteer')).toBe(false);
    expect(s.unlock('volunteer', '482916')).toMatchObject({ ok: false, reason: 'wrong-pin' });
  });

  it('counts down the tries, then locks for longer after each further failure', () => {
    const c = clock();
    const s = new Sessions(tempDir(), pins({ it: '482916' }), c.now);
    expect(s.unlock('it', '0000')).toMatchObject({ reason: 'wrong-pin', message: 'Wrong PIN. 2 tries left before the PIN pad locks.' });
    expect(s.unlock('it', '0000')).toMatchObject({ reason: 'wrong-pin', message: 'Wrong PIN. 1 try left before the PIN pad locks.' });
    expect(s.unlock('it', '0000')).toMatchObject({ reason: 'locked', retryInSeconds: 30 });
    // Even the right PIN is refused while locked.
    expect(s.unlock('it', '482916')).toMatchObject({ reason: 'locked', message: 'Too many wrong PINs. Try again in 30 seconds.' });
    c.advance(31_000);
    expect(s.unlock('it', '1111')).toMatchObject({ reason: 'locked', retryInSeconds: 60 });
    c.advance(61_000);
    expect(s.unlock('it', '482916').ok).toBe(true);
    expect(s.unlock('it', '0000')).toMatchObject({ reason: 'wrong-pin' }); // success reset the count
  });

  it('counts wrong PINs per source: a network device that locks itself out leaves the kiosk pad and other devices open', () => {
    const dir = tempDir();
    const c = clock();
    const s = new Sessions(dir, pins({ volunteer: '7315' }), c.now);
    for (let i = 0; i < FREE_ATTEMPTS + 2; i++) s.unlock('volunteer', '0000', '10.0.0.5');
    expect(s.unlock('volunteer', '7315', '10.0.0.5')).toMatchObject({ ok: false, reason: 'locked' });
    expect(s.unlock('volunteer', '7315', '10.0.0.6').ok).toBe(true);
    expect(s.unlock('volunteer', '7315').ok).toBe(true);
    // And the other way round: wrong codes at the kiosk do not lock a tablet.
    for (let i = 0; i < FREE_ATTEMPTS; i++) s.unlock('volunteer', '0000');
    expect(s.unlock('volunteer', '7315')).toMatchObject({ ok: false, reason: 'locked' });
    expect(s.unlock('volunteer', '7315', '10.0.0.6').ok).toBe(true);
    // Each source's lockout survives a restart.
    const again = new Sessions(dir, pins({ volunteer: '7315' }), c.now);
    expect(again.unlock('volunteer', '7315', '10.0.0.5')).toMatchObject({ ok: false, reason: 'locked' });
    expect(again.unlock('volunteer', '7315')).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('keeps the lockout across a restart', () => {
    const dir = tempDir();
    const c = clock();
    const first = new Sessions(dir, pins({ it: '482916' }), c.now);
    for (let i = 0; i < FREE_ATTEMPTS; i++) first.unlock('it', '0000');
    const second = new Sessions(dir, pins({ it: '482916' }), c.now);
    expect(second.unlock('it', '482916')).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('fails closed when wrong PINs cannot be recorded: after the free tries the pad stays locked, and says why', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'lockout.json')); // a folder in the way: every save fails, even as root
    const c = clock();
    const s = new Sessions(dir, pins({ it: '482916', volunteer: '7315' }), c.now);
    const results = Array.from({ length: FREE_ATTEMPTS }, () => s.unlock('it', '0000'));
    expect(results.slice(0, -1).map((r) => !r.ok && r.reason)).toEqual(['wrong-pin', 'wrong-pin']);
    const closed =
      'Wrong PINs cannot be recorded because the data folder cannot be written, so this PIN pad stays locked until IT staff fix the data folder and restart the kiosk.';
    expect(results.at(-1)).toMatchObject({ ok: false, reason: 'unrecorded', message: `Wrong PIN. ${closed}` });
    // Not a lockout that ends: a day later the right PIN is still refused, in the same sentence.
    c.advance(24 * 3600_000);
    expect(s.unlock('it', '482916')).toMatchObject({ ok: false, reason: 'unrecorded', message: closed });
    // The volunteer pad, with no wrong codes, still opens.
    expect(s.unlock('volunteer', '7315').ok).toBe(true);
  });

  it('ends a session at its lifetime however often it is used: IT after an hour, a volunteer after twelve', () => {
    expect(IT_SESSION_MAX_MS).toBe(3600_000);
    expect(VOLUNTEER_SESSION_MAX_MS).toBe(12 * 3600_000);
    const c = clock();
    const s = new Sessions(tempDir(), pins({ it: '482916', volunteer: '7315' }), c.now);
    const it = s.unlock('it', '482916');
    const volunteer = s.unlock('volunteer', '7315');
    if (!it.ok || !volunteer.ok) throw new Error('unlock failed');
    // Both used every 4 minutes (never idle for 5), for 30 days: when does each first fail?
    const endedAt: Partial<Record<Role, number>> = {};
    for (let used = 4 * 60_000; used <= 30 * 24 * 3600_000; used += 4 * 60_000) {
      c.advance(4 * 60_000);
      if (endedAt.it === undefined && !s.check(it.token, 'it')) endedAt.it = used;
      if (endedAt.volunteer === undefined && !s.check(volunteer.token, 'volunteer')) endedAt.volunteer = used;
    }
    expect(endedAt).toEqual({ it: 64 * 60_000, volunteer: 12 * 3600_000 + 4 * 60_000 }); // the first check past each lifetime
    expect(s.anyOpen()).toBe(false);
  });

  it('locks the pad for the rest of the day after the daily limit of wrong PINs, also across a restart', () => {
    const dir = tempDir();
    const c = clock(new Date(2026, 0, 15, 0, 30).getTime()); // half past midnight, local time
    const s = new Sessions(dir, pins({ it: '482916' }), c.now);
    let wrong = 0;
    let r = s.unlock('it', '000000');
    for (let n = 0; n < 200 && r.ok === false && r.reason !== 'locked-today'; n++, r = s.unlock('it', '000000')) {
      if (r.reason === 'wrong-pin' || r.message.startsWith('Wrong PIN.')) wrong++;
      if (r.reason === 'locked') c.advance(r.retryInSeconds * 1000 + 1000);
    }
    expect(wrong + 1).toBe(DAILY_FAILURE_LIMIT); // the last one said "Wrong PIN" and locked the day
    expect(r).toMatchObject({ ok: false, reason: 'locked-today', message: 'Wrong PIN. Too many wrong PINs today: the PIN pad opens again tomorrow.' });
    expect(new Date(c.now() + (r as { retryInSeconds: number }).retryInSeconds * 1000).getHours()).toBe(0); // until midnight
    // The right PIN, later that day and after a restart, is refused too.
    c.advance(3 * 3600_000);
    const restarted = new Sessions(dir, pins({ it: '482916' }), c.now);
    expect(restarted.unlock('it', '482916')).toMatchObject({
      ok: false,
      reason: 'locked-today',
      message: 'Too many wrong PINs today: the PIN pad opens again tomorrow.',
    });
    // The next day it opens.
    c.advance(24 * 3600_000);
    expect(restarted.unlock('it', '482916').ok).toBe(true);
  });

  it('keeps a daily limit per network device and one for all of them together, and neither touches the kiosk pad', () => {
    const c = clock(new Date(2026, 0, 15, 0, 30).getTime());
    const s = new Sessions(tempDir(), pins({ volunteer: '7315' }), c.now);
    /** Wrong codes from one address until its pad is locked for the day; how many it got to try. */
    const exhaust = (address: string) => {
      let tried = 0;
      for (let n = 0; n < 200; n++) {
        const r = s.unlock('volunteer', '0000', address);
        if (r.ok) throw new Error('unlocked');
        if (r.reason === 'locked-today') return tried + (r.message.startsWith('Wrong PIN.') ? 1 : 0);
        if (r.reason === 'locked') c.advance(r.retryInSeconds * 1000 + 1000);
        if (r.message.startsWith('Wrong PIN.')) tried++;
      }
      return Infinity; // never locked for the day
    };
    const perDevice = NETWORK_DAILY_FAILURE_LIMIT / DAILY_FAILURE_LIMIT;
    for (let i = 1; i <= perDevice; i++) expect(exhaust(`10.0.0.${i}`), `device ${i}`).toBe(DAILY_FAILURE_LIMIT);
    // A new address gets no more guesses today, not even the right code.
    expect(exhaust('10.0.0.200')).toBe(0);
    expect(s.unlock('volunteer', '7315', '10.0.0.201')).toMatchObject({ ok: false, reason: 'locked-today' });
    // The kiosk's own pad is not part of it.
    expect(s.unlock('volunteer', '7315').ok).toBe(true);
  });

  it('ends a session after a while without use', () => {
    const c = clock();
    const s = new Sessions(tempDir(), pins({ it: '482916' }), c.now);
    const r = s.unlock('it', '482916');
    if (!r.ok) throw new Error(r.message);
    c.advance(SESSION_IDLE_MS - 1000);
    expect(s.check(r.token, 'it')).toBe(true);
    c.advance(SESSION_IDLE_MS + 1);
    expect(s.check(r.token, 'it')).toBe(false);
  });

  it('grows the lockout up to a ceiling', () => {
    expect([1, 2, 3, 4, 5, 10].map(lockoutSeconds)).toEqual([0, 0, 30, 60, 120, 900]);
  });
});

describe('what a staff PIN may be', () => {
  it('wants at least 6 digits for IT and 4 for the volunteer code', () => {
    const dir = tempDir();
    for (const pin of ['', '4829', '48291', '48291a', '４８２９１６', ' 482916', '4829163750123']) {
      expect(() => setPin(dir, 'it', pin), pin).toThrow(new PinError('An IT PIN is 6 to 12 digits (0-9), nothing else.'));
    }
    for (const pin of ['731', '73a5', '7315 '])
      expect(() => setPin(dir, 'volunteer', pin), pin).toThrow(new PinError('A volunteer code is 4 to 12 digits (0-9), nothing else.'));
    setPin(dir, 'it', '482916');
    setPin(dir, 'volunteer', '7315');
    expect(verifyPin(dir, 'it', '482916') && verifyPin(dir, 'volunteer', '7315')).toBe(true);
  });

  it('refuses PINs that are easy to guess, saying why', () => {
    const dir = tempDir();
    const why = {
      'one digit repeated': ['111111', '000000', '9999999999', '1111', '0000'],
      'digits in a row, such as 123456 or 654321': ['123456', '654321', '234567', '567890', '901234', '3210987', '1234', '4321', '7890', '0123456789'],
      'a short group of digits repeated, such as 121212': ['121212', '123123', '12341234', '1212', '4545', '520520'],
      'one of the most common PINs': ['2580', '0852', '1004', '2000', '112233', '147258', '159753', '123321'],
    };
    for (const [reason, list] of Object.entries(why)) {
      for (const pin of list) {
        const role = pin.length >= 6 ? 'it' : 'volunteer';
        expect(pinProblem(role, pin), pin).toBe(`That ${role === 'it' ? 'IT PIN' : 'volunteer code'} is too easy to guess (${reason}); choose another.`);
        expect(() => setPin(dir, role, pin), pin).toThrow(PinError);
      }
    }
    // Nothing was set, every refusal is in the audit log with its reason, and no PIN is.
    expect(verifyPin(dir, 'it', '123456')).toBe(false);
    const log = readFileSync(join(dir, 'audit.log'), 'utf8').replace(/such as [0-9 or]+/g, '');
    for (const pin of Object.values(why).flat()) expect(log).not.toContain(pin);
    expect(readAuditLog(dir, 0).at(-1)).toMatchObject({
      action: 'set-pin',
      result: 'refused',
      reason: 'The new IT PIN was refused: that IT PIN is too easy to guess (one of the most common PINs); choose another.',
    });
    for (const ok of ['482916', '975318', '246810', '130572']) expect(pinProblem('it', ok), ok).toBeUndefined();
    for (const ok of ['7315', '2468', '8061']) expect(pinProblem('volunteer', ok), ok).toBeUndefined();
  });

  it('keeps the IT PIN and the volunteer code apart, whichever is set first', () => {
    const dir = tempDir();
    setPin(dir, 'volunteer', '482916');
    expect(() => setPin(dir, 'it', '482916')).toThrow(new PinError('The IT PIN must differ from the volunteer code; choose another.'));
    setPin(dir, 'it', '975318');
    expect(() => setPin(dir, 'volunteer', '975318')).toThrow(new PinError('The volunteer code must differ from the IT PIN; choose another.'));
    expect(verifyPin(dir, 'it', '975318') && verifyPin(dir, 'volunteer', '482916')).toBe(true);
    // Setting the same role again to its own PIN is fine.
    setPin(dir, 'it', '975318');
  });
});
