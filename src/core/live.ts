/**
 * The live kiosk: a data folder, its settings and the content database its pointer names.
 * On an empty data folder the built-in content is installed first. When the pointer changes (a
 * pack was installed or rolled back by another process), the next call opens the new database;
 * when the live database cannot be opened, the kiosk falls back to the previous one, and then
 * to the built-in content, saying so in a sentence.
 */
import { statSync } from 'node:fs';
import { ContentDb, buildContentDatabase } from '../../db/store.js';
import type { ApiContext } from './api/handlers.js';
import type { PublicSettings } from './api/contract.js';
import { loadContentSource, sourceAssets } from './content/source.js';
import { DataFolder } from './datafolder.js';
import { appVersion, builtInContentDir } from './paths.js';
import { loadSettings, type Settings } from './settings.js';
import { Sessions } from './access/sessions.js';
import { pinCheck } from './packs/pins.js';

export const BUILT_IN_PACK_ID = 'built-in';

/** Build the built-in content into a new database and make it live. */
export function installBuiltIn(folder: DataFolder, sourceDir = builtInContentDir()): string {
  const content = loadContentSource(sourceDir);
  const rel = folder.newDatabaseName(0);
  const meta = { version: 0, packId: BUILT_IN_PACK_ID, builtIn: true, createdAt: new Date().toISOString(), expires: null, signers: [] };
  buildContentDatabase(folder.path(rel), content, meta, sourceAssets(sourceDir));
  folder.activate(rel);
  return rel;
}

export interface KioskOptions {
  dataDir: string;
  /** Overrides of kiosk.json, e.g. from the command line. */
  overrides?: Partial<Settings>;
  /** Where problems worth an operator's attention are reported. */
  warn?: (sentence: string) => void;
}

export class Kiosk implements ApiContext {
  readonly folder: DataFolder;
  readonly appVersion = appVersion();
  readonly settingsWarnings: string[];
  readonly sessions: Sessions;
  private readonly current: Settings;
  private db: ContentDb | undefined;
  private pointerStamp = '';
  private readonly warn: (s: string) => void;

  constructor(opts: KioskOptions) {
    this.warn = opts.warn ?? ((s) => console.warn(`kiosk: ${s}`));
    this.folder = new DataFolder(opts.dataDir);
    this.folder.ensure();
    const loaded = loadSettings(this.folder.settingsFile);
    this.settingsWarnings = loaded.warnings;
    for (const w of loaded.warnings) this.warn(w);
    this.current = { ...loaded.settings, ...opts.overrides };
    this.sessions = new Sessions(this.folder.dir, pinCheck(this.folder.dir));
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

  settings(): PublicSettings {
    const { site, defaultLanguage, idleSeconds, kioskPoint } = this.current;
    return { site, defaultLanguage, idleSeconds, kioskPoint };
  }

  private stamp(): string {
    try {
      const s = statSync(this.folder.pointerFile);
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return 'none';
    }
  }

  /** The live content, reopened when the pointer has changed since the last call. */
  content(): ContentDb {
    const stamp = this.stamp();
    if (this.db && stamp === this.pointerStamp) return this.db;
    this.pointerStamp = stamp;
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
      try {
        const db = new ContentDb(this.folder.path(rel));
        if (rel !== pointer?.active) this.warn(`The live content could not be opened; showing the earlier content ${rel} instead.`);
        return db;
      } catch (e) {
        this.warn(`Content database ${rel} cannot be opened: ${(e as Error).message}`);
      }
    }
    if (pointer) this.warn('No installed content could be opened; reinstalling the built-in content.');
    const rel = installBuiltIn(this.folder);
    this.pointerStamp = this.stamp();
    return new ContentDb(this.folder.path(rel));
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}
