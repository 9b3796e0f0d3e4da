/**
 * The pack watcher (autoInstall): what IT staff notice. A newer valid pack on the stick is
 * installed while the kiosk is idle and the result file beside it says so; a refused pack changes
 * nothing and its result file names the reason; a pack is tried once; nothing happens while
 * someone uses the kiosk; a write-protected stick still works. Also the setting, the console line,
 * and what counts as someone using the kiosk.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_IDLE_MS } from '../../../../src/core/access/sessions.js';
import { dispatch } from '../../../../src/core/api/handlers.js';
import { startAutoInstall } from '../../../../src/app/auto-install.js';
import { IDLE_WARNING_SECONDS } from '../../../../src/shared/limits.js';
import { Kiosk } from '../../../../src/app/kiosk.js';
import { PackWatcher, installPack, readAuditLog, setPin, status, type PackWatcherOptions } from '../../../../src/app/packs.js';
import { parseSettings } from '../../../../src/core/settings.js';
import { builtInDataDir, cleanTempDirs, copyDataDir, makeKey, makePack, snapshot, tempDir, trustKeys, type TestKey } from '../../../fixtures/packs/helpers.js';

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
    expect(resultOf(join(usb, 'b-old.kpack'))).toMatch(
      /^Outcome: +Refused by the version-older check: The pack holds version 1, older than the installed version 2/m,
    );
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
    expect(warnings[0]).toMatch(
      /^Result files cannot be written in .+; the folder may be read-only, such as a write-protected USB stick\. The outcome of each pack there is in the audit log/,
    );
    expect(installs(dir).map((e) => e.result)).toEqual(['accepted', 'refused']);
    expect(await w.tick()).toEqual([]); // remembered without a result file
    expect(warnings).toHaveLength(1);
    expect(readdirNames(usb)).toEqual(['lobby-v1.kpack', 'stranger.kpack']);
  });
});

/**
 * A stick is anyone's: nothing on it is signed but the packs. A junk .kpack with links planted
 * where the watcher writes its result file (and where it used to write its temporary file, one
 * link per process id) must not lead a single write out of the stick's folder: not into the data
 * folder (current.json, the audit log) and not into the kiosk user's home (~/.profile).
 */
describe('a stick with planted links and hostile file names', () => {
  const junk = (dir: string, name: string) => writeFileSync(join(dir, name), 'not a content pack, and signed by nobody\n');
  /** The process ids a planted stick covers here: the low ones and every one near this process's. */
  const pids = () => [...Array.from({ length: 400 }, (_, i) => i + 1), ...Array.from({ length: 129 }, (_, i) => process.pid - 64 + i)];
  /** Stands for the kiosk user's ~/.profile. */
  const profile = () => {
    const file = join(tempDir('kiosk-home-'), '.profile');
    writeFileSync(file, '# ~/.profile of the kiosk user\nexport LANG=zh_CN.UTF-8\n');
    return file;
  };

  it('writes no temporary result file through a link, whatever the process id, and the signed content stays live', async () => {
    const dir = copyDataDir(base);
    await installPack(v1, dir);
    const home = profile();
    const usb = tempDir('kiosk-stick-');
    const targets: Record<string, string> = { 'a.kpack': join(dir, 'current.json'), 'b.kpack': join(dir, 'audit.log'), 'c.kpack': home };
    for (const [name, target] of Object.entries(targets)) {
      junk(usb, name);
      for (const pid of new Set(pids())) symlinkSync(target, join(usb, `${name}.result.txt.${pid}.tmp`));
    }
    const before = {
      pointer: readFileSync(join(dir, 'current.json')),
      audit: readFileSync(join(dir, 'audit.log')),
      home: readFileSync(home),
      data: snapshot(dir),
    };
    const { w } = watcher(dir, usb);

    const attempts = await w.tick();

    expect(attempts.map((a) => a.outcome)).toEqual(['refused', 'refused', 'refused']);
    expect(readFileSync(join(dir, 'current.json'))).toEqual(before.pointer);
    expect(snapshot(dir)).toEqual(before.data);
    expect(readFileSync(home)).toEqual(before.home);
    const audit = readFileSync(join(dir, 'audit.log'));
    expect(audit.subarray(0, before.audit.length)).toEqual(before.audit); // only appended to
    expect(
      installs(dir)
        .slice(-3)
        .map((e) => e.result),
    ).toEqual(['refused', 'refused', 'refused']);
    const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
    expect(kiosk.content().status()).toMatchObject({ version: 1, packId: 'content-v1', builtIn: false });
    kiosk.close();
    for (const [name, target] of Object.entries(targets)) {
      for (const pid of [process.pid, 1, 400]) expect(readlinkSync(join(usb, `${name}.result.txt.${pid}.tmp`))).toBe(target);
      expect(lstatSync(join(usb, `${name}.result.txt`)).isFile()).toBe(true);
      expect(resultOf(join(usb, name))).toMatch(/^Outcome: +Refused by the not-a-pack check: /m);
    }
    expect(readdirNames(usb).filter((n) => !/\.result\.txt\.\d+\.tmp$/.test(n))).toEqual([
      'a.kpack',
      'a.kpack.result.txt',
      'b.kpack',
      'b.kpack.result.txt',
      'c.kpack',
      'c.kpack.result.txt',
    ]); // no temporary file of the kiosk's own left behind
  });

  it("refuses a result file that is a link, a folder or another user's file, leaves it as it is, and says so in the audit log", async () => {
    const dir = copyDataDir(base);
    const home = profile();
    const usb = tempDir('kiosk-stick-');
    junk(usb, 'link.kpack');
    symlinkSync(home, join(usb, 'link.kpack.result.txt'));
    junk(usb, 'dangling.kpack');
    symlinkSync(join(dir, 'new-file-in-data-folder'), join(usb, 'dangling.kpack.result.txt'));
    junk(usb, 'folder.kpack');
    mkdirSync(join(usb, 'folder.kpack.result.txt'));
    const owned = process.getuid?.() === 0;
    if (owned) {
      junk(usb, 'theirs.kpack');
      writeFileSync(join(usb, 'theirs.kpack.result.txt'), "somebody else's file\n");
      chownSync(join(usb, 'theirs.kpack.result.txt'), 4242, 4242);
    }
    const before = readFileSync(home);
    const { w, warnings } = watcher(dir, usb);

    const attempts = await w.tick();

    expect(attempts.map((a) => [a.outcome, a.resultFile])).toEqual([
      ['refused', null],
      ['refused', null],
      ['refused', null],
      ...(owned ? [['refused', null]] : []),
    ]);
    expect(readFileSync(home)).toEqual(before);
    expect(readlinkSync(join(usb, 'link.kpack.result.txt'))).toBe(home);
    expect(existsSync(join(dir, 'new-file-in-data-folder'))).toBe(false);
    expect(lstatSync(join(usb, 'folder.kpack.result.txt')).isDirectory()).toBe(true);
    if (owned) expect(readFileSync(join(usb, 'theirs.kpack.result.txt'), 'utf8')).toBe("somebody else's file\n");
    const refusals = readAuditLog(dir, 0).filter((e) => e.action === 'result-file');
    expect(refusals.map((e) => [e.result, e.file])).toEqual(
      ['dangling', 'folder', 'link', ...(owned ? ['theirs'] : [])].map((n) => ['refused', join(usb, `${n}.kpack.result.txt`)]),
    );
    expect(refusals[0]!.reason).toBe(
      `The result file ${join(usb, 'dangling.kpack.result.txt')} was not written: dangling.kpack.result.txt is already there as a symbolic link.`,
    );
    expect(refusals[1]!.reason).toMatch(/: folder\.kpack\.result\.txt is already there as a folder\.$/);
    if (owned) expect(refusals[3]!.reason).toMatch(/: theirs\.kpack\.result\.txt is already there and belongs to another user \(uid 4242\)\.$/);
    expect(warnings[0]).toMatch(/^The result file .+ was not written: .+\. The outcome of the pack is in the audit log \("kiosk log"\)\.$/);
    expect(warnings).toHaveLength(attempts.length);
  });

  it("shows a pack's file name in its result file without shell, quote or control characters", async () => {
    const dir = copyDataDir(base);
    const usb = tempDir('kiosk-stick-');
    const name = 'x$(touch PWNED);`id`|sh&\necho \'hi\' "there" >>.profile\u001b[2J\\.kpack';
    junk(usb, name);
    const { w } = watcher(dir, usb);

    const [attempt] = await w.tick();

    expect(attempt?.outcome).toBe('refused');
    const text = resultOf(join(usb, name));
    const shown = 'x__touch PWNED___id__sh__echo _hi_ _there_ __.profile__2J_.kpack';
    expect(text).toContain(`\r\nPack file:    ${shown} (`);
    expect(text).toContain('\r\n              (characters other than letters, digits, spaces and . _ - + , are shown as _)\r\n');
    expect(text).toContain(`\r\nOutcome:      Refused by the not-a-pack check: ${shown} is not a content pack`);
    const naming = text.split('\r\n').filter((l) => l.includes('PWNED'));
    expect(naming).toHaveLength(2);
    for (const line of naming) expect(line).not.toMatch(/[$`;|&<>'"\\\n\u0000-\u001f]/);
    for (const bad of [name, '$(', '`', '\u001b', usb]) expect(text).not.toContain(bad);
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
