/**
 * What a data folder holds, as the pack operations read it: the facts of a content database, the
 * pointer (a damaged one stops every pack operation with a sentence), what a pack is verified
 * against, and a verified pack's summary. Shared by inspect, install, rollback and status.
 */
import type { ContentStatus, PackSummary } from '../../shared/results.js';
import type { ContentStore } from '../ports.js';
import type { DataFolder } from '../datafolder.js';
import { loadSettings } from '../settings.js';
import { PackOperationError } from './errors.js';
import type { PackLimits } from './format.js';
import { loadTrust, type TrustStore } from './keys.js';
import { readState } from './state.js';
import type { VerifiedSummary, VerifyContext } from './verify.js';

export type {
  ContentDiff,
  DepartmentRef,
  Inspection,
  InstallResult,
  KeptContent,
  PackStatus,
  PackSummary,
  RollbackRecord,
  RollbackRecordReset,
  RollbackResult,
} from '../../shared/results.js';

export interface PackOptions {
  now?: Date;
  limits?: Partial<PackLimits>;
  /** Defaults to package.json's version. */
  appVersion?: string;
  /** Defaults to resources/keys. */
  shippedKeysDir?: string;
  /** Staff asked for it: a pack accepted before may be installed again (VerifyContext.allowAccepted). */
  allowAccepted?: boolean;
  /** Who started an install, when it was not staff: recorded in the audit log (params.by) for the IT screen's health view. */
  initiator?: 'auto-install' | 'fleet-update';
}

/**
 * The status of a content database: its facts only, without reading every page (a large content
 * database takes most of a second to check, and status is read often). The kiosk checks every page
 * when it opens a database to show it, and a rollback checks its target whole.
 */
export function readStatus(store: ContentStore, folder: DataFolder, rel: string): ContentStatus {
  const db = store.open(folder.path(rel), { pageCheck: false });
  try {
    return db.status();
  } finally {
    db.close();
  }
}

export function tryStatus(store: ContentStore, folder: DataFolder, rel: string): { status?: ContentStatus; error?: string } {
  try {
    return { status: readStatus(store, folder, rel) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export function readPointerSafe(folder: DataFolder) {
  try {
    return folder.readPointer();
  } catch (e) {
    throw new PackOperationError(`${(e as Error).message} Repair the data folder before installing packs.`);
  }
}

export function verifyContext(store: ContentStore, folder: DataFolder, opts: PackOptions): VerifyContext {
  const trust: TrustStore = loadTrust(folder.dir, opts.shippedKeysDir);
  const state = readState(folder.dir);
  const pointer = readPointerSafe(folder);
  const installed = pointer ? tryStatus(store, folder, pointer.active).status : undefined;
  return {
    trust,
    site: loadSettings(folder.settingsFile).settings.site,
    installedVersion: installed ? installed.version : null,
    highestVersion: Math.max(state.highestVersion, installed?.version ?? 0),
    latestCreated: state.latestCreated,
    accepted: state.accepted,
    installedSha256: (pointer && state.accepted.findLast((a) => a.rel === pointer.active)?.manifestSha256) ?? null,
    allowAccepted: opts.allowAccepted === true,
    ...(opts.appVersion !== undefined ? { appVersion: opts.appVersion } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
  };
}

export function summarize(v: VerifiedSummary): PackSummary {
  const m = v.manifest;
  return {
    file: v.file,
    packId: m.packId,
    version: m.version,
    created: m.created,
    expires: m.expires ?? null,
    site: m.site ?? null,
    minAppVersion: m.minAppVersion,
    signers: v.signers,
    files: v.fileCount,
    bytes: v.totalBytes,
    hospital: v.content.hospital.name,
    departments: v.content.departments.map((d) => ({ id: d.id, name: d.name })),
    newKeys: v.newKeys ? { threshold: v.newKeys.threshold, keyIds: v.newKeys.keys.map((k) => k.keyId) } : null,
    manifestSha256: v.manifestSha256,
  };
}
