/**
 * `kiosk serve`: the built UI and the API on loopback, for browser-kiosk mode and tests; with the
 * `autoInstall` setting on, also the pack watcher (installs newer packs while the kiosk is idle).
 */
import { networkInterfaces } from 'node:os';
import { metricsToken, type FleetRuntime } from '../../app/fleet.js';
import type { Kiosk } from '../../app/kiosk.js';
import type { PackWatcher } from '../../app/packs.js';
import { RunningKiosk } from '../../app/run.js';
import { uiDir } from '../../core/paths.js';
import { startMetricsHost, type MetricsSource } from '../../host/metrics.js';
import { startHost, type RunningHost } from '../../host/server.js';
import { zinniaFromEnvironment } from '../../app/zinnia.js';
import { PackPreviews } from '../../app/pack-preview.js';
import { CommandError, DATA_DIR_OPTION, UsageError, dataDirFrom, intOption, parse, type Command } from '../args.js';

export const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** This machine's IPv4 addresses on its networks, for telling volunteers where to point their tablets. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a): a is NonNullable<typeof a> => !!a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

export interface ServeOptions {
  dataDir: string;
  port?: number;
  host?: string;
  idleSeconds?: number;
  /** Serve the volunteer directory to other devices too, behind the volunteer code. */
  lan?: boolean;
  /** LAN mode: DNS names of this kiosk that tablets may use instead of its IP address. */
  lanNames?: string[];
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** The --lan-name values, checked: host names only (an IP address needs no name, it is always accepted). */
export function lanNamesFrom(values: string[] | undefined, lan: boolean): string[] {
  const names = (values ?? [])
    .flatMap((v) => v.split(','))
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.length && !lan) throw new UsageError('--lan-name only applies together with --lan.');
  for (const n of names) {
    if (!HOST_NAME.test(n) || /^[0-9.]+$/.test(n))
      throw new UsageError(`--lan-name ${n} is not a host name; give a name such as kiosk-lobby.hospital.example.`);
  }
  return names;
}

export interface Serving {
  kiosk: Kiosk;
  host: RunningHost;
  /** The pack watcher, when the autoInstall setting is on. */
  watcher: PackWatcher | undefined;
  /** Health counts and /metrics, and the fleet updater when updateUrl is set. */
  fleet: FleetRuntime;
  /** When the UI last called the API (ms): the page's heartbeat for browser-kiosk mode's watchdog. */
  lastApiCall(): number;
  /** Stop the updater, the watcher and the listeners, and close the kiosk. */
  close(): Promise<void>;
}

export async function serve(opts: ServeOptions): Promise<Serving> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    throw new CommandError(`--host ${host} is not a loopback address; the kiosk serves only on this machine (127.0.0.1 or ::1).`, 2);
  }
  let runningKiosk: RunningKiosk;
  // The handwriting pad needs Zinnia (Debian's zinnia-utils and its Chinese model); without them the keyboard has no pad, and the console says why.
  const handwriting = zinniaFromEnvironment();
  if (handwriting.problem) console.log(handwriting.problem);
  try {
    runningKiosk = new RunningKiosk({
      dataDir: opts.dataDir,
      overrides: opts.idleSeconds ? { idleSeconds: opts.idleSeconds } : {},
      recognizer: handwriting.recognizer,
    });
  } catch (e) {
    throw new CommandError((e as Error).message);
  }
  const kiosk = runningKiosk.kiosk;
  if (opts.lan && !kiosk.sessions.available('volunteer')) {
    await runningKiosk.stop();
    throw new CommandError(
      'LAN mode needs a volunteer code, since it is the only way in from other devices; set one with "kiosk set-pin --role volunteer" first.',
      2,
    );
  }
  const fleet = runningKiosk.startFleet();
  const closers: (() => Promise<void>)[] = [];
  let lastApi = Date.now();
  let running: RunningHost;
  try {
    const metricsPort = kiosk.settingsAll.metricsPort;
    const source: MetricsSource = {
      render: () => fleet.registry.metrics(),
      contentType: fleet.registry.contentType,
      ...(metricsPort ? { token: metricsToken(kiosk.dataDir) } : {}),
    };
    running = await startHost({
      api: kiosk,
      uiDir: uiDir(),
      port: opts.port ?? 0,
      host: host === 'localhost' ? '127.0.0.1' : host,
      lan: opts.lan ?? false,
      lanNames: opts.lanNames ?? [],
      metrics: source,
      observe: (m, a, out) => {
        lastApi = Date.now();
        fleet.activity.observeApi(m, a, out);
      },
    });
    closers.push(() => running.close());
    if (metricsPort && source.token) {
      const m = await startMetricsHost({ ...source, token: source.token }, metricsPort);
      closers.push(() => m.close());
      console.log(`Metrics served to the network at ${m.url}, behind the bearer token in ${kiosk.dataDir}/metrics-token.`);
    }
  } catch (e) {
    await runningKiosk.stop(undefined, async () => {
      for (const c of closers) await c();
    });
    throw new CommandError((e as Error).message);
  }
  // The IT screen's preview of a pack before its install: served read-only on another loopback
  // port, in a frame of the IT screen (the only host whose pages the kiosk's own origins may frame).
  kiosk.packPreviews = new PackPreviews(kiosk.dataDir, async (api) => {
    const h = await startHost({ api, uiDir: uiDir(), port: 0, host: '127.0.0.1', framing: 'kiosk' });
    return { url: h.url, close: () => h.close() };
  });
  const watcher = await runningKiosk.startBackground();
  return {
    kiosk,
    host: running,
    watcher,
    fleet,
    lastApiCall: () => lastApi,
    async close() {
      await runningKiosk.stop(undefined, async () => {
        for (const c of closers) await c();
      });
    },
  };
}

export function onShutdown(fn: () => Promise<void> | void): void {
  let done = false;
  const stop = () => {
    if (done) return;
    done = true;
    Promise.resolve(fn()).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export const serveCommand: Command = {
  summary: 'serve the kiosk UI and API on loopback',
  usage: 'kiosk serve [--port N] [--host 127.0.0.1] [--data-dir DIR] [--idle-seconds N] [--lan [--lan-name NAME]]',
  async run(argv) {
    const { values } = parse(argv, {
      ...DATA_DIR_OPTION,
      port: { type: 'string' },
      host: { type: 'string' },
      'idle-seconds': { type: 'string' },
      lan: { type: 'boolean' },
      'lan-name': { type: 'string', multiple: true },
    });
    const lanNames = lanNamesFrom(values['lan-name'], values.lan ?? false);
    const serving = await serve({
      dataDir: dataDirFrom(values['data-dir']),
      port: intOption('port', values.port, 0, 65535) ?? 8470,
      host: values.host,
      idleSeconds: intOption('idle-seconds', values['idle-seconds'], 1, 3600),
      lan: values.lan ?? false,
      lanNames,
    });
    const { kiosk, host } = serving;
    const c = kiosk.content().status();
    console.log(`Kiosk content: ${c.builtIn ? 'built-in' : `pack ${c.packId}`} version ${c.version}; data folder ${kiosk.folder.dir}`);
    console.log(`Kiosk serving at ${host.url}`);
    if (values.lan) {
      const port = new URL(host.url).port;
      const addresses = [...lanAddresses(), ...lanNames].map((a) => `http://${a}:${port}/`);
      console.log('');
      console.log('!!! LAN MODE IS ON !!!');
      console.log(`The volunteer directory is served to other devices on this network${addresses.length ? ` at ${addresses.join(', ')}` : ''},`);
      console.log('behind the volunteer code, read-only. IT functions answer only on this machine. Restart without --lan to turn it off.');
      console.log('');
    }
    onShutdown(() => serving.close());
    return new Promise<number>(() => {}); // runs until stopped
  },
};
