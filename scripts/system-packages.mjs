#!/usr/bin/env node
/**
 * The Debian packages the tests drive for real, in one list, and the step that makes sure they are
 * there before any test runs. `npm test` runs this first (as `pretest`), and so does `.ci/run`.
 *
 * - Where a package is missing and this is Debian with apt-get, as root (or with sudo that asks for
 *   no password), it installs what is missing.
 * - Otherwise it stops in one sentence naming exactly what to install, unless only optional packages
 *   are missing: the tests that need those say why and are skipped.
 *
 * `KIOSK_TEST_CHROMIUM` names another Chromium; then Debian's chromium is not required.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';

/** What the tests cannot run without. */
const REQUIRED = [
  { pkg: 'chromium', why: 'the end-to-end tests drive it' },
  { pkg: 'fonts-noto-cjk', why: 'Chinese text on screen and in screenshots needs it' },
];
/** What some tests use for real when it is there (each such test says why it is skipped without it). */
const OPTIONAL = [
  { pkg: 'xvfb', why: 'a virtual display for a browser with a window' },
  { pkg: 'iproute2', why: 'LAN mode tested across a network namespace' },
  { pkg: 'nginx', why: 'a real static web server for the fleet tests' },
  { pkg: 'prometheus', why: 'promtool checks the /metrics output' },
  { pkg: 'zinnia-utils', why: 'offline handwriting recognition' },
  { pkg: 'tegaki-zinnia-simplified-chinese', why: 'the simplified-Chinese handwriting model' },
  { pkg: 'poppler-utils', why: "pdfinfo and pdftotext read the printed slips' pages and text order" },
];

const customChromium = process.env.KIOSK_TEST_CHROMIUM;
const required = REQUIRED.filter((r) => !(customChromium && r.pkg === 'chromium'));

function say(line) {
  process.stderr.write(`${line}\n`);
}

function installed(pkgs) {
  if (!pkgs.length) return new Set();
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...pkgs], { encoding: 'utf8' });
  const ok = new Set();
  for (const line of (r.stdout ?? '').split('\n')) {
    const [name, ...status] = line.split(' ');
    if (status.join(' ') === 'install ok installed') ok.add(name);
  }
  return ok;
}

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function canInstall() {
  if (!existsSync('/usr/bin/apt-get')) return null;
  if (process.getuid?.() === 0) return [];
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return sudo.status === 0 ? ['sudo', '-n'] : null;
}

function main() {
  if (customChromium && !executable(customChromium)) {
    say(`KIOSK_TEST_CHROMIUM names ${customChromium}, which is not an executable file: point it at a Chromium binary or unset it.`);
    return 1;
  }
  const isDebian = existsSync('/usr/bin/dpkg-query');
  if (!isDebian) {
    // Not Debian: only the browser can be checked; the rest is the platform's own business.
    if (customChromium || executable('/usr/bin/chromium')) return 0;
    say('The end-to-end tests need Chromium: install it so that /usr/bin/chromium exists, or set KIOSK_TEST_CHROMIUM to a Chromium binary.');
    return 1;
  }
  const all = [...required, ...OPTIONAL];
  const have = installed(all.map((p) => p.pkg));
  const missing = all.filter((p) => !have.has(p.pkg));
  if (!missing.length) return 0;

  const prefix = canInstall();
  if (prefix) {
    const names = missing.map((p) => p.pkg);
    say(`Installing Debian packages the tests need: ${names.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const run = (args) => {
      const argv = [...prefix, ...args];
      return spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit'], env });
    };
    run(['apt-get', 'update', '-qq']);
    const r = run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...names]);
    if (r.status !== 0) {
      // One by one, so an optional package the mirror lacks does not keep the required ones out.
      for (const n of names) run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', n]);
    }
  }
  const now = installed(all.map((p) => p.pkg));
  const stillRequired = required.filter((p) => !now.has(p.pkg));
  const stillOptional = OPTIONAL.filter((p) => !now.has(p.pkg));
  if (stillOptional.length) {
    say(`Some tests will be skipped without: ${stillOptional.map((p) => `${p.pkg} (${p.why})`).join(', ')}.`);
  }
  if (stillRequired.length) {
    const names = stillRequired.map((p) => p.pkg).join(' ');
    say(`The tests need Debian's ${names} (${stillRequired.map((p) => p.why).join('; ')}): run "sudo apt-get install -y ${names}" and try again.`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
