/**
 * What the handler table runs against: the context a kiosk provides (its content, settings,
 * sessions, pack folders and pack tools) and who is calling. Types only.
 */
import type { PublicSettings } from '../../shared/results.js';
import type { Sessions } from '../access/sessions.js';
import type { StrokeRecognizer } from '../handwriting/recognizer.js';
import type { ProgressFn } from '../packs/verify.js';
import type { ContentReader, PackSource } from '../ports.js';
import type { VisitorRecorder } from '../visitors/recorder.js';
import type { PackPreview, PreviewReport } from '../../shared/results.js';
import type { ContentHistory, KioskHealth, Inspection, InstallResult, PackStatus, RollbackRecordReset, RollbackResult } from '../../shared/results.js';
import type { PackOptions } from '../packs/installed.js';
import type { PackCatalog } from '../packs/catalog.js';

export type { ContentReader } from '../ports.js';

/** The pack operations over the kiosk's content store, as the composition root provides them. */
export interface PackTools {
  status(dataDir: string): PackStatus;
  inspectPack(file: string, dataDir: string, opts?: PackOptions): Promise<Inspection>;
  installPack(file: string, dataDir: string, onProgress: ProgressFn, opts?: PackOptions): Promise<InstallResult>;
  rollback(dataDir: string, opts?: { to?: number }): Promise<RollbackResult>;
  history(dataDir: string): ContentHistory;
  /** The pack list of a data folder, its verdicts reached in the background (one catalog per data folder is kept by the staff handlers). */
  packCatalog(dataDir: string): PackCatalog;
  resetRollbackRecord(dataDir: string): Promise<RollbackRecordReset>;
}

export interface StaffContext {
  sessions: Sessions;
  dataDir: string;
  /** The folders searched for packs (USB sticks are mounted below them). */
  packFolders(): string[];
  /** Other places packs come from, offered after the folders. */
  packSources?(): readonly PackSource[];
  content(): ContentReader;
  /**
   * The pack tools (zip reading, signatures), loaded when IT staff first use them rather than at
   * start-up; a context without them answers the IT screen's pack calls as unavailable.
   */
  packTools?(): Promise<PackTools>;
  /** The kiosk's own health (src/core/health.ts); a context without it answers itHealth as unavailable. */
  health?(): Promise<KioskHealth>;
  /** What visitors looked for (src/core/visitors/recorder.ts); absent where nothing is counted (a preview, a data folder that cannot hold it). */
  readonly visits?: VisitorRecorder | undefined;
  /** Why nothing is counted, when `visits` is absent on a kiosk that would count. */
  readonly visitsUnavailable?: string | undefined;
  /**
   * Verify a pack (already one the pack sources offer) and serve it read-only on this machine for
   * staff to look at before installing it, for as long as `open` says the session asking for it
   * is open; absent where the kiosk cannot serve a preview.
   */
  previewPack?(file: string, open?: () => boolean): Promise<PackPreview>;
  /** Stop the preview of a pack being served, if any (itStopPreview, and when the IT session is locked). */
  stopPreview?(): Promise<void>;
}

export interface ApiContext extends StaffContext {
  appVersion: string;
  settings(): PublicSettings;
  /** The live content; may switch between calls when a pack is installed. */
  content(): ContentReader;
  /** The handwriting recogniser, where one is installed (src/app/zinnia.ts); without it there is no handwriting pad. */
  readonly recognizer?: StrokeRecognizer;
  /** The kiosk's clock in milliseconds (Date.now when absent): "open now", the visitor counts' days. */
  clock?(): number;
  /** A preview of content that is not installed (src/app/preview.ts): its validation report; absent on a kiosk. */
  previewReport?(): PreviewReport;
  /** Someone is using the kiosk: called by dispatch for every call from the kiosk itself but the passive ones (PASSIVE_METHODS). */
  touched?(): void;
}

/** Who is calling: the kiosk itself (Electron IPC, or a browser on loopback), or a device on the LAN. */
export interface Caller {
  remote: boolean;
  /** A LAN device's volunteer session (sent by the HTTP transport as a header). */
  session?: string;
  /** A LAN device's network address, for the audit log. */
  address?: string;
}
