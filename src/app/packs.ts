/**
 * Signed content packs: the programmatic API behind the `kiosk` pack commands, the IT screen and
 * the pack watcher, over the kiosk's SQLite content store. The work is done in src/core/packs
 * (see its README.md for the format and the security rules); this module hands it the store.
 *
 *   inspectPack(file, dataDir)              verify without changing anything: summary and diff
 *   installPack(file, dataDir, onProgress)  verify, build beside the live content, switch atomically
 *   rollback(dataDir, { to })               back to the newest older kept content, or to any kept version
 *   history(dataDir)                        the kept contents and the packs accepted
 *   resetRollbackRecord(dataDir)            the anti-rollback record back to the live content
 *   status(dataDir)                         installed, kept, accepted, trusted
 *   installBuiltIn(folder)                  the built-in content, as version 0
 *   readAuditLog(dataDir, limit)            the audit log, oldest first
 *   findPacks(folders)                      *.kpack files on USB sticks
 *   new PackWatcher(options)                install newer packs on its own while the kiosk is idle
 *   createPack(options)                     write a signed pack from a content source folder
 *   trustKey / setThreshold                 the trusted keys
 *   setPin / verifyPin / pinCheck           staff PINs
 */
import type { ContentHistory, Inspection, InstallResult, PackStatus, RollbackRecordReset, RollbackResult } from '../shared/results.js';
import { PackCatalog, packCatalog as catalogWith, packOutcome as outcomeWith, type PackOutcome } from '../core/packs/catalog.js';
import { inspectPack as inspectWith } from '../core/packs/inspect.js';
import { installPack as installWith } from '../core/packs/install.js';
import type { PackOptions } from '../core/packs/installed.js';
import { history as historyWith, resetRollbackRecord as resetWith, rollback as rollbackWith } from '../core/packs/rollback.js';
import { status as statusWith } from '../core/packs/status.js';
import type { ProgressFn } from '../core/packs/verify.js';
import { PackWatcher as CorePackWatcher, type PackWatcherOptions as CorePackWatcherOptions } from '../core/packs/watch.js';
import { contentStore } from './store.js';

export { installBuiltIn } from './store.js';

export { readAuditLog, formatAuditEntry, type AuditEntry } from '../core/audit/log.js';
export { PIN_PATTERN, PinError, hasPin, pinCheck, setPin, verifyPin } from '../core/access/pins.js';
export { BUILT_IN_PACK_ID } from '../core/content/builtin.js';
export { createPack, type CreatePackOptions, type CreatedPack } from '../core/packs/create.js';
export { PACK_CHECKS, PackError, PackOperationError, type PackCheck } from '../core/packs/errors.js';
export { DEFAULT_LIMITS, PACK_EXTENSION, type KeyList, type Manifest, type PackLimits } from '../core/packs/format.js';
export type {
  ContentDiff,
  InstallResult,
  Inspection,
  PackOptions,
  PackStatus,
  PackSummary,
  RollbackRecord,
  RollbackRecordReset,
  RollbackResult,
} from '../core/packs/installed.js';
export { CRASH_STAGES, INSTALL_CRASH_STAGES, type CrashStage } from '../core/packs/journal.js';
export { PackCatalog, verdictOf, type PackOutcome } from '../core/packs/catalog.js';
export { generateKeyFiles, loadPrivateKey, readPublicKeyFile, type GeneratedKey, type SigningKey } from '../core/packs/keys.js';
export { findPacks, folderPackSource, type FoundPack } from '../core/packs/sources/folders.js';
export { setThreshold, trustKey, type TrustResult } from '../core/packs/trust.js';
export type { ProgressFn, Signer } from '../core/packs/verify.js';
export { RESULT_SUFFIX, resultFileFor, type WatchAttempt, type WatchOutcome } from '../core/packs/watch.js';

/** Verify a pack as staff would install it, changing nothing, and say what it would do: the pack list's verdict. */
export function packOutcome(file: string, dataDir: string, opts: PackOptions = {}): Promise<PackOutcome> {
  return outcomeWith(contentStore, file, dataDir, opts);
}

/** The pack list of a data folder, verified in the background one pack at a time (`check`: how each is verified; default here, in this thread). */
export function packCatalog(dataDir: string, check?: (file: string) => Promise<PackOutcome>): PackCatalog {
  const c = catalogWith(contentStore, dataDir);
  return check ? new PackCatalog({ dataDir, check, installed: () => c.installedNow() }) : c;
}

/** Verify a pack against a data folder without changing anything. */
export function inspectPack(file: string, dataDir: string, opts: PackOptions = {}, onProgress?: ProgressFn): Promise<Inspection> {
  return inspectWith(contentStore, file, dataDir, opts, onProgress);
}

/** Verify and install a pack, all or nothing. */
export function installPack(file: string, dataDir: string, onProgress: ProgressFn = () => {}, opts: PackOptions = {}): Promise<InstallResult> {
  return installWith(contentStore, file, dataDir, onProgress, opts);
}

/** Make kept content live again: the newest older version, or the kept version `to` (older or newer). */
export function rollback(dataDir: string, opts: { to?: number } = {}): Promise<RollbackResult> {
  return rollbackWith(contentStore, dataDir, opts);
}

/** The kept contents and the packs accepted. Read-only. */
export function history(dataDir: string): ContentHistory {
  return historyWith(contentStore, dataDir);
}

/** Set the anti-rollback record back to the live content's version and creation time (IT staff only). */
export function resetRollbackRecord(dataDir: string, opts: { now?: Date } = {}): Promise<RollbackRecordReset> {
  return resetWith(contentStore, dataDir, opts);
}

/** What is installed, kept, accepted and trusted. Read-only. */
export function status(dataDir: string, opts: PackOptions = {}): PackStatus {
  return statusWith(contentStore, dataDir, opts);
}

export type PackWatcherOptions = Omit<CorePackWatcherOptions, 'store'>;

/** The pack watcher over the kiosk's content store. */
export class PackWatcher extends CorePackWatcher {
  constructor(opts: PackWatcherOptions) {
    super({ store: contentStore, ...opts });
  }
}
