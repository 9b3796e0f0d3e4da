/**
 * The staff side of the API as the touchscreen and LAN devices reach it: PIN unlock, the access
 * rules the dispatcher enforces, the volunteers' directory, and the IT screen's pack operations.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  AuditExport,
  ContentHistory,
  DirectoryDoctors,
  DirectoryRow,
  Inspection,
  InstallJob,
  KioskHealth,
  PackListing,
  RollbackResult,
  UnlockResult,
} from '../../../../src/core/api/contract.js';
import { dispatch, type Caller } from '../../../../src/core/api/handlers.js';
import { directoryDoctors } from '../../../../src/core/api/staff.js';
import { departmentClinics } from '../../../../src/core/content/clinics.js';
import type { ContentReader } from '../../../../src/core/ports.js';
import type { Doctors } from '../../../../src/shared/content.js';
import { rng, syntheticDoctors } from '../../../../bench/generate.js';
import { Kiosk } from '../../../../src/app/kiosk.js';
import { setPin } from '../../../../src/core/access/pins.js';
import { IDLE_WARNING_SECONDS } from '../../../../src/shared/limits.js';
import { cleanTempDirs, makeKey, makePack, trustKeys } from '../../../fixtures/packs/helpers.js';
import { tempDir } from '../../helpers.js';

afterEach(cleanTempDirs);

async function call<T>(kiosk: Kiosk, method: string, args: unknown, caller?: Caller): Promise<T> {
  const r = await dispatch(kiosk, method, args, caller);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as T;
}

function kioskWithPins(extra: Record<string, unknown> = {}): Kiosk {
  const dir = tempDir();
  writeFileSync(join(dir, 'kiosk.json'), JSON.stringify(extra));
  const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
  setPin(dir, 'it', '482916');
  setPin(dir, 'volunteer', '7315');
  return kiosk;
}

async function unlock(kiosk: Kiosk, role: 'it' | 'volunteer', pin: string, caller?: Caller): Promise<string> {
  const r = await call<UnlockResult>(kiosk, 'unlock', { role, pin }, caller);
  if (!r.ok) throw new Error(r.message);
  return r.token;
}

describe('unlocking from the touchscreen', () => {
  it('tells the UI which staff screens exist, and refuses them all with no PIN set', async () => {
    const kiosk = new Kiosk({ dataDir: tempDir(), warn: () => {} });
    expect((await call<{ staff: unknown }>(kiosk, 'getInfo', {})).staff).toEqual({ it: false, volunteer: false });
    expect(await call(kiosk, 'unlock', { role: 'it', pin: '1234' })).toMatchObject({ ok: false, reason: 'no-pin' });
    kiosk.close();
  });

  it('gives a token for the right PIN and a sentence for a wrong one', async () => {
    const kiosk = kioskWithPins();
    expect((await call<{ staff: unknown }>(kiosk, 'getInfo', {})).staff).toEqual({ it: true, volunteer: true });
    expect(await call(kiosk, 'unlock', { role: 'it', pin: '000000' })).toMatchObject({
      ok: false,
      reason: 'wrong-pin',
      message: 'Wrong PIN. 2 tries left before the PIN pad locks.',
    });
    const token = await unlock(kiosk, 'it', '482916');
    expect((await call<{ installed: { version: number } }>(kiosk, 'itStatus', { token })).installed.version).toBe(0);
    kiosk.close();
  });

  it('refuses IT methods without a session, with a volunteer session, and after lock', async () => {
    const kiosk = kioskWithPins();
    await expect(call(kiosk, 'itStatus', { token: 'x'.repeat(32) })).rejects.toThrow('The IT session has ended; enter the PIN again.');
    const volunteer = await unlock(kiosk, 'volunteer', '7315');
    await expect(call(kiosk, 'itAuditLog', { token: volunteer })).rejects.toMatchObject({ code: 'forbidden' });
    const it = await unlock(kiosk, 'it', '482916');
    await call(kiosk, 'lock', { token: it });
    await expect(call(kiosk, 'itStatus', { token: it })).rejects.toMatchObject({ code: 'forbidden' });
    kiosk.close();
  });
});

describe('volunteer mode', () => {
  it("gives every doctor with their clinics on the kiosk's date in one call, one department read at a time", () => {
    const ids = Array.from({ length: 500 }, (_, i) => `dept-${i}`);
    const set = syntheticDoctors(rng(3), ids, 3000);
    const reads: string[] = [];
    const byDepartment = (id: string): Doctors => {
      reads.push(id);
      const doctors = set.doctors.filter((d) => d.department === id);
      const mine = new Set(doctors.map((d) => d.id));
      return { doctors, sessions: set.sessions.filter((x) => mine.has(x.doctor)), exceptions: set.exceptions.filter((x) => mine.has(x.doctor)) };
    };
    const content = { listDepartments: () => ids.map((id) => ({ id })), departmentDoctors: byDepartment } as unknown as ContentReader;
    const now = new Date(2026, 2, 4, 9); // a Wednesday
    const all = directoryDoctors(content, now);
    expect(all).toMatchObject({ date: '2026-03-04', weekday: 3 });
    expect(all.doctors).toHaveLength(3000);
    expect(new Set(all.doctors.map((d) => d.doctorId)).size).toBe(3000);
    expect(reads).toEqual(ids); // once per department, never once per doctor
    for (const id of ['dept-0', 'dept-77', 'dept-499']) {
      const page = departmentClinics(id, byDepartment(id), now);
      expect(all.doctors.filter((d) => d.departmentId === id)).toEqual(
        page.doctors.map((t) => ({
          doctorId: t.doctor.id,
          departmentId: id,
          name: t.doctor.name,
          title: t.doctor.title,
          today: t.today,
          cancelled: t.cancelled,
        })),
      );
    }
    expect(all.doctors.some((d) => d.today.length > 0)).toBe(true);
    // Only what the directory shows travels: no specialties, keywords or photos.
    expect(Object.keys(all.doctors[0]!).sort()).toEqual(['cancelled', 'departmentId', 'doctorId', 'name', 'title', 'today']);
  });

  it('answers the doctors to a volunteer session only, and none for content without doctors', async () => {
    const kiosk = kioskWithPins();
    await expect(call(kiosk, 'getDirectoryDoctors', { token: 'y'.repeat(32) })).rejects.toThrow(
      'The volunteer session has ended; enter the volunteer code again.',
    );
    const token = await unlock(kiosk, 'volunteer', '7315');
    const r = await call<DirectoryDoctors>(kiosk, 'getDirectoryDoctors', { token });
    expect(r.doctors).toEqual([]);
    expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    kiosk.close();
  });

  it('lists every department and service with where and when', async () => {
    const kiosk = kioskWithPins();
    const token = await unlock(kiosk, 'volunteer', '7315');
    const rows = await call<DirectoryRow[]>(kiosk, 'getDirectory', { token });
    expect(
      rows
        .filter((r) => r.kind === 'department')
        .map((r) => r.name.en)
        .sort(),
    ).toEqual(['General Ultrasound', 'Vascular Surgery']);
    expect(rows.find((r) => r.name.en === 'Varicose veins of the legs')).toMatchObject({
      kind: 'service',
      departmentId: 'vascular-surgery',
      phone: { placeholder: true },
    });
    await expect(call(kiosk, 'getDirectory', { token: 'y'.repeat(32) })).rejects.toThrow('The volunteer session has ended; enter the volunteer code again.');
    kiosk.close();
  });

  it('serves LAN devices only behind the volunteer code, and never the IT functions', async () => {
    const kiosk = kioskWithPins();
    const lan: Caller = { remote: true };
    await expect(call(kiosk, 'listDepartments', {}, lan)).rejects.toThrow('Enter the volunteer code to use the kiosk directory from this device.');
    await expect(call(kiosk, 'unlock', { role: 'it', pin: '482916' }, lan)).rejects.toThrow('Only volunteer mode can be unlocked from another device.');
    const session = await unlock(kiosk, 'volunteer', '7315', lan);
    expect(await call<unknown[]>(kiosk, 'listDepartments', {}, { remote: true, session })).toHaveLength(2);
    const it = await unlock(kiosk, 'it', '482916');
    await expect(call(kiosk, 'itStatus', { token: it }, { remote: true, session })).rejects.toThrow('IT functions are only available at the kiosk itself.');
    kiosk.close();
  });
});

describe('idleness', () => {
  it('counts only the screen of the kiosk itself as someone using it, not a tablet on the network', async () => {
    let t = 1_000_000;
    const dir = tempDir();
    writeFileSync(join(dir, 'kiosk.json'), JSON.stringify({ idleSeconds: 60 }));
    const kiosk = new Kiosk({ dataDir: dir, warn: () => {}, now: () => t });
    setPin(dir, 'volunteer', '7315');
    const quiet = (60 + IDLE_WARNING_SECONDS) * 1000;
    t += quiet;
    expect(kiosk.isIdle()).toBe(true);
    // A tablet holding a volunteer session calls every 20 s: the kiosk stays idle.
    const lan: Caller = { remote: true, address: '10.0.0.5' };
    const session = await unlock(kiosk, 'volunteer', '7315', lan);
    for (let i = 0; i < 10; i++) {
      t += 20_000;
      await call(kiosk, 'getDirectory', { token: session }, { ...lan, session });
      await dispatch(kiosk, 'itStatus', { token: session }, lan); // refused, and no touch either
      expect(kiosk.isIdle(), `call ${i}`).toBe(true);
    }
    // Someone at the kiosk's screen is a touch, and a volunteer session open there holds it busy.
    await call(kiosk, 'listDepartments', {});
    expect(kiosk.isIdle()).toBe(false);
    t += quiet;
    expect(kiosk.isIdle()).toBe(true);
    const here = await unlock(kiosk, 'volunteer', '7315');
    t += quiet;
    await call(kiosk, 'getDirectory', { token: here });
    t += quiet - 1000;
    expect(kiosk.isIdle()).toBe(false);
    kiosk.close();
  });
});

describe('the IT screen', () => {
  it('finds a pack on a USB stick, shows what it changes, installs it with progress, and rolls back', async () => {
    const usb = tempDir('kiosk-usb-');
    const kiosk = kioskWithPins({ packFolders: [usb] });
    const key = makeKey('hospital-it');
    trustKeys(kiosk.dataDir, [key]);
    const pack = await makePack([key], 3);
    mkdirSync(join(usb, 'STICK'));
    const onStick = join(usb, 'STICK', 'content-v3.kpack');
    writeFileSync(onStick, await import('node:fs').then((fs) => fs.readFileSync(pack)));
    const token = await unlock(kiosk, 'it', '482916');

    const found = await call<{ packs: { file: string }[] }>(kiosk, 'itPackList', { token });
    expect(found.packs.map((p) => p.file)).toEqual([onStick]);
    const inspection = await call<Inspection>(kiosk, 'itInspectPack', { token, file: onStick });
    if (!inspection.ok) throw new Error(inspection.reason);
    expect(inspection.summary.version).toBe(3);
    expect(inspection.summary.signers.map((s) => s.keyId)).toEqual([key.keyId]);
    expect(inspection.diff.changed.map((d) => d.id).sort()).toEqual([]);

    let job = await call<InstallJob>(kiosk, 'itInstallPack', { token, file: onStick });
    for (let i = 0; i < 200 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = await call<InstallJob>(kiosk, 'itInstallJob', { token, id: job.id });
    }
    expect(job).toMatchObject({ state: 'done', result: { status: 'installed' } });
    expect(job.progress.length).toBeGreaterThan(2);
    expect(kiosk.content().status().version).toBe(3);

    const back = await call<{ to: { version: number } }>(kiosk, 'itRollback', { token });
    expect(back.to.version).toBe(0);
    expect(kiosk.content().status().version).toBe(0);
    const log = await call<{ action: string; result: string }[]>(kiosk, 'itAuditLog', { token, limit: 10 });
    expect(log.map((e) => `${e.action}:${e.result}`)).toEqual(expect.arrayContaining(['install:accepted', 'rollback:accepted', 'unlock:accepted']));
    kiosk.close();
  });

  it('lists the packs with verdicts, rolls forward again from the history, installs the accepted pack again, and reports its health', async () => {
    const usb = tempDir('kiosk-usb-');
    const kiosk = kioskWithPins({ packFolders: [usb] });
    const key = makeKey('hospital-it');
    trustKeys(kiosk.dataDir, [key]);
    const { readFileSync } = await import('node:fs');
    const onStick = (v: number) => join(usb, `content-v${v}.kpack`);
    for (const v of [1, 2]) writeFileSync(onStick(v), readFileSync(await makePack([key], v)));
    const token = await unlock(kiosk, 'it', '482916');
    const wait = async (id: string) => {
      let job = await call<InstallJob>(kiosk, 'itInstallJob', { token, id });
      for (let i = 0; i < 400 && job.state === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        job = await call<InstallJob>(kiosk, 'itInstallJob', { token, id });
      }
      return job;
    };

    let list = await call<PackListing>(kiosk, 'itPackList', { token });
    expect(list.packs.map((p) => p.verdict)).toEqual(['checking', 'checking']);
    for (let i = 0; i < 400 && list.checking > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      list = await call<PackListing>(kiosk, 'itPackList', { token });
    }
    expect(list.packs.map((p) => [p.version, p.verdict, p.signers[0]?.name])).toEqual([
      [1, 'installable', 'hospital-it'],
      [2, 'installable', 'hospital-it'],
    ]);
    for (const v of [1, 2])
      expect(await wait((await call<InstallJob>(kiosk, 'itInstallPack', { token, file: onStick(v) })).id)).toMatchObject({ state: 'done' });

    expect(await call<RollbackResult>(kiosk, 'itRollback', { token, to: 0 })).toMatchObject({ to: { version: 0 }, direction: 'back' });
    let h = await call<ContentHistory>(kiosk, 'itHistory', { token });
    expect([h.live?.status?.version, ...h.kept.map((k) => `${k.status?.version}:${k.direction}`)]).toEqual([0, '2:forward', '1:forward']);
    expect(await call<RollbackResult>(kiosk, 'itRollback', { token, to: 1 })).toMatchObject({ to: { version: 1 }, direction: 'forward' });
    expect(kiosk.content().status().version).toBe(1);
    await expect(call(kiosk, 'itRollback', { token, to: 9 })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('Version 9 is not kept'),
    });
    await expect(call(kiosk, 'itRollback', { token, to: -1 })).rejects.toMatchObject({ code: 'bad_args' });

    // The list follows the kiosk's record: version 2 was accepted before, so staff may install it again.
    for (let i = 0; i < 400 && (list = await call<PackListing>(kiosk, 'itPackList', { token })).checking > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(list.packs.map((p) => [p.version, p.verdict, p.alreadyInstalled, p.acceptedBefore])).toEqual([
      [1, 'older-or-equal', true, true],
      [2, 'installable', false, true],
    ]);
    expect(await wait((await call<InstallJob>(kiosk, 'itInstallPack', { token, file: onStick(2) })).id)).toMatchObject({
      state: 'done',
      result: { status: 'installed', previous: { version: 1 } },
    });
    h = await call<ContentHistory>(kiosk, 'itHistory', { token });
    expect(h.live?.status?.version).toBe(2);
    expect(h.accepted.map((a) => a.version)).toEqual([2, 1]);

    const health = await call<KioskHealth>(kiosk, 'itHealth', { token });
    expect(health).toMatchObject({ content: { version: 2, packId: 'content-v2' }, recoveries: { sinceStart: 0 }, lastAutomatic: null });
    expect(['ready', 'none', 'unknown']).toContain(health.printer.state);
    expect(health.uptimeSeconds).toBeGreaterThanOrEqual(0);
    kiosk.close();
  }, 60_000);

  it('exports the audit log to the stick holding the packs, filtered, in the language asked; refused in one sentence with no stick', async () => {
    const media = tempDir('kiosk-media-');
    const usb = join(media, 'USB');
    mkdirSync(usb);
    writeFileSync(join(usb, 'content.kpack'), 'not really a pack');
    const kiosk = kioskWithPins({ packFolders: [media], site: 'main-lobby' });
    const token = await unlock(kiosk, 'it', '482916');
    const r = await call<AuditExport>(kiosk, 'itExportAuditLog', { token, lang: 'zh', action: 'unlock', result: 'accepted' });
    expect(r).toMatchObject({ folder: usb, entries: 1 });
    expect(r.name).toMatch(/^kiosk-audit-\d{8}-\d{6}\.txt$/);
    const text = readFileSync(join(usb, r.name), 'utf8');
    expect(text).toContain('站点: main-lobby');
    expect(text).toContain('IT 界面已解锁（在本机上）。');
    await expect(call(kiosk, 'itExportAuditLog', { token, lang: 'fr' })).rejects.toMatchObject({ code: 'bad_args' });
    await expect(call(kiosk, 'itExportAuditLog', { token, lang: 'en', action: 'everything' })).rejects.toMatchObject({ code: 'bad_args' });
    await expect(call(kiosk, 'itExportAuditLog', { lang: 'en' })).rejects.toMatchObject({ code: 'bad_args' });
    kiosk.close();

    const none = kioskWithPins({ packFolders: [join(tempDir(), 'no-stick')] });
    const t2 = await unlock(none, 'it', '482916');
    await expect(call(none, 'itExportAuditLog', { token: t2, lang: 'en' })).rejects.toMatchObject({
      code: 'unavailable',
      message: 'No USB stick or pack folder was found: insert the stick, then export again.',
    });
    none.close();
  });

  it('will not open a file that is not among the packs found', async () => {
    const kiosk = kioskWithPins({ packFolders: [tempDir('kiosk-usb-')] });
    const token = await unlock(kiosk, 'it', '482916');
    await expect(call(kiosk, 'itInspectPack', { token, file: '/etc/passwd' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call(kiosk, 'itInstallPack', { token, file: '/etc/passwd' })).rejects.toMatchObject({ code: 'not_found' });
    kiosk.close();
  });
});
