import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FREE_ATTEMPTS, lockoutSeconds, SESSION_IDLE_MS, Sessions, type PinCheck, type Role } from '../../src/core/access/sessions.js';
import { tempDir } from './helpers.js';

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
    const s = new Sessions(tempDir(), pins({ it: '2468', volunteer: '1357' }));
    const r = s.unlock('it', '2468');
    if (!r.ok) throw new Error(r.message);
    expect(s.check(r.token, 'it')).toBe(true);
    expect(s.check(r.token, 'volunteer')).toBe(false);
    expect(s.unlock('volunteer', '2468')).toMatchObject({ ok: false, reason: 'wrong-pin' });
  });

  it('counts down the tries, then locks for longer after each further failure', () => {
    const c = clock();
    const s = new Sessions(tempDir(), pins({ it: '2468' }), c.now);
    expect(s.unlock('it', '0000')).toMatchObject({ reason: 'wrong-pin', message: 'Wrong PIN. 2 tries left before the PIN pad locks.' });
    expect(s.unlock('it', '0000')).toMatchObject({ reason: 'wrong-pin', message: 'Wrong PIN. 1 try left before the PIN pad locks.' });
    expect(s.unlock('it', '0000')).toMatchObject({ reason: 'locked', retryInSeconds: 30 });
    // Even the right PIN is refused while locked.
    expect(s.unlock('it', '2468')).toMatchObject({ reason: 'locked', message: 'Too many wrong PINs. Try again in 30 seconds.' });
    c.advance(31_000);
    expect(s.unlock('it', '1111')).toMatchObject({ reason: 'locked', retryInSeconds: 60 });
    c.advance(61_000);
    expect(s.unlock('it', '2468').ok).toBe(true);
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
    const first = new Sessions(dir, pins({ it: '2468' }), c.now);
    for (let i = 0; i < FREE_ATTEMPTS; i++) first.unlock('it', '0000');
    const second = new Sessions(dir, pins({ it: '2468' }), c.now);
    expect(second.unlock('it', '2468')).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('still locks when the lockout cannot be saved', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'lockout.json')); // a folder in the way: every save fails, even as root
    const c = clock();
    const s = new Sessions(dir, pins({ it: '2468' }), c.now);
    const results = Array.from({ length: FREE_ATTEMPTS }, () => s.unlock('it', '0000'));
    expect(results.at(-1)).toMatchObject({ ok: false, reason: 'locked' });
    expect(s.unlock('it', '2468')).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('ends a session after a while without use', () => {
    const c = clock();
    const s = new Sessions(tempDir(), pins({ it: '2468' }), c.now);
    const r = s.unlock('it', '2468');
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
