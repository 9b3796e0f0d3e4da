/**
 * LAN mode over HTTP: requests from other machines reach only the volunteer directory, behind
 * the volunteer code, and never an IT function. Another machine is stood in for by the host's
 * isRemote hook, since tests only talk to loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kiosk } from '../../src/app/kiosk.js';
import { readAuditLog } from '../../src/core/audit/log.js';
import { setPin } from '../../src/core/access/pins.js';
import { isLoopback, SESSION_HEADER, startHost, type RunningHost } from '../../src/host/server.js';
import { main } from '../../src/cli/kiosk.js';

let dir: string;
let kiosk: Kiosk;
let host: RunningHost;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-lan-'));
  kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
  setPin(dir, 'it', '482916');
  setPin(dir, 'volunteer', '7315');
  host = await startHost({ api: kiosk, uiDir: join(dir, 'ui'), lan: true, host: '127.0.0.1', isRemote: () => true });
});

afterAll(async () => {
  await host.close();
  kiosk.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(method: string, body: unknown, session?: string) {
  const res = await fetch(new URL(`/api/${method}`, host.url.replace('0.0.0.0', '127.0.0.1')), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(session ? { [SESSION_HEADER]: session } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { message: string } } };
}

describe('LAN mode', () => {
  it('tells a LAN device it is one, and asks it for the volunteer code first', async () => {
    const info = (await post('getInfo', {})).body.value;
    expect(info?.viewer).toBe('lan-device');
    expect(info?.staff).toEqual({ it: false, volunteer: true }); // an IT PIN is set, but that is not the device's business
    const r = await post('listDepartments', {});
    expect(r.status).toBe(403);
    expect(r.body.error?.message).toBe('Enter the volunteer code to use the kiosk directory from this device.');
  });

  it('serves the directory once the volunteer code is entered', async () => {
    const unlocked = await post('unlock', { role: 'volunteer', pin: '7315' });
    const token = unlocked.body.value?.token as string;
    expect((await post('getDirectory', { token }, token)).status).toBe(200);
    expect((await post('getDepartment', { id: 'vascular-surgery' }, token)).status).toBe(200);
    const unlocks = readAuditLog(dir, 0).filter((e) => e.action === 'unlock');
    expect(unlocks.at(-1)?.reason).toMatch(/^Volunteer mode was unlocked from a device on the network \(\S*127\.0\.0\.1\)\.$/);
  });

  it('never answers an IT function, even to a device holding an IT session', async () => {
    const it = kiosk.sessions.unlock('it', '482916');
    if (!it.ok) throw new Error(it.message);
    const volunteer = (await post('unlock', { role: 'volunteer', pin: '7315' })).body.value?.token as string;
    for (const m of ['itStatus', 'itListPacks', 'itRollback', 'itAuditLog']) {
      const r = await post(m, { token: it.token }, volunteer);
      expect(r.status, m).toBe(403);
      expect(r.body.error?.message).toBe('IT functions are only available at the kiosk itself.');
    }
    expect((await post('unlock', { role: 'it', pin: '482916' })).status).toBe(403);
    // The attempts are in the audit log, once (not once per call: a device cannot flood it).
    const lan = readAuditLog(dir, 0).filter((e) => e.action === 'lan');
    expect(lan).toHaveLength(1);
    expect(lan[0]).toMatchObject({ result: 'refused' });
    expect(lan[0]!.reason).toMatch(/^A device on the network \(\S*127\.0\.0\.1\) asked for the IT function itStatus; IT functions answer only at the kiosk itself\./);
  });

  it('recognises loopback addresses', () => {
    expect(['127.0.0.1', '127.8.0.1', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['10.0.0.5', '192.168.1.20', '::ffff:10.1.1.1', 'fe80::1', undefined].map(isLoopback)).toEqual([false, false, false, false, false]);
  });

  it('refuses to start without a volunteer code', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kiosk-lan-'));
    const errors: string[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => void errors.push(a.join(' '));
    try {
      expect(await main(['serve', '--lan', '--port', '0', '--data-dir', empty])).toBe(2);
    } finally {
      console.error = orig;
      rmSync(empty, { recursive: true, force: true });
    }
    expect(errors[0]).toMatch(/LAN mode needs a volunteer code/);
  });
});
