/** `kiosk service install|remove` (src/cli/commands/service.ts): the systemd unit, checked by systemd itself where it is installed, and the polite refusals. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CommandError, UsageError } from '../../../../src/cli/args.js';
import { findAccount, serviceCommand, serviceUnit } from '../../../../src/cli/commands/service.js';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-service-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// An ordinary account of this machine to run the kiosk as (the test may run as root).
const ordinary = [userInfo().username, 'nobody'].map((n) => findAccount(n)).find((a) => a && a.uid !== 0)!;

const unit = () =>
  serviceUnit({
    node: process.execPath,
    kioskJs: join(process.cwd(), 'bin', 'kiosk.js'),
    dataDir: '/var/lib/lobby-kiosk',
    user: ordinary.name,
    home: ordinary.home,
    display: ':0',
  });

describe('the systemd unit', () => {
  it('starts kiosk start for this data folder and user on the display, restarts on failure, logs to the journal', () => {
    const text = unit();
    expect(text).toContain(`ExecStart=${process.execPath} ${join(process.cwd(), 'bin', 'kiosk.js')} start --data-dir /var/lib/lobby-kiosk`);
    expect(text).toContain(`User=${ordinary.name}`);
    expect(text).toMatch(/^Restart=on-failure$/m);
    expect(text).toMatch(/^After=graphical\.target/m);
    expect(text).toMatch(/^WantedBy=graphical\.target$/m);
    expect(text).toMatch(/^StandardOutput=journal$/m);
    expect(text).toMatch(/^Environment=DISPLAY=:0$/m);
    expect(text).toMatch(/^ExecStartPre=.*until xset q/m); // waits for the display rather than failing before it is up
  });

  it.skipIf(spawnSync('systemd-analyze', ['--version']).status !== 0)('passes systemd-analyze verify', () => {
    const file = join(dir, 'lobby-kiosk.service');
    writeFileSync(file, unit());
    const r = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
    // Only this unit's own problems count (a machine without a running systemd adds notes about itself).
    // "Special user" is about this test machine having no ordinary account to name (nobody is used).
    const ours = (text: string) => text.split('\n').filter((l) => l.includes('lobby-kiosk.service') && !l.includes('Special user'));
    expect(ours(`${r.stdout}${r.stderr}`)).toEqual([]);
    // The check can fail: a mistake in the unit is reported.
    writeFileSync(file, unit().replace('Restart=on-failure', 'Restart=sometimes'));
    const bad = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
    expect(ours(`${bad.stdout}${bad.stderr}`).join('\n')).toMatch(/restart specifier/i);
  });

  it('refuses paths the unit would need quoted', () => {
    expect(() =>
      serviceUnit({ node: '/usr/bin/node', kioskJs: '/opt/kiosk/bin/kiosk.js', dataDir: '/srv/my kiosk', user: 'kiosk', home: '/home/kiosk', display: ':0' }),
    ).toThrow(/spaces or other characters/);
    expect(() =>
      serviceUnit({
        node: '/usr/bin/node',
        kioskJs: '/opt/kiosk/bin/kiosk.js',
        dataDir: '/srv/k\nExecStartPre=/bin/sh',
        user: 'kiosk',
        home: '/home/kiosk',
        display: ':0',
      }),
    ).toThrow(UsageError);
  });
});

describe('kiosk service', () => {
  const run = (argv: string[], env: { isRoot: boolean; hasSystemd: boolean }) =>
    (serviceCommand.run as (a: string[], e: typeof env) => Promise<number>)(argv, env);

  it('refuses politely without root, and without systemd', async () => {
    await expect(run(['install', '--user', ordinary.name, '--data-dir', '/var/lib/lobby-kiosk'], { isRoot: false, hasSystemd: true })).rejects.toThrow(
      /needs root: run "sudo kiosk service install --data-dir \/var\/lib\/lobby-kiosk --user/,
    );
    await expect(run(['install', '--user', ordinary.name], { isRoot: true, hasSystemd: false })).rejects.toThrow(/does not run systemd/);
    await expect(run(['remove'], { isRoot: false, hasSystemd: true })).rejects.toThrow(CommandError);
  });

  it('refuses an unknown user, root, a bad display, and a missing action', async () => {
    const env = { isRoot: true, hasSystemd: true };
    await expect(run(['install', '--user', 'no-such-kiosk-user'], env)).rejects.toThrow(/There is no user no-such-kiosk-user/);
    await expect(run(['install', '--user', 'root'], env)).rejects.toThrow(/should not run as root/);
    await expect(run(['install', '--user', ordinary.name, '--display', 'localhost:0; rm'], env)).rejects.toThrow(/not an X display/);
    await expect(run([], env)).rejects.toThrow(/kiosk service install, or kiosk service remove/);
  });

  it('--print shows the unit for this data folder without writing anything', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await run(['install', '--print', '--user', ordinary.name, '--data-dir', join(dir, 'data')], { isRoot: false, hasSystemd: false })).toBe(0);
      expect(String(out.mock.calls[0]?.[0])).toContain(`start --data-dir ${join(dir, 'data')}`);
    } finally {
      out.mockRestore();
    }
  });
});
