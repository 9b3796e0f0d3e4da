/**
 * The kiosk's API under load, against a running `kiosk serve`: the welcome screen's and a
 * visitor's calls while IT installs a pack through the IT screen's API (the install runs in a
 * worker thread of the serving process, as it does at the kiosk), and volunteers' tablets on the network, each
 * with its own session.
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { request } from 'node:http';

export interface Call {
  ms: number;
  ok: boolean;
}

/** One API call over HTTP as the kiosk's own page or a tablet sends it (JSON, same origin). */
export function apiCall(
  base: URL,
  method: string,
  args: unknown,
  headers: Record<string, string> = {},
): Promise<{ ms: number; ok: boolean; value: unknown; error?: string }> {
  const body = JSON.stringify(args);
  const t = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        path: `/api/${method}`,
        method: 'POST',
        headers: { Host: base.host, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - t;
          try {
            const out = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean; value?: unknown; error?: { message: string } };
            resolve({
              ms,
              ok: res.statusCode === 200 && out.ok,
              value: out.value,
              error: out.error?.message ?? (res.statusCode === 200 ? undefined : `HTTP ${res.statusCode}`),
            });
          } catch {
            resolve({ ms, ok: false, value: undefined, error: `HTTP ${res.statusCode}, not JSON` });
          }
        });
      },
    );
    req.on('error', (e) => resolve({ ms: performance.now() - t, ok: false, value: undefined, error: e.message }));
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * getInfo and a search every 50 ms (each tick both, as the screen would, not waiting for the
 * tick before) until `until` resolves; the calls' times.
 */
export async function pollEvery50ms(base: URL, queries: readonly string[], until: Promise<unknown>): Promise<Call[]> {
  const calls: Call[] = [];
  const pending: Promise<void>[] = [];
  let done = false;
  void until.finally(() => (done = true));
  let i = 0;
  while (!done) {
    const q = queries[i++ % queries.length]!;
    pending.push(apiCall(base, 'getInfo', {}).then((r) => void calls.push({ ms: r.ms, ok: r.ok })));
    pending.push(apiCall(base, 'search', { q }).then((r) => void calls.push({ ms: r.ms, ok: r.ok })));
    await sleep(50);
  }
  await Promise.all(pending);
  return calls;
}

/** This machine's first IPv4 address that is not loopback: tablets' calls to it come from a non-loopback address. */
export function ownNetworkAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

/** The resident memory of a process (MB), from /proc. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export interface LanResult {
  calls: Call[];
  errors: string[];
}

/**
 * `clients` tablets each unlock volunteer mode with `code`, one after another (the code's check
 * is slow on purpose, as a PIN check should be), each for its own session: their session tokens.
 */
export async function unlockTablets(base: URL, code: string, clients: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let n = 0; n < clients; n++) {
    const unlock = await apiCall(base, 'unlock', { role: 'volunteer', pin: code });
    const token = (unlock.value as { token?: string } | undefined)?.token;
    if (!unlock.ok || !token) throw new Error(`tablet ${n}: unlocking volunteer mode failed: ${unlock.error ?? JSON.stringify(unlock.value)}`);
    tokens.push(token);
  }
  return tokens;
}

/**
 * The tablets (one per session token), each for `seconds` searching (a query from the list) and
 * opening the first department or place found, at most `maxCalls` calls each, with a short pause
 * between calls as a person has.
 */
export async function lanClients(base: URL, tokens: readonly string[], seconds: number, queries: readonly string[], maxCalls: number): Promise<LanResult> {
  const calls: Call[] = [];
  const errors: string[] = [];
  const end = performance.now() + seconds * 1000;
  const one = async (n: number) => {
    const headers = { 'X-Kiosk-Session': tokens[n]! };
    let made = 0;
    let i = n * 7;
    while (performance.now() < end && made < maxCalls) {
      const q = queries[i++ % queries.length]!;
      const s = await apiCall(base, 'search', { q }, headers);
      made++;
      calls.push({ ms: s.ms, ok: s.ok });
      if (!s.ok) errors.push(`tablet ${n}: search "${q}": ${s.error}`);
      const r = s.value as
        { places?: { placeId: string }[]; groups?: { departments: { departmentId: string }[]; services: { departmentId: string }[] } } | undefined;
      const dept = r?.groups?.departments[0]?.departmentId ?? r?.groups?.services[0]?.departmentId;
      const place = r?.places?.[0]?.placeId;
      if (dept || place) {
        const o = dept ? await apiCall(base, 'getDepartment', { id: dept }, headers) : await apiCall(base, 'getPlace', { id: place }, headers);
        made++;
        calls.push({ ms: o.ms, ok: o.ok });
        if (!o.ok) errors.push(`tablet ${n}: open ${dept ?? place}: ${o.error}`);
      }
      await sleep(100 + ((n * 37 + made * 11) % 200));
    }
  };
  await Promise.all(tokens.map((_, n) => one(n)));
  return { calls, errors };
}
