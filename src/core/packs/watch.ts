/**
 * The pack watcher: installs newer valid packs from the pack folders on its own while the kiosk
 * is idle (the `autoInstall` setting). Every `intervalMs` (30 s), when `isIdle()` says nobody is
 * using the kiosk and no check is under way, it lists the packs (find.ts) and tries each one it
 * has not tried yet with installPack (install.ts), which does every check, refuses older or equal
 * versions before hashing anything, writes the audit log and is all-or-nothing.
 *
 * Beside each pack it writes `<pack file name>.result.txt`: plain UTF-8 text with Windows line
 * ends, for IT staff to read on their laptop: when, which kiosk, the outcome in one sentence and
 * the content now live. It is written whole (an exclusive temporary file of an unguessable name,
 * then a rename), and only where the folder is a real folder and the name is free or a plain file
 * of the kiosk's own: a stick is anyone's, and a link planted there must never lead a write into
 * the kiosk's data folder or home. A result file refused so is said in the audit log and by the
 * warn callback. The pack's file name is shown in it only in letters, digits, spaces and . _ - + ,
 * (anything else as _), so the text carries no shell or control characters a stick chose. A folder
 * that cannot hold it (a write-protected USB stick) is no failure: the audit log has the outcome,
 * and the warn callback says so once per folder.
 *
 * A pack is tried once per path, size and modification time while the kiosk runs, and not at
 * all when its result file is newer than the pack (tried by an earlier run; the pack's change
 * time counts too, since a copy keeps the modification time on some systems).
 */
import { lstatSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname } from 'node:path';
import { UnsafeFileError, writeFileAtomic } from '../fs-safe.js';
import { appendAudit } from '../audit/log.js';
import { bytes, describeStatus, describeSummary } from './describe.js';
import { PackError } from './errors.js';
import type { PackSummary } from '../../shared/results.js';
import type { ContentStore, PackSource } from '../ports.js';
import type { FoundPack } from './sources/folders.js';
import { folderPackSource } from './sources/folders.js';
import { installPack } from './install.js';
import type { PackOptions } from './installed.js';
import { status } from './status.js';

export const RESULT_SUFFIX = '.result.txt';
export const DEFAULT_WATCH_INTERVAL_MS = 30_000;
/** How long stop() waits for an install under way; one cut short is discarded by the install journal. */
const STOP_WAIT_MS = 10_000;

export interface PackWatcherOptions {
  /** Where content databases are opened and built. */
  store: ContentStore;
  /** The folders searched for packs (USB sticks are mounted below them). */
  folders: readonly string[];
  /** Other places packs come from, searched after the folders. */
  sources?: readonly PackSource[];
  dataDir: string;
  /** True when nobody is using the kiosk; the watcher works only then. */
  isIdle: () => boolean;
  intervalMs?: number;
  /** One line per attempt (the console). */
  log?: (line: string) => void;
  /** Problems worth an operator's attention: a folder that cannot hold result files, once each. */
  warn?: (sentence: string) => void;
  /** Passed to installPack (tests: the shipped keys folder, the app version, the clock). */
  packOptions?: PackOptions;
  now?: () => Date;
}

export type WatchOutcome = 'installed' | 'already-installed' | 'refused' | 'failed';

export interface WatchAttempt {
  file: string;
  outcome: WatchOutcome;
  /** The outcome in one sentence, as in the result file. */
  sentence: string;
  /** The result file written beside the pack, or null when it could not be written. */
  resultFile: string | null;
}

export function resultFileFor(packFile: string): string {
  return `${packFile}${RESULT_SUFFIX}`;
}

/** The result file is newer than the pack: an earlier run tried this very file. */
function triedEarlier(packFile: string): boolean {
  try {
    const pack = lstatSync(packFile);
    const result = lstatSync(resultFileFor(packFile));
    return result.isFile() && result.mtimeMs > Math.max(pack.mtimeMs, pack.ctimeMs);
  } catch {
    return false;
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const clean = (s: string) => s.replace(CONTROL, '?');

/** Every character a pack's file name may show in a result file as itself; any other is shown as _. */
const UNSAFE_NAME_CHAR = /[^\p{L}\p{M}\p{N} ._+,-]/gu;

/** A pack's file name as a result file shows it: no control, quote, shell or path characters. */
export function shownName(name: string): string {
  return name.replace(UNSAFE_NAME_CHAR, '_');
}

/** The kiosk's own clock, e.g. "2026-12-01 12:00:08 UTC+08:00". */
function localTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = `UTC${off < 0 ? '-' : '+'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${zone}`;
}

interface Outcome {
  outcome: WatchOutcome;
  sentence: string;
  /** The pack, once its signature has been accepted. */
  summary?: PackSummary;
  claims?: PackError['pack'];
}

async function install(store: ContentStore, file: string, dataDir: string, opts: PackOptions | undefined): Promise<Outcome> {
  try {
    const r = await installPack(store, file, dataDir, () => {}, { ...opts, initiator: 'auto-install' });
    const s = r.summary;
    if (r.status === 'already-installed') {
      return {
        outcome: 'already-installed',
        summary: s,
        sentence: `Already installed: version ${s.version} is the content on this kiosk; nothing was changed.`,
      };
    }
    const over = r.previous ? ` over version ${r.previous.version}` : '';
    return { outcome: 'installed', summary: s, sentence: `Installed version ${s.version} (pack ${s.packId})${over}.` };
  } catch (e) {
    if (e instanceof PackError) return { outcome: 'refused', claims: e.pack, sentence: `Refused by the ${e.check} check: ${e.message}` };
    return { outcome: 'failed', sentence: `Failed: ${(e as Error).message}` };
  }
}

export class PackWatcher {
  private readonly intervalMs: number;
  private readonly log: (line: string) => void;
  private readonly warn: (sentence: string) => void;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<WatchAttempt[]> | undefined;
  private stopped = false;
  /** Packs tried while this kiosk runs: path → size and modification time. */
  private readonly tried = new Map<string, string>();
  /** Folders already reported as unable to hold result files. */
  private readonly unwritable = new Set<string>();

  constructor(private readonly opts: PackWatcherOptions) {
    this.intervalMs = opts.intervalMs ?? DEFAULT_WATCH_INTERVAL_MS;
    this.log = opts.log ?? (() => {});
    this.warn = opts.warn ?? (() => {});
    this.now = opts.now ?? (() => new Date());
  }

  /** Check every intervalMs until stop(). The timer does not keep the process alive. */
  start(): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => {
      this.tick().catch((e: unknown) => this.warn(`The pack watcher failed: ${(e as Error).message}`));
    }, this.intervalMs);
    this.timer.unref();
  }

  /**
   * No more checks, and no further pack of a check under way. Resolves when the install under
   * way has finished, or after a few seconds: one cut short by the process ending is discarded
   * by the next pack operation (the install journal), leaving the earlier content live.
   */
  async stop(waitMs = STOP_WAIT_MS): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    const running = this.running;
    if (!running) return;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      running.then(
        () => {},
        () => {},
      ),
      new Promise<void>((r) => (timeout = setTimeout(r, waitMs))),
    ]);
    clearTimeout(timeout);
  }

  /** An install is under way. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * One check: when idle and nothing is under way, try every pack not tried yet, stopping early
   * if someone starts using the kiosk. Resolves with the attempts made.
   */
  tick(): Promise<WatchAttempt[]> {
    if (this.stopped || this.running || !this.opts.isIdle()) return Promise.resolve([]);
    const run = this.check().finally(() => (this.running = undefined));
    this.running = run;
    return run;
  }

  private async check(): Promise<WatchAttempt[]> {
    const found = [folderPackSource(this.opts.folders), ...(this.opts.sources ?? [])].flatMap((source) => source.list());
    const present = new Set(found.map((p) => p.file));
    for (const file of this.tried.keys()) if (!present.has(file)) this.tried.delete(file);
    const attempts: WatchAttempt[] = [];
    for (const pack of found) {
      const stamp = `${pack.size}:${pack.modified}`;
      if (this.tried.get(pack.file) === stamp) continue;
      if (this.stopped || (attempts.length > 0 && !this.opts.isIdle())) break;
      this.tried.set(pack.file, stamp);
      if (triedEarlier(pack.file)) continue;
      attempts.push(await this.attempt(pack));
    }
    return attempts;
  }

  private async attempt(pack: FoundPack): Promise<WatchAttempt> {
    const when = this.now();
    const result = await install(this.opts.store, pack.file, this.opts.dataDir, this.opts.packOptions);
    this.log(clean(`Pack watcher: ${pack.file}: ${result.sentence}`));
    const resultFile = this.writeResult(pack, this.resultText(pack, when, result));
    return { file: pack.file, outcome: result.outcome, sentence: result.sentence, resultFile };
  }

  private resultText(pack: FoundPack, when: Date, r: Outcome): string {
    let live: string[];
    let site = '?';
    try {
      const st = status(this.opts.store, this.opts.dataDir, this.opts.packOptions);
      site = st.site;
      live = describeStatus(st);
    } catch (e) {
      live = [`The content now live cannot be read: ${(e as Error).message}`];
    }
    const unchanged = r.outcome === 'refused' || r.outcome === 'failed';
    const name = basename(pack.file);
    const shown = shownName(name);
    // A refusal's sentence may name the pack file; it shows the same safe name, never the path.
    const sentence = r.sentence.split(pack.file).join(shown).split(name).join(shown);
    const lines = [
      'Lobby kiosk: content pack result',
      '',
      `Outcome:      ${sentence}`,
      ...(unchanged
        ? [
            'Next step:    Nothing on the kiosk was changed. This file will not be tried again; copy a corrected or newer pack',
            '              onto the stick, or install one from the IT screen.',
          ]
        : []),
      `When:         ${localTime(when)} (${when.toISOString()})`,
      `Kiosk:        ${hostname()} (site ${site})`,
      `Pack file:    ${shown} (${bytes(pack.size)}, modified ${pack.modified})`,
      ...(shown !== name ? ['              (characters other than letters, digits, spaces and . _ - + , are shown as _)'] : []),
      ...(r.claims ? [`The pack:     ${r.claims.packId} version ${r.claims.version}, signed by ${r.claims.signers.join(', ') || 'nobody trusted'}`] : []),
      ...(r.summary ? ['', 'The pack', ...describeSummary(r.summary)] : []),
      '',
      'The content now live on this kiosk',
      ...live,
      '',
      'Every attempt is also in the kiosk\'s audit log ("kiosk log", or the IT screen).',
    ];
    return `${lines.map(clean).join('\r\n')}\r\n`;
  }

  /**
   * Write the result file beside the pack; null when the folder cannot hold it (said once per
   * folder) or when the folder or the name is not plain (a link: said each time, in the audit log too).
   */
  private writeResult(pack: FoundPack, text: string): string | null {
    const file = resultFileFor(pack.file);
    try {
      writeFileAtomic(file, text, { plain: true });
      return file;
    } catch (e) {
      if (e instanceof UnsafeFileError) {
        appendAudit(this.opts.dataDir, { action: 'result-file', result: 'refused', reason: `The result file ${e.message}`, file });
        this.warn(clean(`The result file ${e.message} The outcome of the pack is in the audit log ("kiosk log").`));
        return null;
      }
      const dir = dirname(pack.file);
      if (!this.unwritable.has(dir)) {
        this.unwritable.add(dir);
        const code = (e as NodeJS.ErrnoException).code ?? 'error';
        this.warn(
          clean(
            `Result files cannot be written in ${dir} (${code}); the folder may be read-only, such as a write-protected USB stick. The outcome of each pack there is in the audit log ("kiosk log").`,
          ),
        );
      }
      return null;
    }
  }
}
