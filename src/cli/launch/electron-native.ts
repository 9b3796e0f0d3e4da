/**
 * better-sqlite3 built for Electron, for `kiosk start` from the source tree. node_modules holds
 * the addon built for the system Node, whose ABI differs from Electron's, so before spawning
 * Electron this builds a copy for Electron into .cache/electron-native/<electron version>/ (once;
 * later starts reuse it) and returns the .node path, or a sentence saying why it could not.
 * The packaged app does not need this: electron-builder rebuilds native modules for Electron.
 */
import { spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { createExclusive, openAppend, writeFileAtomic } from '../../core/fs-safe.js';

export type NativeResult = { ok: true; binding: string; built: boolean } | { ok: false; reason: string };

export interface RunResult {
  code: number | null;
  error?: string;
}
/** Runs a command with its output going to logFile. */
export type Runner = (cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }) => Promise<RunResult>;

export interface NativeOptions {
  /** The node-gyp script (node-gyp.js); null means "none found". Default: looked up. */
  nodeGyp?: string | null;
  run?: Runner;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

const ADDON = join('build', 'Release', 'better_sqlite3.node');
const BUILD_TIMEOUT_MS = 15 * 60_000;
/** npm passes its config to scripts as npm_config_*; these would make node-gyp build for Node. */
const NODE_TARGET_VARS = /^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|target_arch|build_from_source)$/i;

export const nativeCacheDir = (appRoot: string, electronVersion: string): string => join(appRoot, '.cache', 'electron-native', electronVersion);

/** The installed Electron's version, or undefined. */
export function installedElectronVersion(): string | undefined {
  try {
    const file = createRequire(import.meta.url).resolve('electron/package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** node-gyp from node_modules, else the copy npm ships with. */
export function findNodeGyp(appRoot: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const npmDirs = [
    env.npm_execpath ? join(dirname(env.npm_execpath), '..') : undefined,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm'),
    join(dirname(process.execPath), 'node_modules', 'npm'),
  ];
  const candidates = [
    join(appRoot, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    ...npmDirs.filter((d): d is string => !!d).map((d) => join(d, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')),
  ];
  return candidates.find((c) => existsSync(c));
}

const defaultRunner: Runner = (cmd, args, { cwd, env, logFile }) =>
  new Promise((resolve) => {
    const fd = openAppend(logFile, 0o644);
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, fd], timeout: BUILD_TIMEOUT_MS });
    child.on('error', (e) => resolve({ code: null, error: e.message }));
    child.on('exit', (code, signal) => resolve({ code, error: signal ? `stopped by ${signal}` : undefined }));
    child.on('close', () => closeSync(fd));
  });

interface Stamp {
  electron: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export async function prepareElectronNative(appRoot: string, electronVersion: string, opts: NativeOptions = {}): Promise<NativeResult> {
  if (!electronVersion) return { ok: false, reason: 'The installed Electron version cannot be read, so its database module cannot be built.' };
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(electronVersion)) {
    return { ok: false, reason: `The Electron version "${electronVersion}" is not a version number, so its database module cannot be built.` };
  }
  const source = join(appRoot, 'node_modules', 'better-sqlite3');
  const version = readJson<{ version?: string }>(join(source, 'package.json'))?.version;
  if (!version) return { ok: false, reason: 'The better-sqlite3 module is not installed in node_modules; run "npm install".' };

  const cache = nativeCacheDir(appRoot, electronVersion);
  const binding = join(cache, 'better-sqlite3', ADDON);
  const stamp: Stamp = { electron: electronVersion, betterSqlite3: version, platform: process.platform, arch: process.arch };
  const found = readJson<Stamp>(join(cache, 'stamp.json'));
  if (found && JSON.stringify(found) === JSON.stringify(stamp) && existsSync(binding)) return { ok: true, binding, built: false };

  if (!existsSync(join(source, 'binding.gyp')) || !existsSync(join(source, 'deps'))) {
    return { ok: false, reason: 'The installed better-sqlite3 has no sources to build for Electron; reinstall it with "npm install".' };
  }
  const nodeGyp = opts.nodeGyp === undefined ? findNodeGyp(appRoot, opts.env) : opts.nodeGyp;
  if (!nodeGyp) return { ok: false, reason: 'The node-gyp build tool was not found (it ships with npm), so the database module cannot be built for Electron.' };

  const logFile = `${cache}-build.log`;
  const shownLog = relative(appRoot, logFile);
  let staging = '';
  try {
    mkdirSync(dirname(cache), { recursive: true });
    staging = mkdtempSync(`${cache}.tmp-`); // a new folder of an unguessable name
    cpSync(source, join(staging, 'better-sqlite3'), { recursive: true, filter: (f) => relative(source, f) !== 'build' });
    writeFileAtomic(logFile, `Building better-sqlite3 ${version} for Electron ${electronVersion}\n`);
  } catch (e) {
    if (staging) rmSync(staging, { recursive: true, force: true });
    return { ok: false, reason: `The database module could not be copied for building (${(e as Error).message}).` };
  }

  opts.log?.(`Building the database module for Electron ${electronVersion} (first start only; this takes a minute or two)...`);
  const env = Object.fromEntries(Object.entries(opts.env ?? process.env).filter(([k]) => !NODE_TARGET_VARS.test(k)));
  const args = [
    nodeGyp,
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    '--runtime=electron',
    '--dist-url=https://electronjs.org/headers',
    `--devdir=${join(appRoot, '.cache', 'electron-native', 'headers')}`,
  ];
  const r = await (opts.run ?? defaultRunner)(process.execPath, args, { cwd: join(staging, 'better-sqlite3'), env, logFile }).catch(
    (e: unknown): RunResult => ({ code: null, error: (e as Error).message }),
  );
  if (r.code !== 0 || !existsSync(join(staging, 'better-sqlite3', ADDON))) {
    rmSync(staging, { recursive: true, force: true });
    const why = r.error ?? (r.code === 0 ? 'no addon was produced' : `node-gyp exited with code ${r.code}`);
    return { ok: false, reason: `The database module could not be built for Electron ${electronVersion} (${why}; the log is ${shownLog}).` };
  }
  createExclusive(join(staging, 'stamp.json'), JSON.stringify(stamp));
  rmSync(cache, { recursive: true, force: true });
  try {
    renameSync(staging, cache);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(binding))
      return { ok: false, reason: `The built database module could not be stored in ${relative(appRoot, cache)} (${(e as Error).message}).` };
  }
  return { ok: true, binding, built: true };
}
