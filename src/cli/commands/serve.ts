/**
 * `kiosk serve`: the built UI and the API on loopback, for browser-kiosk mode and tests; with the
 * `autoInstall` setting on, also the pack watcher (installs newer packs while the kiosk is idle).
 *
 * On loopback the host listens first, with only the code that serves files loaded: the browser
 * fetches and runs the UI while the kiosk loads the rest, opens its content and checks every page
 * of it. Until then API calls and content files wait (none is ever answered from unchecked
 * content), and if the kiosk cannot open they are refused in one sentence and the command stops
 * saying why. With --lan nothing listens on the network before the kiosk is open and its
 * volunteer code checked.
 */
import { networkInterfaces } from 'node:os';
import type { FleetRuntime } from '../../app/fleet.js';
import type { Kiosk } from '../../app/kiosk.js';
import type { PackWatcher } from '../../app/packs.js';
import type { RunningKiosk } from '../../app/run.js';
import { firstPictureRendererFile, uiDir } from '../../core/paths.js';
import { firstPictureLoader } from '../../host/first-picture.js';
import type { MetricsSource } from '../../host/metrics.js';
import { loadHandlers, startHost, type RunningHost } from '../../host/server.js';
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
  /** Told the host's address as soon as it listens: on loopback, while the kiosk is still opening. */
  onListening?: (url: string) => void;
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
  const lan = opts.lan ?? false;
  // The welcome screen drawn on the host into the UI's page (src/host/first-picture.ts).
  const firstPicture = firstPictureLoader(firstPictureRendererFile());
  let lastApi = Date.now();
  let fleet: FleetRuntime | undefined;
  let runningKiosk: RunningKiosk | undefined;
  const metrics: MetricsSource = {
    render: async () => {
      await api;
      const registry = await fleet!.registry();
      metrics.contentType = registry.contentType;
      return registry.metrics();
    },
    contentType: 'text/plain; charset=utf-8', // the registry's own, set by render before it is read
  };

  /** The kiosk's code loaded, the kiosk opened (its content checked page by page) and its fleet side started. */
  const open = async (): Promise<Kiosk> => {
    // A large live database is checked page by page in a worker thread meanwhile, so this thread
    // stays free to serve the UI's files; the kiosk then opens it without reading it again.
    const { checkLiveContent } = await import('../../app/content-check.js');
    const [{ RunningKiosk }, { zinniaFromEnvironment }, { metricsToken }] = await Promise.all([
      import('../../app/run.js'),
      import('../../app/zinnia.js'),
      import('../../app/fleet.js'),
      loadHandlers(),
      checkLiveContent(opts.dataDir),
      firstPicture(),
    ]);
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
    if (lan && !kiosk.sessions.available('volunteer')) {
      throw new CommandError(
        'LAN mode needs a volunteer code, since it is the only way in from other devices; set one with "kiosk set-pin --role volunteer" first.',
        2,
      );
    }
    fleet = runningKiosk.startFleet();
    if (kiosk.settingsAll.metricsPort) metrics.token = metricsToken(kiosk.dataDir);
    return kiosk;
  };

  const closers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    const stopListeners = async () => {
      for (const c of closers.splice(0)) await c();
    };
    if (runningKiosk) await runningKiosk.stop(undefined, stopListeners);
    else await stopListeners();
  };
  // What answers the API: the kiosk once it is open. On loopback the host listens before that.
  let opened: (k: Promise<Kiosk>) => void = () => {};
  const api = new Promise<Kiosk>((resolve) => (opened = resolve));
  api.catch(() => {}); // calls waiting for a kiosk that cannot open are refused in a sentence; the error is thrown below
  let running: RunningHost;
  let kiosk: Kiosk;
  try {
    if (lan) opened(open());
    running = await startHost({
      api: lan ? await api : api,
      uiDir: uiDir(),
      port: opts.port ?? 0,
      host: host === 'localhost' ? '127.0.0.1' : host,
      lan,
      lanNames: opts.lanNames ?? [],
      metrics,
      firstPicture,
      observe: (m, a, out) => {
        lastApi = Date.now();
        fleet?.activity.observeApi(m, a, out);
      },
    });
    closers.push(() => running.close());
    opts.onListening?.(running.url);
    if (!lan) opened(open());
    kiosk = await api;
    const metricsPort = kiosk.settingsAll.metricsPort;
    if (metricsPort && metrics.token) {
      const { startMetricsHost } = await import('../../host/metrics.js');
      const m = await startMetricsHost({ ...metrics, token: metrics.token }, metricsPort);
      closers.push(() => m.close());
      console.log(`Metrics served to the network at ${m.url}, behind the bearer token in ${kiosk.dataDir}/metrics-token.`);
    }
  } catch (e) {
    await stopAll();
    throw e instanceof CommandError ? e : new CommandError((e as Error).message);
  }
  // The IT screen's preview of a pack before its install: served read-only on another loopback
  // port, in a frame of the IT screen (the only host whose pages the kiosk's own origins may frame).
  const { PackPreviews } = await import('../../app/pack-preview.js');
  kiosk.packPreviews = new PackPreviews(kiosk.dataDir, async (api) => {
    const h = await startHost({ api, uiDir: uiDir(), port: 0, host: '127.0.0.1', framing: 'kiosk', firstPicture });
    return { url: h.url, close: () => h.close() };
  });
  const watcher = await runningKiosk!.startBackground();
  return {
    kiosk,
    host: running,
    watcher,
    fleet: fleet!,
    lastApiCall: () => lastApi,
    close: stopAll,
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
      // The address goes out as soon as the host listens, so a browser can load the UI meanwhile.
      onListening: (url) => console.log(`Kiosk serving at ${url}`),
    });
    const { kiosk, host } = serving;
    const c = kiosk.content().status();
    console.log(`Kiosk content: ${c.builtIn ? 'built-in' : `pack ${c.packId}`} version ${c.version}; data folder ${kiosk.folder.dir}`);
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
