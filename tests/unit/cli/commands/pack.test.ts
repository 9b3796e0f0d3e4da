/**
 * The pack commands as IT staff use them: keygen → trust → pack resources/content → verify →
 * install → status → log, then rollback, refusals, set-pin and mistakes. Output is captured from
 * `main`; every failure is one sentence and an exit code, never a stack trace.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pinInput } from '../../../../src/cli/commands/set-pin.js';
import { main } from '../../../../src/cli/kiosk.js';
import { verifyPin } from '../../../../src/app/packs.js';
import { cleanTempDirs, contentCopy, renameEntry, tempDir } from '../../../fixtures/packs/helpers.js';

let out: string[];
let err: string[];

beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());
afterAll(cleanTempDirs);

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  out.length = 0;
  err.length = 0;
  const code = await main(argv);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('kiosk pack commands', () => {
  it('keygen → trust → pack → verify → install → status → log → rollback', async () => {
    const keys = tempDir('kiosk-keys-');
    const data = tempDir('kiosk-data-');
    const pack = join(tempDir('kiosk-out-'), 'lobby-v1.kpack');

    let r = await run('keygen', '--out', keys, '--name', 'it-office');
    expect(r.code).toBe(0);
    const keyId = /Key id: ([0-9a-f]{16})/.exec(r.out)?.[1];
    expect(keyId).toBeDefined();
    if (process.platform !== 'win32') expect(statSync(join(keys, 'it-office.key')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(keys, 'it-office.pub'), 'utf8'))).toMatchObject({ keyId, name: 'it-office' });
    r = await run('keygen', '--out', keys, '--name', 'it-office');
    expect(r).toMatchObject({ code: 1, err: expect.stringMatching(/^kiosk keygen: .*it-office.key already exists; choose another --name or folder/) });

    r = await run('trust', join(keys, 'it-office.pub'), '--data-dir', data);
    expect(r).toMatchObject({ code: 0, out: `Key ${keyId} (it-office) is now trusted (1 trusted, 1 required).` });

    r = await run('pack', 'resources/content', '--key', join(keys, 'it-office.key'), '--version', '1', '--expires', '2999-12-31', '--out', pack);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Pack content-v1 version 1: 9 files, 2 departments; signed by [0-9a-f]{16}/);
    expect(r.out).toContain('Expires 2999-12-31T23:59:59.000Z.');

    r = await run('verify', pack, '--data-dir', data);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('The pack is valid and signed by 1 trusted key.');
    expect(r.out).toMatch(new RegExp(`Signed by: +${keyId} \\(it-office\\)`));
    expect(r.out).toMatch(/Departments: +2: general-ultrasound, vascular-surgery/);
    r = await run('verify', pack, '--data-dir', data, '--json');
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, summary: { packId: 'content-v1', version: 1, files: 9 } });

    r = await run('install', pack, '--data-dir', data);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('  Checking the signatures…');
    expect(r.out).toContain('  Switching to the new content…');
    expect(r.out).toContain('Installed pack content-v1 version 1 (was built-in version 0, kept for rollback).');

    r = await run('install', pack, '--data-dir', data);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain('Pack content-v1 version 1 is already installed; nothing was changed.');

    r = await run('status', '--data-dir', data);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Installed: +pack content-v1, version 1/);
    expect(r.out).toMatch(/Expires: +2999-12-31T23:59:59.000Z/);
    expect(r.out).toMatch(/version 0 +built-in/);
    r = await run('status', '--data-dir', data, '--json');
    expect(JSON.parse(r.out)).toMatchObject({ installed: { version: 1, signers: [keyId] }, kept: [{ status: { version: 0 } }], highestVersionAccepted: 1 });

    r = await run('log', '--data-dir', data);
    expect(r.out.split('\n')).toEqual([
      expect.stringMatching(/trust +accepted +— Key [0-9a-f]{16} \(it-office\) is now trusted\./),
      expect.stringMatching(/install +accepted +content-v1 v1 {2}signed by [0-9a-f]{16} {2}— Installed version 1 over version 0\./),
      expect.stringMatching(/install +no-change +content-v1 v1/),
    ]);
    r = await run('log', '--data-dir', data, '--json', '--limit', '1');
    expect(JSON.parse(r.out)).toEqual([expect.objectContaining({ action: 'install', result: 'no-change', version: 1 })]);

    r = await run('rollback', '--data-dir', data);
    expect(r.out).toBe(
      'Rolled back from pack content-v1 version 1 to the built-in content version 0.\nVersion 1 is still kept: "kiosk rollback --to 1" makes it live again.',
    );
    r = await run('history', '--data-dir', data);
    expect(r.out).toMatch(/^Kept contents \(2 of at most 3; "kiosk rollback --to VERSION" makes one live\):\n {2}live {5}version 0 {6}built-in/);
    expect(r.out).toMatch(/\n {2}forward {2}version 1 {6}content-v1 .* manifest [0-9a-f]{16}…/);
    // The very pack accepted before, installed again by staff: no new signature needed.
    r = await run('install', pack, '--data-dir', data);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Installed pack content-v1 version 1 (was built-in version 0, kept for rollback).');
    r = await run('rollback', '--to', '0', '--data-dir', data);
    expect(r.out).toMatch(/^Rolled back from pack content-v1 version 1 to the built-in content version 0\./);
    r = await run('rollback', '--to', '1', '--data-dir', data);
    expect(r.out).toMatch(/^Rolled forward from the built-in content version 0 to pack content-v1 version 1\./);
  });

  it('refuses a tampered pack in one sentence naming the check, in text and JSON', async () => {
    const keys = tempDir('kiosk-keys-');
    const data = tempDir('kiosk-data-');
    await run('keygen', '--out', keys);
    await run('trust', join(keys, 'signing.pub'), '--data-dir', data);
    const pack = join(tempDir('kiosk-out-'), 'p.kpack');
    await run('pack', 'resources/content', '--key', join(keys, 'signing.key'), '--version', '3', '--out', pack);
    writeFileSync(pack, renameEntry(readFileSync(pack), 'hospital.json', 'hospital.jsom'));
    let r = await run('verify', pack, '--data-dir', data);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'kiosk verify: not valid: This pack’s files do not match its list of files: it may not have copied completely, or it was altered. (check: file-missing) The file "hospital.json" listed in the manifest is missing from the pack.',
    );
    expect(r.err.split('\n')).toHaveLength(1);
    r = await run('verify', pack, '--data-dir', data, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      ok: false,
      check: 'file-missing',
      reason: 'The file "hospital.json" listed in the manifest is missing from the pack.',
      params: {},
    });
    r = await run('install', pack, '--data-dir', data);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'kiosk install: refused, nothing was changed: This pack’s files do not match its list of files: it may not have copied completely, or it was altered. (check: file-missing) The file "hospital.json" listed in the manifest is missing from the pack.',
    );
  });

  it('signs with several keys and carries a new key list', async () => {
    const keys = tempDir('kiosk-keys-');
    const data = tempDir('kiosk-data-');
    for (const n of ['a', 'b', 'n']) await run('keygen', '--out', keys, '--name', n);
    await run('trust', join(keys, 'a.pub'), '--data-dir', data);
    await run('trust', join(keys, 'b.pub'), '--data-dir', data);
    let r = await run('trust', '--threshold', '2', '--data-dir', data);
    expect(r.out).toBe("Packs now need 2 of the 2 trusted keys' signatures.");
    writeFileSync(join(keys, 'next.json'), JSON.stringify({ threshold: 1, keys: ['n.pub'] }));
    const pack = join(tempDir('kiosk-out-'), 'rotate.kpack');
    r = await run(
      'pack',
      'resources/content',
      '--key',
      join(keys, 'a.key'),
      '--key',
      join(keys, 'b.key'),
      '--key',
      join(keys, 'n.key'),
      '--version',
      '1',
      '--keys-file',
      join(keys, 'next.json'),
      '--out',
      pack,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Carries a new key list: [0-9a-f]{16} \(1 required\)\./);
    r = await run('install', pack, '--data-dir', data);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/This kiosk now trusts the pack's key list/);
    r = await run('status', '--data-dir', data);
    expect(r.out).toMatch(/Trusted keys: 1, 1 signature required/);
  });

  it('names the file and field when the content is not valid, and writes no pack', async () => {
    const keys = tempDir('kiosk-keys-');
    await run('keygen', '--out', keys);
    const src = contentCopy();
    const f = join(src, 'departments/vascular-surgery.json');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/"en": "Vascular Surgery"/, '"en": ""'));
    const out = join(tempDir('kiosk-out-'), 'bad.kpack');
    const r = await run('pack', src, '--key', join(keys, 'signing.key'), '--version', '2', '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^kiosk pack: The content is not valid, so no pack was written: departments\/vascular-surgery.json: name.en must not be empty/);
    expect(() => statSync(out)).toThrow();
  });

  it('sets a PIN read from standard input, never from the command line', async () => {
    const data = tempDir('kiosk-data-');
    vi.spyOn(pinInput, 'read').mockResolvedValue('2468');
    let r = await run('set-pin', '--role', 'volunteer', '--data-dir', data);
    expect(r).toMatchObject({ code: 0, out: 'The volunteer PIN is set.' });
    expect(verifyPin(data, 'volunteer', '2468')).toBe(true);
    vi.spyOn(pinInput, 'read').mockResolvedValue('24');
    r = await run('set-pin', '--role', 'it', '--data-dir', data);
    expect(r).toMatchObject({ code: 1, err: 'kiosk set-pin: An IT PIN is 6 to 12 digits (0-9), nothing else.' });
    r = await run('set-pin', '--role', 'admin', '--data-dir', data);
    expect(r.code).toBe(2);
    r = await run('log', '--data-dir', data);
    expect(r.out).toMatch(/set-pin +accepted +— The volunteer PIN was set\./);
    expect(r.out).not.toContain('2468');
  });

  it('reads the PIN from piped standard input in a real process', async () => {
    const data = tempDir('kiosk-data-');
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/packs/kiosk-cli.ts', 'set-pin', '--role', 'it', '--data-dir', data], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.stdin.end('975318\n');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, output).toBe(0);
    expect(output).toContain('The it PIN is set.');
    expect(verifyPin(data, 'it', '975318')).toBe(true);
  }, 20_000);

  it('explains usage mistakes with exit code 2', async () => {
    expect((await run('pack', 'resources/content', '--version', '1', '--out', 'x.kpack')).err).toMatch(/^kiosk pack: --key KEYFILE is required/);
    expect((await run('pack', 'resources/content', '--key', 'k', '--out', 'x.kpack')).code).toBe(2);
    expect((await run('pack', 'resources/content', '--key', 'k', '--version', 'two', '--out', 'x.kpack')).err).toMatch(/--version must be a whole number/);
    expect((await run('pack', 'resources/content', '--key', 'k', '--version', '2', '--expires', '2001-01-01', '--out', 'x.kpack')).err).toMatch(
      /--expires 2001-01-01 is in the past/,
    );
    expect((await run('verify')).code).toBe(2);
    expect((await run('keygen')).code).toBe(2);
    expect((await run('trust')).code).toBe(2);
    expect((await run('verify', join(tempDir(), 'none.kpack'), '--data-dir', tempDir())).err).toMatch(
      /^kiosk verify: not valid: This file cannot be read: check that the USB stick or disk is still connected, and try again\. \(check: pack-unreadable\) The pack file .* does not exist\.$/,
    );
    expect((await run('help')).out).toMatch(/kiosk install FILE \[--data-dir DIR\]/);
  });
});
