/**
 * LAN mode across a real network: the issue asks for a test "that no IT function answers on a
 * non-loopback address in LAN mode". server.lan.test.ts checks the rules with the host's isRemote hook;
 * this one makes the project's own test host instead: a network namespace (the "tablet") joined
 * to this machine by a veth pair on a private /30, runs the real `kiosk serve --lan`, and calls it
 * from inside the namespace exactly as a volunteer's tablet does (src/ui/lib/api.ts: JSON POSTs
 * to /api/<method>, the volunteer session in the x-kiosk-session header).
 *
 * Traffic only goes between the two ends of that veth: the namespace has no other interface and
 * no route but the /30, and the kiosk's own checks are made on 127.0.0.1. Needs root on Linux,
 * `ip` (iproute2) and a built kiosk (`npm run build`); where the namespace cannot be made, it says
 * why and is skipped. Everything is taken down in afterAll, also when a test fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAccess, apiArgs, type ApiMethod } from '../../../src/core/api/contract.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const IT_PIN = '482916';
const VOLUNTEER_CODE = '7315';
const IT_REFUSAL = 'IT functions are only available at the kiosk itself.';

const NS = `kiosk-lan-${process.pid}`;
const KIOSK_IF = `kl${process.pid}k`; // the kiosk's end, in this machine's namespace
const TABLET_IF = `kl${process.pid}t`; // the tablet's end, inside NS
const SUBNET = '10.213.47.0/30';
const KIOSK_ADDR = '10.213.47.1';
const TABLET_ADDR = '10.213.47.2';
/** A DNS name of the kiosk on the hospital network, given to `kiosk serve --lan-name`. */
const LAN_NAME = 'kiosk-lobby.hospital.example';
/** Any single command gets this long, a tablet's request half of it, a tablet's batch of requests 15 s. */
const CALL_MS = 10_000;
const BATCH_MS = 15_000;

const ip = (args: string[]) => spawnSync('ip', args, { encoding: 'utf8', timeout: CALL_MS });
const firstLine = (s: string | undefined) => (s ?? '').trim().split('\n')[0] || 'no reason given';

/** Why the test host cannot be made on this machine, or undefined when it can (checked once). */
function whyNoNetns(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'making a network namespace needs root';
  if (ip(['-V']).error) return 'the ip command (Debian package iproute2) is not installed';
  // The /30 must be free: no address of this machine in it and no route more specific than the default.
  if (ip(['-4', '-o', 'addr', 'show', 'to', SUBNET]).stdout.trim()) return `${SUBNET} is already in use on this machine`;
  const covering = ip(['-4', 'route', 'show', 'match', TABLET_ADDR])
    .stdout.trim()
    .split('\n')
    .filter((l) => l && !l.startsWith('default'));
  if (covering.length) return `${SUBNET} is already routed on this machine (${covering[0]})`;
  const probe = `kiosk-probe-${process.pid}`;
  const ns = ip(['netns', 'add', probe]);
  if (ns.status !== 0) return `"ip netns add" is not allowed here (${firstLine(ns.stderr)})`;
  const veth = ip(['link', 'add', `kp${process.pid}k`, 'type', 'veth', 'peer', 'name', `kp${process.pid}t`, 'netns', probe]);
  if (veth.status === 0) ip(['link', 'del', `kp${process.pid}k`]); // both ends go at once
  ip(['netns', 'del', probe]);
  if (veth.status !== 0) return `a veth pair cannot be made here (${firstLine(veth.stderr)})`;
  if (!existsSync(join(ROOT, 'dist/cli/kiosk.js')) || !existsSync(join(ROOT, 'dist/ui/index.html'))) {
    throw new Error('lan-netns: the kiosk has not been built; run "npm run build" first.');
  }
  return undefined;
}

const noNetns = whyNoNetns();
if (noNetns) console.log(`lan-netns: ${noNetns}; the LAN mode test across a real network is skipped`);

/** Commands still running, stopped in afterAll before the namespace goes (a process inside would keep it alive). */
const running = new Set<ChildProcess>();

/** Runs a command with a time limit; resolves with its exit code and output, never hangs. */
function run(cmd: string, args: string[], input?: string, ms = CALL_MS): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(stopped after ${ms} ms)`;
      child.kill('SIGKILL');
    }, ms);
    child.on('error', (e) => (stderr += e.message));
    child.on('close', (code) => {
      running.delete(child);
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

async function kioskCli(args: string[], input?: string): Promise<void> {
  const r = await run(process.execPath, ['bin/kiosk.js', ...args], input, 60_000);
  if (r.code !== 0) throw new Error(`kiosk ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

/** Takes down what was set up, newest first; each step runs once, also from the exit backstop. */
const undo: { name: string; fn: () => void | Promise<void> }[] = [];
let server: ChildProcess | undefined;
let serverOut = '';
let port = 0;

function killServerNow(): void {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
}

async function stopServer(): Promise<void> {
  const s = server;
  if (!s || s.exitCode !== null || s.signalCode !== null) return;
  const exited = new Promise<void>((r) => s.once('exit', () => r()));
  s.kill('SIGTERM');
  const timer = setTimeout(() => s.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

const dropNetns = () => void ip(['netns', 'del', NS]);
const dropVeth = () => void (ip(['link', 'show', KIOSK_IF]).status === 0 && ip(['link', 'del', KIOSK_IF]));

/** Starts `kiosk serve --lan` and waits for its LAN notice; the port comes from its output. */
function startServer(dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/kiosk.js', 'serve', '--lan', '--lan-name', LAN_NAME, '--port', '0', '--data-dir', dataDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    const timer = setTimeout(() => reject(new Error(`kiosk serve did not start within 30 s:\n${serverOut}`)), 30_000);
    const look = () => {
      const m = /Kiosk serving at http:\/\/0\.0\.0\.0:(\d+)\//.exec(serverOut);
      if (m && serverOut.includes('Restart without --lan')) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', (c: Buffer) => {
      serverOut += c.toString();
      look();
    });
    child.stderr!.on('data', (c: Buffer) => (serverOut += c.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`kiosk serve stopped (${code ?? signal}):\n${serverOut}`));
    });
  });
}

interface Answer {
  status: number;
  type: string;
  text: string;
}

interface ApiAnswer {
  status: number;
  body: { ok: boolean; value?: any; error?: { code: string; message: string } };
}

/**
 * What a tablet does, run inside the namespace: each request in turn with a time limit, the
 * answers written back as JSON. Only the addresses built below (the kiosk's end of the veth) are asked.
 */
const TABLET = `
const http = require('node:http');
/** A request with its own Host header, which fetch does not send: what a page under another name sends. */
const raw = (r) => new Promise((resolve) => {
  const u = new URL(r.url);
  const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: r.method, headers: r.headers, timeout: ${CALL_MS / 2} }, (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c) => (text += c));
    res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'] || '', text }));
  });
  req.on('error', (e) => resolve({ status: 0, type: '', text: String(e.code || e) }));
  req.end(r.body);
});
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', async () => {
  const out = [];
  for (const r of JSON.parse(input)) {
    if (r.headers.Host) {
      out.push(await raw(r));
      continue;
    }
    try {
      const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body, redirect: 'manual', signal: AbortSignal.timeout(${CALL_MS / 2}) });
      out.push({ status: res.status, type: res.headers.get('content-type') || '', text: await res.text() });
    } catch (e) {
      out.push({ status: 0, type: '', text: String((e && e.cause && e.cause.code) || e) });
    }
  }
  process.stdout.write(JSON.stringify(out));
});`;

interface TabletCall {
  /** A page path (GET), or an API method (POST with its arguments, as src/ui/lib/api.ts sends them). */
  path?: string;
  method?: ApiMethod;
  args?: Record<string, unknown>;
  session?: string;
  /** The Host header, when not the kiosk's address (a page under another name, rebound to it). */
  host?: string;
}

async function fromTablet(calls: TabletCall[]): Promise<Answer[]> {
  const requests = calls.map((c) =>
    c.method
      ? {
          url: `http://${KIOSK_ADDR}:${port}/api/${c.method}`,
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(c.session ? { 'x-kiosk-session': c.session } : {}), ...(c.host ? { Host: c.host } : {}) },
          body: JSON.stringify(c.args ?? {}),
        }
      : { url: `http://${KIOSK_ADDR}:${port}${c.path ?? '/'}`, method: 'GET', headers: c.host ? { Host: c.host } : {} },
  );
  const r = await run('ip', ['netns', 'exec', NS, process.execPath, '-e', TABLET], JSON.stringify(requests), BATCH_MS);
  if (r.code !== 0) throw new Error(`the tablet could not run its calls (${r.code}):\n${r.stderr}`);
  const answers = JSON.parse(r.stdout) as Answer[];
  for (const [i, a] of answers.entries()) if (a.status === 0) throw new Error(`the tablet could not reach the kiosk for ${requests[i]!.url}: ${a.text}`);
  return answers;
}

const asApi = (a: Answer): ApiAnswer => ({ status: a.status, body: JSON.parse(a.text) as ApiAnswer['body'] });

async function tabletApi(method: ApiMethod, args: Record<string, unknown> = {}, session?: string): Promise<ApiAnswer> {
  return asApi((await fromTablet([{ method, args, session }]))[0]!);
}

/** The same call from the kiosk's own browser, on loopback in this machine's namespace. */
async function atKiosk(method: ApiMethod, args: Record<string, unknown> = {}): Promise<ApiAnswer> {
  const res = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
    signal: AbortSignal.timeout(CALL_MS),
  });
  return { status: res.status, body: (await res.json()) as ApiAnswer['body'] };
}

async function volunteerSession(): Promise<string> {
  const r = await tabletApi('unlock', { role: 'volunteer', pin: VOLUNTEER_CODE });
  expect(r.status).toBe(200);
  expect(r.body.value).toMatchObject({ ok: true });
  return r.body.value.token as string;
}

/** Every IT method of the contract, with arguments that pass its schema, so the access rule is what answers. */
const IT_METHODS = (Object.keys(apiAccess) as ApiMethod[]).filter((m) => apiAccess[m] === 'it');
function itArgs(method: ApiMethod, token: string): Record<string, unknown> {
  const extra: Record<string, unknown> =
    {
      itInspectPack: { file: '/media/usb/content.kpack' },
      itInstallPack: { file: '/media/usb/content.kpack' },
      itPreviewPack: { file: '/media/usb/content.kpack' },
      itInstallJob: { id: 'job-1' },
      itExportAuditLog: { lang: 'zh' },
    }[method as string] ?? {};
  const args = { token, ...extra };
  if (!apiArgs[method].safeParse(args).success) throw new Error(`lan-netns: give ${method} valid arguments in itArgs()`);
  return args;
}

describe.skipIf(!!noNetns)('LAN mode across a real network (a tablet in its own network namespace)', () => {
  beforeAll(async () => {
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
      killServerNow();
      dropVeth();
      dropNetns();
    });

    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-lan-netns-'));
    undo.push({ name: 'data folder', fn: () => rmSync(dataDir, { recursive: true, force: true }) });

    // The test host: the tablet's namespace, a veth pair and nothing else.
    const sh = (args: string[]) => {
      const r = ip(args);
      if (r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${firstLine(r.stderr)}`);
      return r.stdout;
    };
    sh(['netns', 'add', NS]);
    undo.push({ name: 'network namespace', fn: dropNetns });
    undo.push({ name: 'veth pair', fn: dropVeth }); // goes with the namespace; this is for a half-made pair
    undo.push({ name: 'tablet calls', fn: () => running.forEach((c) => c.kill('SIGKILL')) });
    sh(['link', 'add', KIOSK_IF, 'type', 'veth', 'peer', 'name', TABLET_IF, 'netns', NS]);
    sh(['addr', 'add', `${KIOSK_ADDR}/30`, 'dev', KIOSK_IF]);
    sh(['link', 'set', KIOSK_IF, 'up']);
    sh(['-n', NS, 'addr', 'add', `${TABLET_ADDR}/30`, 'dev', TABLET_IF]);
    sh(['-n', NS, 'link', 'set', TABLET_IF, 'up']);
    sh(['-n', NS, 'link', 'set', 'lo', 'up']);
    // The tablet can reach the /30 and nothing else; this machine reaches the tablet over the veth.
    const tabletRoutes = sh(['-n', NS, '-4', 'route', 'show']).trim().split('\n');
    expect(tabletRoutes, 'the tablet namespace must have no route but the /30').toHaveLength(1);
    expect(tabletRoutes[0]).toMatch(new RegExp(`^${SUBNET.replace(/\./g, '\\.')} dev ${TABLET_IF} `));
    expect(sh(['-4', 'route', 'get', TABLET_ADDR])).toContain(`dev ${KIOSK_IF} `);

    // The data folder as IT staff prepare it (tests/e2e/staff-helpers.ts): both PINs with set-pin, on stdin.
    await kioskCli(['set-pin', '--role', 'it', '--data-dir', dataDir], `${IT_PIN}\n`);
    await kioskCli(['set-pin', '--role', 'volunteer', '--data-dir', dataDir], `${VOLUNTEER_CODE}\n`);
    undo.push({ name: 'kiosk serve', fn: stopServer });
    port = await startServer(dataDir);
  }, 120_000);

  afterAll(async () => {
    const failures: string[] = [];
    for (const step of undo.splice(0).reverse()) {
      try {
        await step.fn();
      } catch (e) {
        failures.push(`${step.name}: ${(e as Error).message}`);
      }
    }
    expect(ip(['netns', 'list']).stdout).not.toContain(NS);
    expect(ip(['link', 'show', KIOSK_IF]).status, 'the veth pair is still there').not.toBe(0);
    expect(failures).toEqual([]);
  }, 30_000);

  it('says loudly that LAN mode is on, and gives volunteers the address on this network', () => {
    expect(serverOut).toContain('!!! LAN MODE IS ON !!!');
    expect(serverOut).toContain(`http://${KIOSK_ADDR}:${port}/`);
    expect(serverOut).toContain('IT functions answer only on this machine.');
  });

  it('loads the UI page on the tablet', async () => {
    const [page] = await fromTablet([{ path: '/' }]);
    expect(page!.status).toBe(200);
    expect(page!.type).toMatch(/^text\/html/);
    expect(page!.text).toContain('<div id="app">');
    const script = /<script[^>]*\ssrc="([^"]+)"/.exec(page!.text)?.[1];
    expect(script, 'the page names its script').toBeDefined();
    const [js] = await fromTablet([{ path: script! }]);
    expect(js!.status).toBe(200);
    expect(js!.type).toMatch(/^text\/javascript/);
  });

  it('tells the tablet it is a LAN device, and wants the volunteer code before the directory', async () => {
    const [info, list, department] = (
      await fromTablet([{ method: 'getInfo' }, { method: 'listDepartments' }, { method: 'getDepartment', args: { id: 'vascular-surgery' } }])
    ).map(asApi);
    expect(info!.status).toBe(200);
    expect(info!.body.value.viewer).toBe('lan-device');
    for (const r of [list!, department!]) {
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ ok: false, error: { code: 'forbidden', message: 'Enter the volunteer code to use the kiosk directory from this device.' } });
    }
  });

  it('refuses to unlock the IT screen from the tablet, even with the right IT PIN', async () => {
    const r = await tabletApi('unlock', { role: 'it', pin: IT_PIN });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ ok: false, error: { code: 'forbidden', message: 'Only volunteer mode can be unlocked from another device.' } });
  });

  it('refuses every IT method to the tablet, even with a volunteer session or a real IT session', { timeout: 40_000 }, async () => {
    expect(IT_METHODS.length).toBeGreaterThanOrEqual(7);
    const volunteer = await volunteerSession();
    const it = await atKiosk('unlock', { role: 'it', pin: IT_PIN }); // IT staff at the kiosk; the token leaks to the tablet
    expect(it.body.value).toMatchObject({ ok: true });
    const itToken = it.body.value.token as string;
    const calls = IT_METHODS.flatMap((m) => [
      { method: m, args: itArgs(m, volunteer), session: volunteer },
      { method: m, args: itArgs(m, itToken), session: volunteer },
      { method: m, args: itArgs(m, itToken) },
    ]);
    const answers = (await fromTablet(calls)).map(asApi);
    for (const [i, r] of answers.entries()) {
      const what = `${calls[i]!.method} ${i % 3 === 0 ? 'with the volunteer session' : i % 3 === 1 ? 'with an IT token and the volunteer session' : 'with an IT token alone'}`;
      expect(r.status, what).toBe(403);
      expect(r.body, what).toEqual({ ok: false, error: { code: 'forbidden', message: IT_REFUSAL } });
    }
    // Nothing the tablet asked for happened: the built-in content is still live.
    const status = await atKiosk('itStatus', { token: itToken });
    expect(status.status).toBe(200);
    expect(status.body.value.installed).toMatchObject({ version: 0, builtIn: true });
  });

  it('serves the volunteer directory to the tablet once the volunteer code is entered', async () => {
    const token = await volunteerSession();
    const [directory, list] = (
      await fromTablet([
        { method: 'getDirectory', args: { token }, session: token },
        { method: 'listDepartments', session: token },
      ])
    ).map(asApi);
    expect(directory!.status).toBe(200);
    expect(directory!.body.ok).toBe(true);
    expect((directory!.body.value as { departmentId: string }[]).map((r) => r.departmentId)).toContain('vascular-surgery');
    expect(list!.status).toBe(200);
    expect(list!.body.value).toHaveLength(2);
  });

  it('answers the tablet only when it names the kiosk by its address or its --lan-name (DNS rebinding)', async () => {
    const names = ['evil.example', 'kiosk-lobby.hospital.example.attacker.example', 'localhost', '127.0.0.1', TABLET_ADDR, `${KIOSK_ADDR}.nip.io`];
    const refused = await fromTablet(
      names.flatMap((n) => [
        { method: 'getInfo' as const, host: `${n}:${port}` },
        { path: '/', host: `${n}:${port}` },
      ]),
    );
    for (const [i, a] of refused.entries()) {
      expect(a.status, names[i >> 1]).toBe(421);
      expect(a.text).toBe('This request was addressed to another host name, so the kiosk does not answer it.');
    }
    expect((await fromTablet([{ method: 'getInfo', host: `${KIOSK_ADDR}:${port + 1}` }]))[0]!.status).toBe(421);
    const [byName, page, byAddress] = await fromTablet([
      { method: 'getInfo', host: `${LAN_NAME.toUpperCase()}:${port}` },
      { path: '/', host: `${LAN_NAME}:${port}` },
      { method: 'getInfo', host: `${KIOSK_ADDR}:${port}` },
    ]);
    expect(asApi(byName!).body.value.viewer).toBe('lan-device');
    expect(page!.status).toBe(200);
    expect(byAddress!.status).toBe(200);
    expect(serverOut).toContain(`http://${LAN_NAME}:${port}/`);
  });

  it('answers the same IT method on loopback by asking for an IT session, not by refusing the caller', async () => {
    const token = await volunteerSession(); // a real session, of the wrong role
    const r = await atKiosk('itStatus', { token });
    expect(r.status).toBe(403);
    expect(r.body.error?.message).toBe('The IT session has ended; enter the PIN again.');
    expect((await atKiosk('getInfo')).body.value.viewer).toBe('kiosk');
  });
});
