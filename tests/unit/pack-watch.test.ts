/**
 * The pack watcher (autoInstall): what IT staff notice. A newer valid pack on the stick is
 * installed while the kiosk is idle and the result file beside it says so; a refused pack changes
 * nothing and its result file names the reason; a pack is tried once; nothing happens while
 * someone uses the kiosk; a write-protected stick still works. Also the setting, the console line,
 * and what counts as someone using the kiosk.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_IDLE_MS } from '../../src/core/access/sessions.js';
import { dispatch } from '../../src/core/api/handlers.js';
import { startAutoInstall } from '../../src/app/auto-install.js';
import { IDLE_WARNING_SECONDS } from '../../src/shared/limits.js';
import { Kiosk } from '../../src/app/kiosk.js';
import { PackWatcher, readAuditLog, setPin, status, type PackWatcherOptions } from '../../src/app/packs.js';
import { parseSettings } from '../../src/core/settings.js';
import { builtInDataDir, cleanTempDirs, copyDataDir, makeKey, makePack, snapshot, tempDir, trustKeys, type TestKey } from '../fixtures/packs/helpers.js';

let A: TestKey;
let base: string; // built-in content (version 0), A trusted
let v1: string;
let v2: string;
let unknownV3: string; // signed by a key this kiosk does not trust

const mounts: string[] = [];
const lockedDirs: string[] = [];

beforeAll(async () => {
  A = makeKey('it-office');
  base = builtInDataDir();
  trustKeys(base, [A]);
  v1 = await makePack([A], 1);
  v2 = await makePack([A], 2);
  unknownV3 = await makePack([makeKey('stranger')], 3);
});

afterAll(() => {
  for (const m of mounts.splice(0)) spawnSync('umount', ['-l', m]);
  for (const d of lockedDirs.splice(0)) chmodSync(d, 0o755);
  cleanTempDirs();
});

/** A folder standing for a USB stick, holding copies of the given packs under the given names. */
function stick(packs: Record<string, string>): string {
  const dir = tempDir('kiosk-stick-');
  for (const [name, file] of Object.entries(packs)) copyFileSync(file, join(dir, name));
  return dir;
}

function watcher(dataDir: string, folder: string, more: Partial<PackWatcherOptions> = {}) {
  const lines: string[] = [];
  const warnings: string[] = [];
  const w = new PackWatcher({ folders: [folder], dataDir, isIdle: () => true, log: (l) => lines.push(l), warn: (s) => warnings.push(s), ...more });
  return { w, lines, warnings };
}

const resultOf = (pack: string) => readFileSync(`${pack}.result.txt`, 'utf8');
const installs = (dataDir: string) => readAuditLog(dataDir, 0).filter((e) => e.action === 'install');

describe('the pack watcher', () => {
  it('installs a newer valid pack when idle, and the result file beside it says so', async () => {
    const dir = copyDataDir(base);
    const usb = stick({ 'lobby-v1.kpack': v1 });
    const { w, lines } = watcher(dir, usb);

    await w.tick();

    expect(status(dir).installed).toMatchObject({ version: 1, packId: 'content-v1' });
    const text = resultOf(join(usb, 'lobby-v1.kpack'));
    expect(text).toContain('Outcome:      Installed version 1 (pack content-v1) over version 0.\r\n');
    expect(text).toContain(`Kiosk:        ${hostname()} (site default)`);
    expect(text).toContain('Pack file:    lobby-v1.kpack');
    expect(text).toContain(`Signed by:    ${A.keyId} (it-office)`);
    expect(text).toContain('Installed:    pack content-v1, version 1');
    expect(text).toMatch(/^When: +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC[+-]\d\d:\d\d \(/m);
    expect(text).not.toContain('Nothing on the kiosk was changed');
    expect(lines).toEqual([`Pack watcher: ${join(usb, 'lobby-v1.kpack')}: Installed version 1 (pack content-v1) over version 0.`]);
    expect(readdirNames(usb)).toEqual(['lobby-v1.kpack', 'lobby-v1.kpack.result.txt']); // no temporary file left
  });

  it('refuses a pack signed by an unknown key, changes nothing, and names the reason', async () => {
    const dir = copyDataDir(base);
    const before = snapshot(dir);
    const usb = stick({ 'stranger.kpack': unknownV3 });
    const { w, lines } = watcher(dir, usb);

    await w.tick();

    expect(snapshot(dir)).toEqual(before);
    expect(status(dir).installed).toMatchObject({ version: 0, builtIn: true });
    const text = resultOf(join(usb, 'stranger.kpack'));
    expect(text).toMatch(/^Outcome: +Refused by the unknown-key check: The pack is signed only by 1 key this kiosk does not trust .+/m);
    expect(text).toContain('Nothing on the kiosk was changed.');
    expect(text).toContain('Installed:    built-in content, version 0');
    expect(lines[0]).toMatch(/stranger\.kpack: Refused by the unknown-key check: /);
  });

  it('refuses an older pack than the one installed, and says which check refused it', async () => {
    const dir = copyDataDir(base);
    const usb = stick({ 'a-new.kpack': v2, 'b-old.kpack': v1 });
    const { w } = watcher(dir, usb);

    const attempts = await w.tick();

    expect(attempts.map((a) => a.outcome)).toEqual(['installed', 'refused']);
    expect(status(dir).installed?.version).toBe(2);
    expect(resultOf(join(usb, 'b-old.kpack'))).toMatch(/^Outcome: +Refused by the version-older check: The pack holds version 1, older than the installed version 2/m);
  });

  it('tries a pack once: not again on the next tick, nor after a restart, but again when copied anew', async () => {
    const dir = copyDataDir(base);
    const usb = stick({ 'lobby.kpack': v1 });
    const pack = join(usb, 'lobby.kpack');
    const first = watcher(dir, usb);
    await first.w.tick();
    const written = statSync(`${pack}.result.txt`).mtimeMs;

    expect(await first.w.tick()).toEqual([]);
    const restarted = watcher(dir, usb);
    expect(await restarted.w.tick()).toEqual([]);
    expect(installs(dir)).toHaveLength(1);
    expect(statSync(`${pack}.result.txt`).mtimeMs).toBe(written);

    copyFileSync(v1, pack); // the same pack copied onto the stick again
    const later = new Date(Date.now() + 5_000);
    utimesSync(pack, later, later);
    const [again] = await restarted.w.tick();
    expect(again?.outcome).toBe('already-installed');
    expect(resultOf(pack)).toContain('Outcome:      Already installed: version 1 is the content on this kiosk; nothing was changed.');
  });

  it('does nothing while the kiosk is in use', async () => {
    const dir = copyDataDir(base);
    const usb = stick({ 'lobby-v1.kpack': v1 });
    let idle = false;
    const { w, lines } = watcher(dir, usb, { isIdle: () => idle });

    expect(await w.tick()).toEqual([]);
    expect(status(dir).installed?.version).toBe(0);
    expect(existsSync(join(usb, 'lobby-v1.kpack.result.txt'))).toBe(false);
    expect(installs(dir)).toEqual([]);
    expect(lines).toEqual([]);

    idle = true;
    await w.tick();
    expect(status(dir).installed?.version).toBe(1);
  });

  it('checks on its own every intervalMs, and stops', async () => {
    const dir = copyDataDir(base);
    const usb = stick({ 'lobby-v1.kpack': v1 });
    const { w } = watcher(dir, usb, { intervalMs: 20 });
    w.start();
    const deadline = Date.now() + 15_000;
    while (!existsSync(join(usb, 'lobby-v1.kpack.result.txt')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await w.stop();
    expect(status(dir).installed?.version).toBe(1);
  });

  const readOnly = readOnlyFolderMaker();
  it.skipIf(!readOnly)('installs from a write-protected stick without failing, and says once that no result file could be written', async () => {
    const dir = copyDataDir(base);
    const usb = readOnly!({ 'lobby-v1.kpack': v1, 'stranger.kpack': unknownV3 });
    const { w, warnings, lines } = watcher(dir, usb);

    const attempts = await w.tick();

    expect(attempts.map((a) => [a.outcome, a.resultFile])).toEqual([
      ['installed', null],
      ['refused', null],
    ]);
    expect(status(dir).installed?.version).toBe(1);
    expect(lines).toHaveLength(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Result files cannot be written in .+; the folder may be read-only, such as a write-protected USB stick\. The outcome of each pack there is in the audit log/);
    expect(installs(dir).map((e) => e.result)).toEqual(['accepted', 'refused']);
    expect(await w.tick()).toEqual([]); // remembered without a result file
    expect(warnings).toHaveLength(1);
    expect(readdirNames(usb)).toEqual(['lobby-v1.kpack', 'stranger.kpack']);
  });
});

describe('the autoInstall setting', () => {
  it('is off by default, and a bad value gets a sentence and the default', () => {
    expect(parseSettings({}).settings.autoInstall).toBe(false);
    expect(parseSettings({ autoInstall: true })).toMatchObject({ settings: { autoInstall: true }, warnings: [] });
    const bad = parseSettings({ autoInstall: 'yes' });
    expect(bad.settings.autoInstall).toBe(false);
    expect(bad.warnings).toEqual(['kiosk.json: "autoInstall" must be true or false; using the default (false).']);
  });

  it('starts the watcher with one line on the console when on, and nothing when off', async () => {
    const usb = stick({});
    const on = copyDataDir(base);
    writeFileSync(join(on, 'kiosk.json'), JSON.stringify({ autoInstall: true, packFolders: [usb] }));
    const off = copyDataDir(base);
    writeFileSync(join(off, 'kiosk.json'), JSON.stringify({ packFolders: [usb] }));
    for (const [dir, expected] of [
      [on, [`Watching ${usb} for content packs; newer valid packs are installed when the kiosk is idle.`]],
      [off, []],
    ] as const) {
      const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
      const lines: string[] = [];
      const w = await startAutoInstall(kiosk, { log: (l) => lines.push(l) });
      expect(lines).toEqual(expected);
      expect(w === undefined).toBe(expected.length === 0);
      await w?.stop();
      kiosk.close();
    }
  });
});

describe('when the kiosk counts as idle', () => {
  it('counts every API call but the welcome screen poll (getInfo) as someone using the kiosk', async () => {
    let now = 1_000_000;
    const kiosk = new Kiosk({ dataDir: copyDataDir(base), warn: () => {}, now: () => now });
    const quietMs = (kiosk.settingsAll.idleSeconds + IDLE_WARNING_SECONDS) * 1000;

    now += 5_000;
    await dispatch(kiosk, 'getInfo', {});
    expect(kiosk.lastActivity).toBe(1_000_000);
    await dispatch(kiosk, 'listDepartments', {});
    expect(kiosk.lastActivity).toBe(1_005_000);

    now += quietMs - 1;
    await dispatch(kiosk, 'getInfo', {});
    expect(kiosk.isIdle()).toBe(false);
    now += 1;
    expect(kiosk.isIdle()).toBe(true);
    kiosk.close();
  });

  it('is not idle while a staff session is open', async () => {
    let now = 1_000_000;
    const dir = copyDataDir(base);
    setPin(dir, 'it', '246810');
    const kiosk = new Kiosk({ dataDir: dir, warn: () => {}, now: () => now });
    const quietMs = (kiosk.settingsAll.idleSeconds + IDLE_WARNING_SECONDS) * 1000;
    expect(kiosk.sessions.unlock('it', '246810').ok).toBe(true);
    now += quietMs;
    expect(kiosk.isIdle()).toBe(false);
    now += SESSION_IDLE_MS; // the session has ended, unused
    expect(kiosk.isIdle()).toBe(true);
    kiosk.close();
  });
});

// ---------------------------------------------------------------------------------------------

function readdirNames(dir: string): string[] {
  return readdirSync(dir).sort();
}

/**
 * A way to make a read-only folder holding packs: a read-only bind mount where mounting is
 * allowed, else (not root) a folder without write permission; undefined when neither works.
 */
function readOnlyFolderMaker(): ((packs: Record<string, string>) => string) | undefined {
  const probeSrc = tempDir('kiosk-ro-probe-');
  const probe = tempDir('kiosk-ro-probe-');
  if (spawnSync('mount', ['--bind', '-o', 'ro', probeSrc, probe], { stdio: 'ignore' }).status === 0) {
    spawnSync('umount', [probe]);
    return (packs) => {
      const src = stick(packs);
      const ro = tempDir('kiosk-ro-stick-');
      if (spawnSync('mount', ['--bind', '-o', 'ro', src, ro], { stdio: 'ignore' }).status !== 0) throw new Error('read-only bind mount failed');
      mounts.push(ro);
      return ro;
    };
  }
  if (process.getuid?.() !== 0) {
    return (packs) => {
      const src = stick(packs);
      chmodSync(src, 0o555);
      lockedDirs.push(src);
      return src;
    };
  }
  console.log('pack-watch: no read-only folder can be made here (root without mount); that case is skipped');
  return undefined;
}
