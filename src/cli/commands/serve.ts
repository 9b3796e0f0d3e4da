/** `kiosk serve`: the built UI and the API on loopback, for browser-kiosk mode and tests. */
import { Kiosk } from '../../core/live.js';
import { uiDir } from '../../core/paths.js';
import { startHost, type RunningHost } from '../../host/server.js';
import { CommandError, DATA_DIR_OPTION, dataDirFrom, intOption, parse, type Command } from '../args.js';

export const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface ServeOptions {
  dataDir: string;
  port?: number;
  host?: string;
  idleSeconds?: number;
}

export async function serve(opts: ServeOptions): Promise<{ kiosk: Kiosk; host: RunningHost }> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    throw new CommandError(`--host ${host} is not a loopback address; the kiosk serves only on this machine (127.0.0.1 or ::1).`, 2);
  }
  let kiosk: Kiosk;
  try {
    kiosk = new Kiosk({ dataDir: opts.dataDir, overrides: opts.idleSeconds ? { idleSeconds: opts.idleSeconds } : {} });
  } catch (e) {
    throw new CommandError((e as Error).message);
  }
  try {
    const running = await startHost({ api: kiosk, uiDir: uiDir(), port: opts.port ?? 0, host: host === 'localhost' ? '127.0.0.1' : host });
    return { kiosk, host: running };
  } catch (e) {
    kiosk.close();
    throw new CommandError((e as Error).message);
  }
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
  usage: 'kiosk serve [--port N] [--host 127.0.0.1] [--data-dir DIR] [--idle-seconds N]',
  async run(argv) {
    const { values } = parse(argv, { ...DATA_DIR_OPTION, port: { type: 'string' }, host: { type: 'string' }, 'idle-seconds': { type: 'string' } });
    const { kiosk, host } = await serve({
      dataDir: dataDirFrom(values['data-dir']),
      port: intOption('port', values.port, 0, 65535) ?? 8470,
      host: values.host,
      idleSeconds: intOption('idle-seconds', values['idle-seconds'], 1, 3600),
    });
    const c = kiosk.content().status();
    console.log(`Kiosk content: ${c.builtIn ? 'built-in' : `pack ${c.packId}`} version ${c.version}; data folder ${kiosk.folder.dir}`);
    console.log(`Kiosk serving at ${host.url}`);
    onShutdown(async () => {
      await host.close();
      kiosk.close();
    });
    return new Promise<number>(() => {}); // runs until stopped
  },
};
