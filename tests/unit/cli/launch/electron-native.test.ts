/**
 * better-sqlite3 for Electron (src/cli/launch/electron-native.ts) and the binding switch
 * (db/sqlite-binding.ts): cache hits, rebuilds, clean failure sentences. node-gyp itself
 * never runs here; a fake runner stands in for it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { findNodeGyp, nativeCacheDir, prepareElectronNative, type Runner } from '../../../../src/cli/launch/electron-native.js';
import { sqliteNativeBinding } from '../../../../db/sqlite-binding.js';

const V = '45.4.1';
const ADDON = join('build', 'Release', 'better_sqlite3.node');

function fakeApp(opts: { sqlite?: string | null; sources?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'kiosk-native-'));
  if (opts.sqlite === null) return root;
  const pkg = join(root, 'node_modules', 'better-sqlite3');
  mkdirSync(join(pkg, 'build', 'Release'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: opts.sqlite ?? '12.0.0' }));
  writeFileSync(join(pkg, ADDON), 'built for node');
  if (opts.sources !== false) {
    writeFileSync(join(pkg, 'binding.gyp'), '{}');
    mkdirSync(join(pkg, 'deps'));
  }
  return root;
}

const building: Runner = async (_cmd, _args, { cwd }) => {
  mkdirSync(join(cwd, 'build', 'Release'), { recursive: true });
  writeFileSync(join(cwd, ADDON), 'built for electron');
  return { code: 0 };
};
const mustNotRun: Runner = async () => {
  throw new Error('the build should not have run');
};

const isSentence = (s: string) => expect(s).toMatch(/^[A-Z].*\.$/s);

describe('prepareElectronNative', () => {
  it('builds once with node-gyp for Electron, then reuses the cache', async () => {
    const root = fakeApp();
    const run = vi.fn<Runner>(async (cmd, args, o) => {
      expect(existsSync(join(o.cwd, 'build')), 'the Node build is not copied').toBe(false);
      expect(existsSync(join(o.cwd, 'binding.gyp'))).toBe(true);
      return building(cmd, args, o);
    });
    const env = { PATH: '/usr/bin', npm_config_nodedir: '/usr', npm_config_target: '20.0.0', HOME: '/root' };
    const first = await prepareElectronNative(root, V, { nodeGyp: '/x/node-gyp.js', run, env });
    expect(first).toEqual({ ok: true, binding: join(nativeCacheDir(root, V), 'better-sqlite3', ADDON), built: true });
    expect(run).toHaveBeenCalledTimes(1);
    const [cmd, args, o] = run.mock.calls[0]!;
    expect(cmd).toBe(process.execPath);
    expect(args).toEqual(
      expect.arrayContaining(['/x/node-gyp.js', 'rebuild', `--target=${V}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers']),
    );
    expect(o.env).toEqual({ PATH: '/usr/bin', HOME: '/root' });
    expect(o.cwd.startsWith(join(root, '.cache', 'electron-native'))).toBe(true);
    expect(readdirSync(join(root, '.cache', 'electron-native')).filter((n) => n.includes('.tmp-'))).toEqual([]);

    const second = await prepareElectronNative(root, V, { nodeGyp: null, run: mustNotRun });
    expect(second).toEqual({ ok: true, binding: first.ok ? first.binding : '', built: false });
  });

  it('rebuilds when better-sqlite3 was upgraded since the cached build', async () => {
    const root = fakeApp();
    await prepareElectronNative(root, V, { nodeGyp: 'g.js', run: building });
    writeFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), JSON.stringify({ version: '12.1.0' }));
    const run = vi.fn(building);
    expect(await prepareElectronNative(root, V, { nodeGyp: 'g.js', run })).toMatchObject({ ok: true, built: true });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('keeps separate caches per Electron version', async () => {
    const root = fakeApp();
    await prepareElectronNative(root, V, { nodeGyp: 'g.js', run: building });
    const run = vi.fn(building);
    expect(await prepareElectronNative(root, '46.0.0', { nodeGyp: 'g.js', run })).toMatchObject({ ok: true, built: true });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('reports a failed build in a sentence naming the log, leaving no half-built cache', async () => {
    const root = fakeApp();
    const r = await prepareElectronNative(root, V, { nodeGyp: 'g.js', run: async () => ({ code: 1 }) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    isSentence(r.reason);
    expect(r.reason).toContain('code 1');
    expect(r.reason).toContain(join('.cache', 'electron-native', `${V}-build.log`));
    expect(existsSync(nativeCacheDir(root, V))).toBe(false);
    expect(readdirSync(join(root, '.cache', 'electron-native')).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('reports a build that could not start, or produced nothing', async () => {
    const root = fakeApp();
    const noStart = await prepareElectronNative(root, V, { nodeGyp: 'g.js', run: async () => ({ code: null, error: 'spawn ENOENT' }) });
    expect(noStart.ok ? '' : noStart.reason).toContain('spawn ENOENT');
    const thrown = await prepareElectronNative(root, V, { nodeGyp: 'g.js', run: async () => Promise.reject(new Error('EACCES')) });
    expect(thrown.ok ? '' : thrown.reason).toContain('EACCES');
    const nothing = await prepareElectronNative(root, V, { nodeGyp: 'g.js', run: async () => ({ code: 0 }) });
    expect(nothing.ok ? '' : nothing.reason).toContain('no addon was produced');
  });

  it('says what is missing before trying to build', async () => {
    const cases = [
      { root: fakeApp(), version: '', opts: {}, says: /version cannot be read/ },
      { root: fakeApp(), version: '../../etc', opts: {}, says: /not a version number/ },
      { root: fakeApp({ sqlite: null }), version: V, opts: {}, says: /not installed.*npm install/ },
      { root: fakeApp({ sources: false }), version: V, opts: {}, says: /no sources/ },
      { root: fakeApp(), version: V, opts: { nodeGyp: null }, says: /node-gyp build tool was not found/ },
    ];
    for (const c of cases) {
      const r = await prepareElectronNative(c.root, c.version, { run: mustNotRun, ...c.opts });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      isSentence(r.reason);
      expect(r.reason).toMatch(c.says);
    }
  });
});

describe('findNodeGyp', () => {
  it("prefers the project's node-gyp", () => {
    const root = fakeApp();
    const script = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    mkdirSync(dirname(script), { recursive: true });
    writeFileSync(script, '');
    expect(findNodeGyp(root, {})).toBe(script);
  });
  it("falls back to npm's own copy", () => {
    const root = fakeApp();
    const npm = mkdtempSync(join(tmpdir(), 'kiosk-npm-'));
    const script = join(npm, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    mkdirSync(dirname(script), { recursive: true });
    mkdirSync(join(npm, 'bin'));
    writeFileSync(script, '');
    expect(findNodeGyp(root, { npm_execpath: join(npm, 'bin', 'npm-cli.js') })).toBe(script);
  });
});

describe('sqliteNativeBinding', () => {
  const node = { electron: false, defaultApp: false };
  const sourceTree = { electron: true, defaultApp: true };
  const packaged = { electron: true, defaultApp: false };

  it('names the addon from KIOSK_SQLITE_BINDING under Node and Electron run on the source tree, else the default', () => {
    for (const runtime of [node, sourceTree]) {
      expect(sqliteNativeBinding({ KIOSK_SQLITE_BINDING: '/c/better_sqlite3.node' }, runtime)).toBe('/c/better_sqlite3.node');
      expect(sqliteNativeBinding({ KIOSK_SQLITE_BINDING: '' }, runtime)).toBeUndefined();
      expect(sqliteNativeBinding({}, runtime)).toBeUndefined();
    }
  });

  it('never loads an addon named in the environment in a packaged app', () => {
    expect(sqliteNativeBinding({ KIOSK_SQLITE_BINDING: '/tmp/evil/better_sqlite3.node' }, packaged)).toBeUndefined();
  });

  it('tells the runtime it is in from the process', () => {
    expect(sqliteNativeBinding({ KIOSK_SQLITE_BINDING: '/c/x.node' })).toBe('/c/x.node'); // vitest: plain Node
  });
});
