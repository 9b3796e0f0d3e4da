/**
 * Installing packs: install, rollback and status; the anti-rollback rule; k-of-n thresholds; key
 * rotation; what a running kiosk sees; photos; the audit log; finding packs; trust and PINs.
 */
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticSource } from '../../../../bench/generate.js';
import { ContentDb } from '../../../../db/store.js';
import { Sessions } from '../../../../src/core/access/sessions.js';
import { DataFolder } from '../../../../src/core/datafolder.js';
import { Kiosk } from '../../../../src/app/kiosk.js';
import {
  type PackError,
  findPacks,
  formatAuditEntry,
  hasPin,
  inspectPack,
  installPack,
  pinCheck,
  readAuditLog,
  rollback,
  setPin,
  setThreshold,
  status,
  trustKey,
  verifyPin,
} from '../../../../src/app/packs.js';
import { LOCK_FILE } from '../../../../src/core/packs/state.js';
import {
  builtInDataDir,
  cleanTempDirs,
  contentCopy,
  copyDataDir,
  keyList,
  makeKey,
  makePack,
  snapshot,
  tempDir,
  trustKeys,
  type TestKey,
} from '../../../fixtures/packs/helpers.js';

let A: TestKey;
let B: TestKey;
let C: TestKey;
let N: TestKey; // a new key, for rotation
let base: string; // built-in content, A trusted
let v1: string;
let v2: string;

beforeAll(async () => {
  [A, B, C, N] = [makeKey('alice'), makeKey('bob'), makeKey('carol'), makeKey('new')];
  base = builtInDataDir();
  trustKeys(base, [A]);
  v1 = await makePack([A], 1);
  // Version 2 drops a department and changes another.
  const src = contentCopy();
  rmSync(join(src, 'departments/general-ultrasound.json'));
  const f = join(src, 'departments/vascular-surgery.json');
  writeFileSync(f, readFileSync(f, 'utf8').replace('"phone": {', '"website": "https://example.org/vascular",\n  "phone": {'));
  const sym = join(src, 'symptoms.json');
  writeFileSync(sym, readFileSync(sym, 'utf8').replaceAll('"general-ultrasound"', '"vascular-surgery"'));
  v2 = await makePack([A], 2, { source: src });
});
afterAll(cleanTempDirs);

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as PackError,
  );

describe('install, rollback and status', () => {
  it('installs, keeps the previous content, rolls back, and reports it all', async () => {
    const dir = copyDataDir(base);
    const progress: [string, string][] = [];
    const r1 = await installPack(v1, dir, (stage, message) => progress.push([stage, message]));
    expect(r1).toMatchObject({ status: 'installed', previous: { version: 0, packId: 'built-in' } });
    expect([...new Set(progress.map(([stage]) => stage))]).toEqual(['open', 'signature', 'files', 'content', 'build', 'switch', 'done']);
    expect(progress.map(([, message]) => message)).toEqual(
      expect.arrayContaining(['Storing departments (0 of 2)', 'Completing the search index and checking the new database']),
    );
    const r2 = await installPack(v2, dir);
    expect(r2.status).toBe('installed');

    let st = status(dir);
    expect(st.installed).toMatchObject({ version: 2, packId: 'content-v2', builtIn: false, signers: [A.keyId], expired: false });
    expect(st.kept.map((k) => k.status?.version)).toEqual([1, 0]);
    expect(st.highestVersionAccepted).toBe(2);
    expect(st.trust).toMatchObject({ threshold: 1, keys: [{ keyId: A.keyId, name: 'alice' }] });
    expect(snapshot(dir).departments).toEqual(['vascular-surgery']);

    const rb = await rollback(dir);
    expect(rb.from?.version).toBe(2);
    expect(rb.to.version).toBe(1);
    expect(rb.direction).toBe('back');
    st = status(dir);
    expect(st.installed?.version).toBe(1);
    expect(st.kept.map((k) => k.status?.version)).toEqual([2, 0]); // the content rolled back from stays kept
    expect(st.highestVersionAccepted).toBe(2); // rollback never lowers it
    expect(snapshot(dir).departments).toEqual(['general-ultrasound', 'vascular-surgery']);
    expect(snapshot(dir).files).toHaveLength(3);

    await rollback(dir);
    expect(status(dir).installed).toMatchObject({ version: 0, builtIn: true });
    await expect(rollback(dir)).rejects.toThrow('There is no earlier content kept to roll back to (version 0 is the oldest kept).');

    const log = readAuditLog(dir, 0).map((e) => `${e.action}:${e.result}:${e.version ?? ''}`);
    expect(log).toEqual(['install:accepted:1', 'install:accepted:2', 'rollback:accepted:1', 'rollback:accepted:0', 'rollback:failed:']);
  });

  it('refuses to roll back to kept content that is damaged, and changes nothing', async () => {
    const dir = copyDataDir(base);
    await installPack(v1, dir);
    const folder = new DataFolder(dir);
    const kept = folder.path(folder.readPointer()!.previous[0]!);
    // Garbage over its last pages (the search index): it still opens and shows its facts, so only
    // the check of every page finds the damage.
    const size = readFileSync(kept).length;
    const from = size - 4 * 4096;
    const fd = openSync(kept, 'r+');
    writeSync(fd, Buffer.alloc(size - from, 0x5a), 0, size - from, from);
    closeSync(fd);
    expect(status(dir).kept[0]?.status).toMatchObject({ version: 0, builtIn: true });
    await expect(rollback(dir)).rejects.toThrow(/^The kept content .+ is damaged/);
    expect(status(dir).installed).toMatchObject({ version: 1, packId: 'content-v1' });
    expect(readAuditLog(dir).at(-1)).toMatchObject({ action: 'rollback', result: 'failed' });
  });

  it('treats the installed version as "already installed": no change, logged', async () => {
    const dir = copyDataDir(base);
    await installPack(v1, dir);
    const before = snapshot(dir);
    const r = await installPack(v1, dir);
    expect(r.status).toBe('already-installed');
    expect(snapshot(dir)).toEqual(before);
    expect(readAuditLog(dir, 1)[0]).toMatchObject({ action: 'install', result: 'no-change', version: 1 });
  });

  it('after a rollback, refuses the rolled-back version and anything older, and accepts a newer one', async () => {
    const dir = copyDataDir(base);
    await installPack(v1, dir);
    await installPack(v2, dir);
    await rollback(dir);
    const before = snapshot(dir);
    const e = await refusal(installPack(v2, dir));
    expect(e.check).toBe('version-replayed');
    expect(e.message).toMatch(/already accepted version 2 \(the content was rolled back since\); only a pack with a version above 2/);
    expect(snapshot(dir)).toEqual(before);
    // The kept content's own version is what is installed now: "already installed", no change.
    expect((await installPack(v1, dir)).status).toBe('already-installed');
    expect(snapshot(dir)).toEqual(before);
    expect((await installPack(await makePack([A], 3), dir)).status).toBe('installed');
    expect(status(dir).highestVersionAccepted).toBe(3);
  });

  it('installs the built-in content first on an empty data folder, so there is something to roll back to', async () => {
    const dir = tempDir('kiosk-empty-');
    trustKeys(dir, [A]);
    const r = await installPack(v1, dir);
    expect(r.previous).toMatchObject({ version: 0, packId: 'built-in' });
    expect(status(dir).kept).toHaveLength(1);
  });

  it('is picked up by a running kiosk on its next call', async () => {
    const dir = copyDataDir(base);
    const kiosk = new Kiosk({ dataDir: dir, warn: () => {} });
    try {
      expect(kiosk.content().status().version).toBe(0);
      await installPack(v2, dir);
      expect(kiosk.content().status().version).toBe(2);
      expect(
        kiosk
          .content()
          .listDepartments()
          .map((d) => d.id),
      ).toEqual(['vascular-surgery']);
      await rollback(dir);
      expect(kiosk.content().status().version).toBe(0);
    } finally {
      kiosk.close();
    }
  });

  it('shows what a pack would change before it is installed', async () => {
    const dir = copyDataDir(base);
    await installPack(v1, dir);
    const src = contentCopy();
    const dep = JSON.parse(readFileSync(join(src, 'departments/vascular-surgery.json'), 'utf8')) as { id: string };
    writeFileSync(join(src, 'departments/sleep-clinic.json'), JSON.stringify({ ...dep, id: 'sleep-clinic' }));
    rmSync(join(src, 'departments/general-ultrasound.json'));
    const sym = join(src, 'symptoms.json');
    writeFileSync(sym, readFileSync(sym, 'utf8').replaceAll('"general-ultrasound"', '"vascular-surgery"'));
    const r = await inspectPack(await makePack([A], 3, { source: src }), dir);
    if (!r.ok) throw new Error(r.reason);
    expect(r.installed).toEqual({ version: 1, packId: 'content-v1' });
    expect(r.diff.added.map((d) => d.id)).toEqual(['sleep-clinic']);
    expect(r.diff.removed.map((d) => d.id)).toEqual(['general-ultrasound']);
    expect(r.diff.changed).toEqual([]);
    expect(r.diff.unchanged).toBe(1);
    expect(r.summary).toMatchObject({ version: 3, files: 9, signers: [{ keyId: A.keyId, name: 'alice' }], expires: null, site: null });
    expect(status(dir).installed?.version).toBe(1); // inspecting changes nothing
  });

  it('stores photos one at a time from the pack', async () => {
    const dir = copyDataDir(base);
    const src = writeSyntheticSource(tempDir('kiosk-synth-'), { departments: 5, rowsPerDepartment: 3, photos: 3, photoBytes: 50_000 });
    const pack = await makePack([A], 1, { source: src });
    const r = await installPack(pack, dir);
    expect(r.summary.files).toBe(1 + 5 + 3);
    const folder = new DataFolder(dir);
    const db = new ContentDb(folder.path(folder.readPointer()!.active));
    try {
      const photo = db.asset('images/photo-00001.png');
      expect(photo?.mime).toBe('image/png');
      expect(photo?.data.length).toBe(50_000);
      expect(db.integrityCheck()).toBe('ok');
    } finally {
      db.close();
    }
  });
});

describe('packs with many departments', () => {
  it('stores them batch by batch, in content order, searchable across batches', async () => {
    const dir = copyDataDir(base);
    const src = writeSyntheticSource(tempDir('kiosk-synth-'), { departments: 70, rowsPerDepartment: 3, photos: 2, photoBytes: 20_000 });
    const r = await installPack(await makePack([A], 1, { source: src }), dir);
    expect(r.summary.departments).toHaveLength(70);
    const folder = new DataFolder(dir);
    const db = new ContentDb(folder.path(folder.readPointer()!.active));
    try {
      const ids = db.listDepartments().map((d) => d.id);
      expect(ids).toHaveLength(70);
      expect(ids).toEqual([...ids].sort());
      // The first, one from a middle batch and the last: each is found by its exact English name.
      for (const id of [ids[0]!, ids[40]!, ids[69]!]) {
        const d = db.getDepartment(id)!;
        const hits = db.search(d.name.en, 'en').groups.departments;
        expect(hits[0]).toMatchObject({ departmentId: id, match: 'exact' });
      }
      expect(db.integrityCheck()).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('refuses a department file that changed in the pack after it was verified, and keeps the earlier content', async () => {
    const dir = copyDataDir(base);
    const src = writeSyntheticSource(tempDir('kiosk-synth-'), { departments: 70, rowsPerDepartment: 3, photos: 1, photoBytes: 20_000 });
    const pack = await makePack([A], 1, { source: src });
    // The last department is read again in the last batch, after this change to its bytes.
    const bytes = readFileSync(pack);
    const name = Buffer.from('departments/dept-00070.json');
    const header = bytes.indexOf(name) - 30;
    expect(bytes.readUInt32LE(header)).toBe(0x04034b50); // its local header
    const dataStart = header + 30 + bytes.readUInt16LE(header + 26) + bytes.readUInt16LE(header + 28);
    let tampered = false;
    const e = await refusal(
      installPack(pack, dir, (_stage, message) => {
        if (!tampered && message.startsWith('Storing departments')) {
          const fd = openSync(pack, 'r+');
          writeSync(fd, Buffer.from([bytes[dataStart + 4]! ^ 0xff]), 0, 1, dataStart + 4);
          closeSync(fd);
          tampered = true;
        }
      }),
    );
    expect(tampered).toBe(true);
    expect(['file-hash', 'zip-inflate']).toContain(e.check);
    expect(e.message).toContain('departments/dept-00070.json');
    expect(status(dir).installed).toMatchObject({ version: 0, builtIn: true });
    expect(readAuditLog(dir).at(-1)).toMatchObject({ action: 'install', result: 'refused' });
  });
});

describe('expiry and the clock', () => {
  it('never lets the clock count as earlier than the newest pack accepted', async () => {
    const dir = copyDataDir(base);
    // The kiosk's clock was ten days ahead when it accepted a pack made then; it is right again now.
    const future = new Date(Date.now() + 10 * 86_400_000);
    await installPack(await makePack([A], 1, { now: future }), dir, () => {}, { now: future });
    expect(status(dir).latestCreatedAccepted).toBe(future.toISOString());
    // Expires in five days: fine by the wall clock, but a pack made ten days from now was accepted.
    const soon = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const e = await refusal(installPack(await makePack([A], 2, { expires: soon }), dir));
    expect(e.check).toBe('expired');
  });

  it('accepts a pack for this site and a pack that has not expired', async () => {
    const dir = copyDataDir(base);
    writeFileSync(join(dir, 'kiosk.json'), JSON.stringify({ site: 'north' }));
    const expires = new Date(Date.now() + 86_400_000).toISOString();
    const r = await installPack(await makePack([A], 1, { site: 'north', expires }), dir);
    expect(r.summary).toMatchObject({ site: 'north', expires });
    expect(status(dir).installed).toMatchObject({ expires, expired: false });
    expect(status(dir, { now: new Date(Date.now() + 2 * 86_400_000) }).installed?.expired).toBe(true);
  });
});

describe('thresholds: k of n distinct trusted signatures', () => {
  let dir3: string;
  beforeAll(() => {
    dir3 = builtInDataDir();
    trustKeys(dir3, [A, B, C], 2);
  });

  it('refuses one signature when two are required', async () => {
    const dir = copyDataDir(dir3);
    const before = snapshot(dir);
    const e = await refusal(installPack(await makePack([A], 1), dir));
    expect(e.check).toBe('threshold');
    expect(e.message).toBe('The pack has 1 valid signature from trusted keys; this kiosk requires 2 (of 3 trusted keys).');
    expect(snapshot(dir)).toEqual(before);
  });

  it('does not count one key twice, nor an untrusted key', async () => {
    const dir = copyDataDir(dir3);
    const e = await refusal(installPack(await makePack([A, N], 1), dir));
    expect(e.check).toBe('threshold');
  });

  it('accepts two of the three', async () => {
    const dir = copyDataDir(dir3);
    const r = await installPack(await makePack([C, A], 1), dir);
    expect(r.status).toBe('installed');
    expect(status(dir).installed?.signers.sort()).toEqual([A.keyId, C.keyId].sort());
  });

  it('refuses every pack when the threshold is above the number of trusted keys', async () => {
    const dir = builtInDataDir();
    trustKeys(dir, [A], 2);
    const before = snapshot(dir);
    const e = await refusal(installPack(await makePack([A], 1), dir));
    expect(e).toMatchObject({ check: 'threshold', message: expect.stringMatching(/requires 2 signatures but trusts only 1 key/) });
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses every pack while no key is trusted', async () => {
    const dir = builtInDataDir();
    const before = snapshot(dir);
    const e = await refusal(installPack(v1, dir));
    expect(e).toMatchObject({ check: 'no-trusted-keys', message: expect.stringMatching(/trusts no signing key yet/) });
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('key rotation', () => {
  it('accepts a new key list signed by the current keys and by its own, and then trusts only it', async () => {
    const dir = copyDataDir(base);
    const r = await installPack(await makePack([A, N], 1, { newKeys: keyList([N]) }), dir);
    expect(r.summary.newKeys).toEqual({ threshold: 1, keyIds: [N.keyId] });
    const st = status(dir);
    if ('error' in st.trust) throw new Error(st.trust.error);
    expect(st.trust.keys.map((k) => k.keyId)).toEqual([N.keyId]);
    expect(st.trust.rotatedBy).toMatchObject({ packId: 'content-v1', version: 1 });
    // The old key alone no longer suffices; the new one does.
    expect((await refusal(installPack(await makePack([A], 2), dir))).check).toBe('unknown-key');
    expect((await installPack(await makePack([N], 2), dir)).status).toBe('installed');
    expect(readAuditLog(dir, 0).find((e) => e.version === 1)?.reason).toMatch(/trusted key list was replaced/);
  });

  it('refuses a new key list signed only by the new keys', async () => {
    const dir = copyDataDir(base);
    const before = snapshot(dir);
    const e = await refusal(installPack(await makePack([N], 1, { newKeys: keyList([N]) }), dir));
    expect(e.check).toBe('unknown-key');
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a new key list without a threshold of the current keys', async () => {
    const dir = builtInDataDir();
    trustKeys(dir, [A, B, C], 2);
    const before = snapshot(dir);
    const e = await refusal(installPack(await makePack([A, N], 1, { newKeys: keyList([N]) }), dir));
    expect(e.check).toBe('threshold');
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a new key list its own keys did not sign', async () => {
    const dir = copyDataDir(base);
    const before = snapshot(dir);
    const { craftPack } = await import('../../../fixtures/packs/helpers.js');
    const file = await craftPack({ signers: [A], version: 1, manifest: (m) => ({ ...m, keys: keyList([N, B], 2) }) });
    const e = await refusal(installPack(file, dir));
    expect(e.check).toBe('key-rotation');
    expect(e.message).toBe('The pack carries a new key list that requires 2 of its own keys to sign, but only 0 did; the key rotation is refused.');
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a new key list whose ids do not match its keys', async () => {
    const dir = copyDataDir(base);
    const { craftPack } = await import('../../../fixtures/packs/helpers.js');
    const bad = { threshold: 1, keys: [{ ...N.entry, keyId: A.keyId }] };
    const e = await refusal(installPack(await craftPack({ signers: [A, N], version: 1, manifest: (m) => ({ ...m, keys: bad }) }), dir));
    expect(e).toMatchObject({ check: 'key-rotation', message: expect.stringMatching(/whose id does not match its public key/) });
  });

  it('will not write a rotation pack its new keys cannot accept', async () => {
    await expect(makePack([A], 1, { newKeys: keyList([N]) })).rejects.toThrow(/requires 1 of its own keys to sign the pack, but only 0/);
  });
});

describe('the lock', () => {
  it('refuses to run beside another install, and takes over a lock left by a crash', async () => {
    const dir = copyDataDir(base);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, at: new Date().toISOString() }));
    await expect(installPack(v1, dir)).rejects.toThrow(
      `Another install or rollback is running (process ${process.ppid}); wait for it to finish and try again.`,
    );
    expect(readAuditLog(dir, 1)[0]).toMatchObject({ action: 'install', result: 'failed' });
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, at: new Date().toISOString() }));
    expect((await installPack(v1, dir)).status).toBe('installed');
  });
});

describe('the audit log', () => {
  it('records accepted and refused attempts with pack, version, signers and reason, and skips torn lines', async () => {
    const dir = copyDataDir(base);
    await installPack(v1, dir);
    await installPack(await makePack([B], 2), dir).catch(() => undefined);
    appendFileSync(join(dir, 'audit.log'), '{"time": "2025-01-01T00:00:00Z", "act');
    const log = readAuditLog(dir, 10);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ action: 'install', result: 'accepted', packId: 'content-v1', version: 1, signers: [A.keyId] });
    // Refused before its signature was accepted: nothing the pack claims is logged, only its file.
    expect(log[1]).toMatchObject({ action: 'install', result: 'refused', check: 'unknown-key', file: expect.stringMatching(/v2\.kpack$/) });
    expect(log[1]!.version).toBeUndefined();
    expect(formatAuditEntry(log[1]!)).toMatch(/install\s+refused\s+\S+v2\.kpack {2}— The pack is signed only by 1 key/);
    expect(readAuditLog(dir, 1)).toEqual([log[1]]);
  });
});

describe('finding packs on USB sticks', () => {
  it('lists .kpack files in the folders and two levels below, nothing deeper or hidden', () => {
    const root = tempDir('kiosk-media-');
    for (const p of ['a.kpack', 'usb/b.KPACK', 'user/STICK/c.kpack', 'user/STICK/deep/d.kpack', '.hidden/e.kpack', 'usb/notes.txt']) {
      mkdirSync(join(root, p, '..'), { recursive: true });
      writeFileSync(join(root, p), 'x');
    }
    expect(findPacks([root, join(root, 'missing')]).map((f) => f.file.slice(root.length + 1))).toEqual(['a.kpack', 'usb/b.KPACK', 'user/STICK/c.kpack']);
  });
});

describe('trust and PINs', () => {
  it('trusts keys and sets the threshold, logging each change', () => {
    const dir = tempDir('kiosk-trust-');
    expect(trustKey(dir, A.entry)).toMatchObject({ added: true, trusted: 1, threshold: 1 });
    expect(trustKey(dir, A.entry)).toMatchObject({ added: false });
    expect(() => setThreshold(dir, 2)).toThrow('A threshold of 2 needs at least 2 trusted keys, but this kiosk trusts 1; trust more keys first.');
    trustKey(dir, B.entry);
    expect(setThreshold(dir, 2)).toMatchObject({ threshold: 2, trusted: 2 });
    expect(readAuditLog(dir, 0).map((e) => `${e.action}:${e.result}`)).toEqual([
      'trust:accepted',
      'trust:no-change',
      'trust:failed',
      'trust:accepted',
      'trust:accepted',
    ]);
  });

  it('stores PINs as slow salted hashes, checks them, and never logs them', () => {
    const dir = tempDir('kiosk-pins-');
    expect(hasPin(dir, 'it')).toBe(false);
    expect(verifyPin(dir, 'it', '1234')).toBe(false);
    setPin(dir, 'it', '482913');
    expect(() => setPin(dir, 'volunteer', '12ab')).toThrow('A volunteer code is 4 to 12 digits (0-9), nothing else.');
    expect(verifyPin(dir, 'it', '482913')).toBe(true);
    expect(verifyPin(dir, 'it', '482914')).toBe(false);
    expect(verifyPin(dir, 'volunteer', '482913')).toBe(false);
    const stored = readFileSync(join(dir, 'pins.json'), 'utf8');
    expect(stored).not.toContain('482913');
    expect(JSON.parse(stored)).toMatchObject({ it: { algorithm: 'scrypt', N: 32768, r: 8, p: 1 } });
    expect(readFileSync(join(dir, 'audit.log'), 'utf8')).not.toContain('482913');
    expect(readAuditLog(dir, 0).map((e) => `${e.action}:${e.result}`)).toEqual(['set-pin:accepted', 'set-pin:refused']);
    // The staff-screen sessions check PINs through it.
    const sessions = new Sessions(dir, pinCheck(dir));
    expect(sessions.unlock('it', '482913').ok).toBe(true);
    expect(sessions.available('volunteer')).toBe(false);
  });
});
