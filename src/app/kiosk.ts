/**
 * The live kiosk: a data folder, its settings and the content database its pointer names.
 * On an empty data folder the built-in content is installed first. When the pointer changes (a
 * pack was installed or rolled back by another process), the next call opens the new database;
 * when the live database cannot be opened, the kiosk falls back to the previous one, and then
 * to the built-in content, saying so in a sentence. It also keeps track of whether anyone is using
 * it (the last API call that was not the welcome screen's poll, and open staff sessions), so that
 * background work such as the pack watcher happens only while it is idle.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type ContentDb, memoryContentDb } from '../../db/store.js';
import type { KioskHealth, PublicSettings } from '../shared/results.js';
import { IDLE_WARNING_SECONDS } from '../shared/limits.js';
import { pinCheck } from '../core/access/pins.js';
import { Sessions } from '../core/access/sessions.js';
import type { ApiContext } from '../core/api/handlers.js';
import type { PackTools } from '../core/api/staff.js';
import { builtInMeta } from '../core/content/builtin.js';
import { loadContentSource } from '../core/content/source.js';
import { DataFolder } from '../core/datafolder.js';
import { FileChanges } from '../core/file-stamp.js';
import { appVersion, builtInContentDir } from '../core/paths.js';
import { loadSettings, type Settings } from '../core/settings.js';
import { installBuiltIn } from './store.js';
import { takeChecked } from './checked-content.js';
import { ServedContentDb } from './served-content.js';
import { flushUnlockAudit } from '../core/api/staff.js';
import type { StrokeRecognizer } from '../core/handwriting/recognizer.js';
import { VisitorRecorder } from '../core/visitors/recorder.js';
import { ApiError } from '../shared/api.js';
import type { PackPreview } from '../shared/results.js';
import type { PackPreviews } from './pack-preview.js';
import { SqliteVisitorCounts, VISITORS_FILE } from '../../db/visitors.js';

export { BUILT_IN_PACK_ID } from '../core/content/builtin.js';
export { installBuiltIn } from './store.js';

export interface KioskOptions {
  dataDir: string;
  /** Overrides of kiosk.json, e.g. from the command line. */
  overrides?: Partial<Settings>;
  /** Where problems worth an operator's attention are reported. */
  warn?: (sentence: string) => void;
  /** The clock in milliseconds (tests). */
  now?: () => number;
  /** The handwriting recogniser (the shell or host finds it, src/app/zinnia.ts); none: no handwriting pad. */
  recognizer?: StrokeRecognizer;
  /** Count what visitors look for in the data folder (visitors.sqlite); on unless false. */
  countVisitors?: boolean;
}

export class Kiosk implements ApiContext {
  readonly folder: DataFolder;
  readonly appVersion = appVersion();
  readonly settingsWarnings: string[];
  readonly sessions: Sessions;
  readonly recognizer: StrokeRecognizer | undefined;
  /** What visitors looked for, counted per day (src/core/visitors/recorder.ts); undefined when not counted. */
  readonly visits: VisitorRecorder | undefined;
  readonly visitsUnavailable: string | undefined;
  private readonly current: Settings;
  private db: ContentDb | undefined;
  private readonly pointer: FileChanges;
  private readonly warn: (s: string) => void;
  private readonly now: () => number;
  private lastTouch: number;
  /** Temporary copies of content opened from read-only media, removed on close. */
  private readonly tempDirs: string[] = [];

  constructor(opts: KioskOptions) {
    this.warn = opts.warn ?? ((s) => console.warn(`kiosk: ${s}`));
    this.now = opts.now ?? Date.now;
    this.lastTouch = this.now();
    this.recognizer = opts.recognizer;
    this.folder = new DataFolder(opts.dataDir);
    this.pointer = new FileChanges(this.folder.pointerFile);
    this.folder.ensure();
    const loaded = loadSettings(this.folder.settingsFile);
    this.settingsWarnings = loaded.warnings;
    for (const w of loaded.warnings) this.warn(w);
    this.current = { ...loaded.settings, ...opts.overrides };
    this.sessions = new Sessions(this.folder.dir, pinCheck(this.folder.dir), this.now);
    if (opts.countVisitors !== false) {
      try {
        this.visits = new VisitorRecorder(new SqliteVisitorCounts(this.folder.path(VISITORS_FILE)), { now: this.now, warn: this.warn });
      } catch (e) {
        this.visitsUnavailable = `Visitor counts cannot be kept in the data folder (${(e as Error).message}); nothing is counted.`;
        this.warn(this.visitsUnavailable);
      }
    }
    this.content();
  }

  get settingsAll(): Settings {
    return this.current;
  }

  get dataDir(): string {
    return this.folder.dir;
  }

  packFolders(): string[] {
    return this.current.packFolders;
  }

  /**
   * The pack tools over this kiosk's content store, loaded when IT staff first use them; installs
   * and inspections run in a worker thread (pack-thread.ts), so the kiosk keeps answering.
   */
  async packTools(): Promise<PackTools> {
    const [packs, thread] = await Promise.all([import('./packs.js'), import('./pack-thread.js')]);
    return {
      status: packs.status,
      rollback: packs.rollback,
      history: packs.history,
      resetRollbackRecord: packs.resetRollbackRecord,
      // Staff at the IT screen: the very pack accepted before may be installed again (roll forward).
      installPack: (file, dataDir, onProgress, opts) => thread.installPackInWorker(file, dataDir, onProgress, { allowAccepted: true, ...opts }),
      inspectPack: (file, dataDir, opts) => thread.inspectPackInWorker(file, dataDir, { allowAccepted: true, ...opts }),
      // The pack list's verdicts: each pack verified whole in a worker thread, one at a time.
      packCatalog: (dataDir) => packs.packCatalog(dataDir, (file) => thread.packOutcomeInWorker(file, dataDir)),
    };
  }

  /** When this kiosk started (ms), for its health. */
  readonly startedAt: number = Date.now();

  /** The kiosk's health for the IT screen: disk, uptime, content age, the last automatic install, the printer, recoveries. */
  async health(): Promise<KioskHealth> {
    const { kioskHealth } = await import('../core/health.js');
    return kioskHealth({ dataDir: this.dataDir, startedAt: this.startedAt, content: this.content().status(), updateUrl: this.current.updateUrl });
  }

  settings(): PublicSettings {
    const { site, defaultLanguage, idleSeconds, kioskPoint, displaySchedule } = this.current;
    return { site, defaultLanguage, idleSeconds, kioskPoint, displaySchedule };
  }

  /** Previews of packs before their install, once the entry point gives a host to serve them (`kiosk serve`). */
  packPreviews: PackPreviews | undefined;

  /** Verify a pack and serve it read-only for IT staff to look at (the IT screen's preview). */
  previewPack(file: string, open?: () => boolean): Promise<PackPreview> {
    if (!this.packPreviews)
      return Promise.reject(new ApiError('unavailable', 'This kiosk cannot show a preview of a pack; it is not served by the kiosk command.'));
    return this.packPreviews.open(file, open);
  }

  /** Stop the preview of a pack being served, if any. */
  async stopPreview(): Promise<void> {
    await this.packPreviews?.stop();
  }

  /** The kiosk's clock (ms). */
  clock(): number {
    return this.now();
  }

  /** When someone last used the kiosk (ms): an API call other than the welcome screen's poll, or the start. */
  get lastActivity(): number {
    return this.lastTouch;
  }

  /** Called by dispatch for every call that shows someone is using the kiosk. */
  touched(): void {
    this.lastTouch = this.now();
  }

  /**
   * Nobody is using the kiosk: no call but the welcome screen's poll for the idle time plus the
   * idle warning (so the UI has reset to the welcome screen), and no staff session open.
   */
  isIdle(): boolean {
    const quietMs = (this.current.idleSeconds + IDLE_WARNING_SECONDS) * 1000; // idle once the UI would have reset
    return this.now() - this.lastTouch >= quietMs && !this.sessions.anyOpen();
  }

  /**
   * The live content, reopened when the pointer has changed: looked at once a second at most
   * (every call of every tablet asks for it), and at once after an install or rollback by this
   * process wrote it.
   */
  content(): ContentDb {
    if (!this.pointer.changed() && this.db) return this.db;
    const next = this.openLive();
    if (next !== this.db) {
      this.db?.close();
      this.db = next;
    }
    return next;
  }

  private openLive(): ContentDb {
    let pointer;
    try {
      pointer = this.folder.readPointer();
    } catch (e) {
      this.warn(`${(e as Error).message} Reinstalling the built-in content.`);
    }
    if (pointer && this.db && this.db.file === this.folder.path(pointer.active)) return this.db;
    for (const rel of pointer ? [pointer.active, ...pointer.previous] : []) {
      const db = this.openDatabase(rel);
      if (db) {
        if (rel !== pointer?.active) this.warn(`The live content could not be opened; showing the earlier content ${rel} instead.`);
        return db;
      }
    }
    if (pointer) this.warn('No installed content could be opened; reinstalling the built-in content.');
    try {
      const rel = installBuiltIn(this.folder);
      this.pointer.changed(); // the pointer just written names what is opened here
      return new ServedContentDb(this.folder.path(rel));
    } catch (e) {
      this.warn(`The built-in content cannot be written to the data folder (${(e as Error).message}); showing it from memory until the folder is fixed.`);
      const content = loadContentSource(builtInContentDir());
      return memoryContentDb(content, builtInMeta());
    }
  }

  /**
   * Open a content database of the data folder; on read-only media, where SQLite cannot open a
   * WAL database in place, open a copy in the system's temporary folder. Undefined when neither works.
   */
  private openDatabase(rel: string): ContentDb | undefined {
    const file = this.folder.path(rel);
    try {
      // A database an install in this process has just built and checked whole is not read page by page again here.
      return new ServedContentDb(file, undefined, takeChecked(file) ? { pageCheck: false } : {});
    } catch (e) {
      const first = (e as Error).message;
      try {
        const dir = mkdtempSync(join(tmpdir(), 'kiosk-content-'));
        this.tempDirs.push(dir);
        const copy = join(dir, basename(file));
        copyFileSync(file, copy);
        const db = new ServedContentDb(copy);
        this.warn(`Content database ${rel} cannot be opened in place (${first}); the data folder may be read-only, so a temporary copy is shown.`);
        return db;
      } catch (e2) {
        this.warn(`Content database ${rel} cannot be opened: ${first === (e2 as Error).message ? first : `${first}; ${(e2 as Error).message}`}`);
        return undefined;
      }
    }
  }

  close(): void {
    flushUnlockAudit(this.dataDir); // refused unlocks still being counted go to the audit log now
    this.visits?.close(); // a search standing now counts, and its file is closed
    void this.packPreviews?.stop();
    this.db?.close();
    this.db = undefined;
    for (const d of this.tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}
