/**
 * `kiosk service install|remove`: start the kiosk at boot and again after a failure, as a systemd
 * service for this data folder and user (/etc/systemd/system/lobby-kiosk.service). The unit runs
 * `kiosk start` (Electron where it can, else browser-kiosk mode under its watchdog) on the local
 * display once the graphical target is up, restarts it on failure, and logs to journald
 * (`journalctl -u lobby-kiosk`). Refuses, in one sentence, without root or without systemd.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../core/datafolder.js';
import { removeQuietly } from '../../core/fs-safe.js';
import { appRoot } from '../../core/paths.js';
import { CommandError, DATA_DIR_OPTION, UsageError, dataDirFrom, parse, type Command } from '../args.js';

export const SERVICE_NAME = 'lobby-kiosk.service';
export const UNIT_DIR = '/etc/systemd/system';

export interface UnitOptions {
  /** The Node binary and the kiosk's bin/kiosk.js. */
  node: string;
  kioskJs: string;
  dataDir: string;
  user: string;
  home: string;
  /** The X display the kiosk shows on. */
  display: string;
}

/** Paths and names go into the unit unquoted: only characters that need no quoting there. */
const PLAIN = /^[A-Za-z0-9._/@+:-]+$/;

export function serviceUnit(o: UnitOptions): string {
  for (const [what, v] of [
    ['the data folder', o.dataDir],
    ['the Node binary', o.node],
    ['the kiosk program', o.kioskJs],
    ['the home folder', o.home],
  ] as const) {
    if (!PLAIN.test(v))
      throw new UsageError(
        `The path of ${what} (${v}) has spaces or other characters a service file would need quoted; use a path of letters, digits, dots, dashes and slashes.`,
      );
  }
  return `# Written by "kiosk service install"; remove with "kiosk service remove".
[Unit]
Description=Hospital lobby kiosk
Documentation=man:systemd.service(5)
# The kiosk's window needs the display, so it starts once the graphical session is up.
After=graphical.target network.target
Wants=graphical.target
StartLimitIntervalSec=600
StartLimitBurst=20

[Service]
Type=simple
User=${o.user}
WorkingDirectory=${o.home}
Environment=DISPLAY=${o.display}
Environment=XAUTHORITY=${o.home}/.Xauthority
Environment=KIOSK_DATA_DIR=${o.dataDir}
# The X server is started by the kiosk user's auto-login (README): wait for it (xset, from x11-xserver-utils).
ExecStartPre=/bin/sh -c 'until xset q >/dev/null 2>&1; do sleep 1; done'
TimeoutStartSec=300
ExecStart=${o.node} ${o.kioskJs} start --data-dir ${o.dataDir}
Restart=on-failure
RestartSec=5
# Output to the journal: journalctl -u ${SERVICE_NAME.replace('.service', '')}
StandardOutput=journal
StandardError=journal
SyslogIdentifier=lobby-kiosk
NoNewPrivileges=yes
PrivateTmp=yes

[Install]
WantedBy=graphical.target
`;
}

export interface Account {
  name: string;
  uid: number;
  home: string;
}

/** The account named `name` in /etc/passwd, if there is one. */
export function findAccount(name: string, passwd = '/etc/passwd'): Account | undefined {
  let text: string;
  try {
    text = readFileSync(passwd, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 7) return { name, uid: Number(f[2]), home: f[5] ?? '/' };
  }
  return undefined;
}

export interface ServiceEnvironment {
  isRoot: boolean;
  /** systemd is the running init (/run/systemd/system exists). */
  hasSystemd: boolean;
}

const environment = (): ServiceEnvironment => ({ isRoot: process.getuid?.() === 0, hasSystemd: existsSync('/run/systemd/system') });

function systemctl(args: string[]): void {
  const r = spawnSync('systemctl', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new CommandError(`systemctl ${args.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim()}`);
}

export const serviceCommand: Command = {
  summary: 'start the kiosk at boot and after a failure: write (or remove) its systemd service',
  usage: 'kiosk service install|remove [--data-dir DIR] [--user U] [--display :0] [--print]',
  async run(argv, env: ServiceEnvironment = environment()) {
    const { values, positionals } = parse(
      argv,
      { ...DATA_DIR_OPTION, user: { type: 'string' }, display: { type: 'string' }, print: { type: 'boolean' } },
      true,
    );
    const action = positionals[0];
    if ((action !== 'install' && action !== 'remove') || positionals.length > 1)
      throw new UsageError('Say what to do: kiosk service install, or kiosk service remove.');
    const unitFile = join(UNIT_DIR, SERVICE_NAME);
    if (action === 'remove') {
      if (!env.hasSystemd) throw new CommandError('This machine does not run systemd, so there is no kiosk service to remove.', 2);
      if (!env.isRoot) throw new CommandError(`Removing ${unitFile} needs root: run "sudo kiosk service remove".`, 2);
      if (!existsSync(unitFile)) {
        console.log('The kiosk service is not installed; nothing to remove.');
        return 0;
      }
      spawnSync('systemctl', ['disable', '--now', SERVICE_NAME], { stdio: 'ignore' });
      removeQuietly(unitFile);
      systemctl(['daemon-reload']);
      console.log(`Removed ${unitFile}; the kiosk no longer starts at boot.`);
      return 0;
    }
    const dataDir = resolve(dataDirFrom(values['data-dir']));
    if (!isAbsolute(dataDir)) throw new UsageError('--data-dir must be a full path.');
    const user = values.user ?? process.env.SUDO_USER ?? userInfo().username;
    const account = findAccount(user);
    if (!account) throw new UsageError(`There is no user ${user} on this machine; create one for the kiosk (adduser kiosk) or name another with --user.`);
    if (account.uid === 0) throw new UsageError('The kiosk should not run as root; name its ordinary user with --user (for example --user kiosk).');
    const display = values.display ?? ':0';
    if (!/^:[0-9]{1,3}(\.[0-9])?$/.test(display)) throw new UsageError(`--display ${display} is not an X display such as :0.`);
    const unit = serviceUnit({ node: process.execPath, kioskJs: join(appRoot(), 'bin', 'kiosk.js'), dataDir, user: account.name, home: account.home, display });
    if (values.print) {
      process.stdout.write(unit);
      return 0;
    }
    if (!env.hasSystemd)
      throw new CommandError(
        'This machine does not run systemd (no /run/systemd/system), so no service can be installed; "kiosk service install --print" shows the unit, and its ExecStart line is the command to start at boot.',
        2,
      );
    if (!env.isRoot)
      throw new CommandError(
        `Installing the service writes ${unitFile}, which needs root: run "sudo kiosk service install${values['data-dir'] ? ` --data-dir ${dataDir}` : ''}${values.user ? ` --user ${user}` : ''}".`,
        2,
      );
    writeFileAtomic(unitFile, unit);
    systemctl(['daemon-reload']);
    systemctl(['enable', SERVICE_NAME]);
    console.log(
      `Installed ${unitFile}: the kiosk starts at boot as ${account.name} on display ${display} with data folder ${dataDir}, and again after a failure.`,
    );
    console.log(`Start it now with "sudo systemctl start lobby-kiosk"; its log: "journalctl -u lobby-kiosk".`);
    return 0;
  },
};
