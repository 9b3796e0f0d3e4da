/**
 * LAN mode over HTTP: requests from other machines reach only the volunteer directory, behind
 * the volunteer code, and never an IT function. Another machine is stood in for by the host's
 * isRemote hook, since tests only talk to loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kiosk } from '../../../src/app/kiosk.js';
import { readAuditLog } from '../../../src/core/audit/log.js';
import { setPin } from '../../../src/core/access/pins.js';
import { request } from 'node:http';
import { dispatch } from '../../../src/core/api/handlers.js';
import { isLoopback, SESSION_HEADER, startHost, type RunningHost } from '../../../src/host/server.js';
import { main } from '../../../src/cli/kiosk.js';

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

/** The same call from another device: the request leaves from another loopback address, which the kiosk sees as its address. */
function postFrom(address: string, method: string, body: unknown, headers: Record<string, string> = {}) {
  const port = Number(new URL(host.url).port);
  return new Promise<{ status: number; body: { ok: boolean; value?: Record<string, unknown>; error?: { message: string } } }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress: address,
        path: `/api/${method}`,
        method: 'POST',
        headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: /json/.test(res.headers['content-type'] ?? '') ? JSON.parse(text) : text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
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
    for (const m of ['itStatus', 'itPackList', 'itRollback', 'itAuditLog', 'itExportAuditLog']) {
      const r = await post(m, { token: it.token, ...(m === 'itExportAuditLog' ? { lang: 'en' } : {}) }, volunteer);
      expect(r.status, m).toBe(403);
      expect(r.body.error?.message).toBe('IT functions are only available at the kiosk itself.');
    }
    expect((await post('unlock', { role: 'it', pin: '482916' })).status).toBe(403);
    // The attempts are in the audit log, once (not once per call: a device cannot flood it).
    const lan = readAuditLog(dir, 0).filter((e) => e.action === 'lan');
    expect(lan).toHaveLength(1);
    expect(lan[0]).toMatchObject({ result: 'refused' });
    expect(lan[0]!.reason).toMatch(
      /^A device on the network \(\S*127\.0\.0\.1\) asked for the IT function itStatus; IT functions answer only at the kiosk itself\./,
    );
  });

  it('counts wrong codes per device: a tablet that locks itself out locks neither the kiosk nor other tablets', async () => {
    for (let i = 0; i < 5; i++) await postFrom('127.0.0.2', 'unlock', { role: 'volunteer', pin: '0000' });
    const locked = await postFrom('127.0.0.2', 'unlock', { role: 'volunteer', pin: '7315' });
    expect(locked.body.value).toMatchObject({ ok: false, reason: 'locked' });
    // Another device, and the kiosk's own pad, still get in with the right code.
    expect((await postFrom('127.0.0.3', 'unlock', { role: 'volunteer', pin: '7315' })).body.value).toMatchObject({ ok: true });
    expect(await dispatch(kiosk, 'unlock', { role: 'volunteer', pin: '7315' })).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('answers only requests addressed to the address it was reached on (DNS rebinding against the LAN address)', async () => {
    const port = Number(new URL(host.url).port);
    for (const name of ['evil.example', 'kiosk.attacker.example', '10.99.0.1', '127.0.0.1.nip.io', '127.0.0.4']) {
      const r = await postFrom('127.0.0.4', 'getInfo', {}, { Host: `${name}:${port}` });
      expect(r.status, name).toBe(421);
      expect(r.body, name).toBe('This request was addressed to another host name, so the kiosk does not answer it.');
    }
    expect((await postFrom('127.0.0.4', 'getInfo', {}, { Host: `127.0.0.1:${port + 1}` })).status).toBe(421);
    expect((await postFrom('127.0.0.4', 'getInfo', {}, { Host: `127.0.0.1:${port}` })).status).toBe(200);
  });

  it('takes no LAN request for a touch at the kiosk, so a busy tablet does not hold off work meant for idle moments', async () => {
    const before = kiosk.lastActivity;
    await new Promise((r) => setTimeout(r, 5));
    const token = (await post('unlock', { role: 'volunteer', pin: '7315' })).body.value?.token as string;
    await post('listDepartments', {}); // refused: no session
    await post('getDirectory', { token }, token);
    await post('search', { q: '超声' }, token);
    expect(kiosk.lastActivity).toBe(before);
    await dispatch(kiosk, 'listDepartments', {}); // the kiosk's own screen
    expect(kiosk.lastActivity).toBeGreaterThan(before);
  });

  it('takes extra names for LAN mode only as host names, and only with --lan', async () => {
    const errors: string[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => void errors.push(a.join(' '));
    try {
      expect(await main(['serve', '--lan-name', 'kiosk-lobby.hospital.example', '--port', '0', '--data-dir', dir])).toBe(2);
      expect(await main(['serve', '--lan', '--lan-name', 'evil.example:80', '--port', '0', '--data-dir', dir])).toBe(2);
      expect(await main(['serve', '--lan', '--lan-name', '10.0.0.5', '--port', '0', '--data-dir', dir])).toBe(2);
    } finally {
      console.error = orig;
    }
    expect(errors.map((e) => e.split('\n')[0])).toEqual([
      'kiosk serve: --lan-name only applies together with --lan.',
      'kiosk serve: --lan-name evil.example:80 is not a host name; give a name such as kiosk-lobby.hospital.example.',
      'kiosk serve: --lan-name 10.0.0.5 is not a host name; give a name such as kiosk-lobby.hospital.example.',
    ]);
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
