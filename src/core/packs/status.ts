/**
 * The status of a data folder's packs, read-only: what is installed, what is kept for rollback,
 * what has been accepted, an interrupted install, and which keys are trusted.
 */
import { existsSync } from 'node:fs';
import type { PackStatus } from '../../shared/results.js';
import { DataFolder } from '../datafolder.js';
import type { ContentStore } from '../ports.js';
import { loadSettings } from '../settings.js';
import { readPointerSafe, tryStatus, type PackOptions } from './installed.js';
import { KEYS_FILE, loadTrust, readKeysFile } from './keys.js';
import { readState, type PackState } from './state.js';

/** What is installed, what is kept for rollback, what has been accepted, which keys are trusted. Read-only. */
export function status(store: ContentStore, dataDir: string, opts: PackOptions = {}): PackStatus {
  const folder = new DataFolder(dataDir);
  const now = (opts.now ?? new Date()).getTime();
  const pointer = existsSync(folder.dir) ? readPointerSafe(folder) : undefined;
  let installed: PackStatus['installed'] = null;
  let installedError: string | undefined;
  if (pointer) {
    const r = tryStatus(store, folder, pointer.active);
    if (r.status) installed = { ...r.status, rel: pointer.active, expired: r.status.expires !== null && Date.parse(r.status.expires) <= now };
    else installedError = r.error;
  }
  const kept = (pointer?.previous ?? []).map((rel) => ({ rel, ...tryStatus(store, folder, rel) }));
  let state: PackState = { highestVersion: 0, latestCreated: null, accepted: [] };
  let stateError: string | undefined;
  try {
    state = readState(folder.dir);
  } catch (e) {
    stateError = (e as Error).message;
  }
  let trust: PackStatus['trust'];
  try {
    const t = loadTrust(folder.dir, opts.shippedKeysDir);
    const file = readKeysFile(folder.dir);
    trust = {
      threshold: t.threshold,
      keys: [...t.keys.values()].map((k) => ({ keyId: k.keyId, ...(k.name ? { name: k.name } : {}), source: k.source })),
      ...(file.rotatedBy ? { rotatedBy: file.rotatedBy } : {}),
    };
  } catch (e) {
    trust = { error: `${KEYS_FILE}: ${(e as Error).message}` };
  }
  return {
    dataDir: folder.dir,
    site: loadSettings(folder.settingsFile).settings.site,
    installed,
    ...(installedError ? { installedError } : {}),
    kept,
    highestVersionAccepted: Math.max(state.highestVersion, installed?.version ?? 0),
    latestCreatedAccepted: state.latestCreated,
    ...(stateError ? { stateError } : {}),
    interrupted: state.pending ?? null,
    trust,
  };
}
