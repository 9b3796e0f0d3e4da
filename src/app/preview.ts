/**
 * Previews: the real visitor UI over content that is not installed. Two kinds:
 *
 *   previewSource(dir)       an unsigned content source folder (`kiosk preview`): built into a
 *                            content database in the system's temporary folder, rebuilt when a
 *                            file in the folder changes; a bad edit keeps the last good content
 *                            and the validation report says what is wrong.
 *   previewPack(file, dir)   a pack found on a USB stick (the IT screen), verified as an install
 *                            would verify it and built into a temporary database, read-only.
 *
 * Neither is ever installable: nothing is written into a data folder's content or pointer, the
 * preview has no signature of its own, and getInfo says `preview` so the UI marks every screen.
 * Staff screens cannot be unlocked in a preview (it has no PINs), and nothing is counted.
 */
import { watch, mkdtempSync, rmSync, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ApiError } from '../shared/api.js';
import type { PackSummary, PreviewReport, PublicSettings } from '../shared/results.js';
import { pinCheck } from '../core/access/pins.js';
import { Sessions } from '../core/access/sessions.js';
import type { ApiContext } from '../core/api/context.js';
import { ContentError, loadContentSource, sourceAssets } from '../core/content/source.js';
import { DataFolder } from '../core/datafolder.js';
import { listSourceFiles } from '../core/packs/create.js';
import { PackError } from '../core/packs/errors.js';
import { openPack } from '../core/packs/verify.js';
import { parseDepartmentFile } from '../core/content/source.js';
import { summarize, verifyContext } from '../core/packs/installed.js';
import { appVersion } from '../core/paths.js';
import { buildWhole, type ContentMeta, type StoredContent } from '../core/ports.js';
import { loadSettings } from '../core/settings.js';
import { contentStore } from './store.js';

/** How long the folder must be quiet after a change before the preview is rebuilt. */
export const PREVIEW_DEBOUNCE_MS = 150;

/** The content facts of a preview: no pack, no signature, never a version that could be installed. */
const previewMeta = (packId: string, version = 0, createdAt = new Date().toISOString()): ContentMeta => ({
  version,
  packId,
  builtIn: false,
  createdAt,
  expires: null,
  signers: [],
});

/** The API context of a preview: the handler table over the preview's content, with no staff and no counting. */
export class PreviewKiosk implements ApiContext {
  readonly appVersion = appVersion();
  readonly sessions: Sessions;
  readonly dataDir: string;
  private db: StoredContent;
  private readonly settingsNow: PublicSettings;
  private closed = false;

  constructor(
    /** The temporary folder the preview's databases live in (removed on close). */
    readonly workDir: string,
    first: StoredContent,
    private reportNow: PreviewReport,
    settings: PublicSettings,
  ) {
    this.db = first;
    this.dataDir = join(workDir, 'data'); // no PINs here: staff screens cannot be opened in a preview
    new DataFolder(this.dataDir).ensure();
    this.sessions = new Sessions(this.dataDir, pinCheck(this.dataDir));
    this.settingsNow = settings;
  }

  content(): StoredContent {
    if (this.closed) throw new ApiError('unavailable', 'The preview has ended.');
    return this.db;
  }

  settings(): PublicSettings {
    return this.settingsNow;
  }

  packFolders(): string[] {
    return [];
  }

  /** The validation report of the last build, with the content shown. */
  previewReport(): PreviewReport {
    return this.reportNow;
  }

  /** Show new content (the old database is closed and deleted), or keep the old and report why not. */
  replace(next: StoredContent | undefined, report: PreviewReport): void {
    if (this.closed) {
      next?.close();
      return;
    }
    this.reportNow = report;
    if (!next) return;
    const old = this.db;
    this.db = next;
    old.close();
    rmSync(old.file, { force: true });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

function publicSettings(settingsFile: string | undefined): PublicSettings {
  const s = loadSettings(settingsFile ?? join(tmpdir(), 'kiosk-preview-no-settings.json')).settings;
  return { site: s.site, defaultLanguage: s.defaultLanguage, idleSeconds: s.idleSeconds, kioskPoint: s.kioskPoint, displaySchedule: null };
}

/** The problems of a content source as sentences (every one, the first first). */
function problemsOf(e: unknown): string[] {
  if (e instanceof ContentError) return e.problems;
  return [(e as Error).message ?? String(e)];
}

/**
 * Build a content source folder into a new database at `file`, checked as `kiosk pack create`
 * checks it (regular files only, within the caps) and as an install builds it. Throws ContentError.
 */
export function buildSource(dir: string, file: string): StoredContent {
  listSourceFiles(dir); // links, other non-regular files, bad names and oversized files are refused here
  const content = loadContentSource(dir);
  buildWhole(contentStore.builder(file, content, previewMeta('preview')), content, sourceAssets(dir));
  return contentStore.open(file);
}

export interface SourcePreview {
  kiosk: PreviewKiosk;
  /** Rebuild now (also done on its own when a file changes); resolves with the new report. */
  rebuild(): PreviewReport;
  /** Stop watching and remove the temporary databases. */
  close(): void;
}

/**
 * Preview a content source folder: build it (throws ContentError when the first build fails, so
 * there is nothing to show), then watch it and rebuild after each change.
 */
export function previewSource(dir: string, opts: { settingsFile?: string; onReport?: (r: PreviewReport) => void; now?: () => Date } = {}): SourcePreview {
  const source = resolve(dir);
  const now = opts.now ?? (() => new Date());
  const workDir = mkdtempSync(join(tmpdir(), 'kiosk-preview-'));
  let n = 0;
  const report = (ok: boolean, problems: string[], shownAt: string | null): PreviewReport => ({
    kind: 'folder',
    name: basename(source),
    ok,
    checkedAt: now().toISOString(),
    shownAt,
    problems,
  });
  let first: StoredContent;
  try {
    first = buildSource(source, join(workDir, `content-${++n}.sqlite`));
  } catch (e) {
    rmSync(workDir, { recursive: true, force: true });
    throw new ContentError(problemsOf(e)[0]!, problemsOf(e));
  }
  let shownAt = now().toISOString();
  const kiosk = new PreviewKiosk(workDir, first, report(true, [], shownAt), publicSettings(opts.settingsFile));

  const rebuild = (): PreviewReport => {
    const file = join(workDir, `content-${++n}.sqlite`);
    let r: PreviewReport;
    try {
      const db = buildSource(source, file);
      shownAt = now().toISOString();
      r = report(true, [], shownAt);
      kiosk.replace(db, r);
    } catch (e) {
      rmSync(file, { force: true });
      r = report(false, problemsOf(e), shownAt);
      kiosk.replace(undefined, r);
    }
    opts.onReport?.(r);
    return r;
  };

  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(source, { recursive: true }, () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        rebuild();
      }, PREVIEW_DEBOUNCE_MS);
    });
    watcher.on('error', (e) => {
      const r = report(false, [`The folder ${source} can no longer be watched (${(e as Error).message}); restart the preview.`], shownAt);
      kiosk.replace(undefined, r);
      opts.onReport?.(r);
    });
  } catch (e) {
    kiosk.close();
    throw new Error(`The folder ${source} cannot be watched for changes (${(e as Error).message}).`);
  }
  return {
    kiosk,
    rebuild,
    close() {
      if (timer) clearTimeout(timer);
      watcher?.close();
      kiosk.close();
    },
  };
}

/**
 * Preview a pack before it is installed: verified against the data folder exactly as an install
 * verifies it (signatures, trust, site, versions, every file's size and hash), then built into a
 * database in the system's temporary folder. The data folder is not changed.
 */
export async function previewPack(file: string, dataDir: string): Promise<{ kiosk: PreviewKiosk; summary: PackSummary }> {
  const folder = new DataFolder(dataDir);
  const verified = await openPack(file, verifyContext(contentStore, folder, {}));
  const workDir = mkdtempSync(join(tmpdir(), 'kiosk-pack-preview-'));
  try {
    const m = verified.manifest;
    const dbFile = join(workDir, 'content.sqlite');
    const builder = contentStore.builder(dbFile, verified.content, { ...previewMeta(`preview of ${m.packId}`, m.version, m.created) });
    try {
      for (const d of verified.content.departments) {
        const bytes = await verified.readDepartment(d.file);
        builder.addDepartments([parseDepartmentFile(d.file, bytes)]);
      }
      for (const path of verified.assets) await verified.readAsset(path, (data) => builder.addAsset(path, data));
      builder.finish();
    } catch (e) {
      builder.abort();
      throw e;
    }
    const summary = summarize(verified);
    const report: PreviewReport = {
      kind: 'pack',
      name: `${m.packId} version ${m.version}`,
      ok: true,
      checkedAt: new Date().toISOString(),
      shownAt: new Date().toISOString(),
      problems: [],
    };
    return { kiosk: new PreviewKiosk(workDir, contentStore.open(dbFile), report, publicSettings(folder.settingsFile)), summary };
  } catch (e) {
    rmSync(workDir, { recursive: true, force: true });
    if (e instanceof ContentError) throw new PackError('content', `The pack's content is not valid: ${e.message}`);
    throw e;
  } finally {
    verified.close();
  }
}
