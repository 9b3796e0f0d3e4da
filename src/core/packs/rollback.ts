/**
 * Rollback and roll forward: the data folder keeps the last `keepContents` installed contents
 * (settings; the live one included), and staff can make any of them live again: the newest one
 * older than the live content (`kiosk rollback`), or any kept version (`--to VERSION`), newer
 * ones included, with no new signature, because each was accepted once. Nothing is discarded by
 * a rollback, and the highest version accepted is never lowered: a pack file of a version not
 * above it is still refused, unless it is the very pack accepted before (installed by staff).
 * The switch is journalled (state.json `rollingBack`) so that a crash finishes or discards it.
 * Resetting the anti-rollback record to the live content is IT staff's way out of a record that
 * blocks every honest pack.
 */
import type { ContentHistory, ContentStatus, HistoryEntry, RollbackRecord, RollbackRecordReset, RollbackResult } from '../../shared/results.js';
import { appendAudit } from '../audit/log.js';
import { DataFolder } from '../datafolder.js';
import type { ContentStore } from '../ports.js';
import { loadSettings } from '../settings.js';
import { PackError, PackOperationError, reasonOf } from './errors.js';
import { CREATED_AHEAD_TOLERANCE_MS } from './format.js';
import { readPointerSafe, readStatus, tryStatus } from './installed.js';
import { crashPoint, recover, withLock } from './journal.js';
import { readState, writeState, type PackState } from './state.js';

const what = (s: ContentStatus) => `${s.builtIn ? 'the built-in content' : s.packId} version ${s.version}`;

/**
 * Make kept content live again: with no `to`, the newest kept version below the live one;
 * with `to`, the kept content of that version (older or newer than the live one). The content
 * it replaces stays kept. Refused with a sentence, changing nothing, when there is none.
 */
export function rollback(store: ContentStore, dataDir: string, opts: { to?: number } = {}): Promise<RollbackResult> {
  const folder = new DataFolder(dataDir);
  return withLock(folder, 'rollback', undefined, async () => {
    try {
      recover(folder);
      const pointer = readPointerSafe(folder);
      if (!pointer || pointer.previous.length === 0) {
        throw new PackOperationError('There is no earlier content kept to roll back to.');
      }
      const from = tryStatus(store, folder, pointer.active).status ?? null;
      const kept = pointer.previous.map((rel) => ({ rel, status: tryStatus(store, folder, rel).status }));
      let target: string;
      if (opts.to === undefined) {
        // The newest version below the live one; where several are kept, the most recently live.
        const older = kept.filter((k) => k.status && (from === null || k.status.version < from.version));
        const best = older.reduce<(typeof older)[number] | undefined>((b, k) => (!b || k.status!.version > b.status!.version ? k : b), undefined);
        if (!best)
          throw new PackOperationError(`There is no earlier content kept to roll back to${from ? ` (version ${from.version} is the oldest kept)` : ''}.`);
        target = best.rel;
      } else {
        if (from && from.version === opts.to) throw new PackOperationError(`Version ${opts.to} is live already; nothing was changed.`);
        const match = kept.find((k) => k.status?.version === opts.to);
        if (!match) {
          const versions = kept.flatMap((k) => (k.status ? [k.status.version] : []));
          throw new PackOperationError(
            `Version ${opts.to} is not kept on this kiosk${versions.length ? ` (kept: ${versions.join(', ')})` : ''}; nothing was changed.`,
          );
        }
        target = match.rel;
      }
      let to: ContentStatus;
      const db = (() => {
        try {
          return store.open(folder.path(target), { pageCheck: false }); // checked whole below
        } catch (e) {
          throw new PackOperationError(`The kept content ${target} cannot be opened (${(e as Error).message}); nothing was changed.`);
        }
      })();
      try {
        const check = db.integrityCheck();
        if (check !== 'ok') throw new PackOperationError(`The kept content ${target} is damaged (${check}); nothing was changed.`);
        to = db.status();
      } finally {
        db.close();
      }
      const fromVersion = from?.version ?? -1;
      const state = readState(folder.dir);
      writeState(folder.dir, {
        ...state,
        rollingBack: {
          from: pointer.active,
          to: target,
          fromVersion,
          toVersion: to.version,
          packId: to.packId,
          signers: to.signers,
          startedAt: new Date().toISOString(),
        },
      });
      crashPoint('rollback-after-journal');
      const keep = loadSettings(folder.settingsFile).settings.keepContents;
      const next = { active: target, previous: [pointer.active, ...pointer.previous.filter((p) => p !== target)].slice(0, keep - 1) };
      folder.writePointer(next);
      crashPoint('rollback-after-switch');
      const { rollingBack: _done, ...rest } = readState(folder.dir);
      writeState(folder.dir, rest);
      try {
        folder.collectGarbage(next); // only when keepContents was lowered since
      } catch {
        /* a database still open elsewhere is removed next time */
      }
      const forward = from !== null && to.version > from.version;
      appendAudit(folder.dir, {
        action: 'rollback',
        result: 'accepted',
        code: forward ? 'rollback.forward' : 'rollback.accepted',
        params: { from: fromVersion },
        packId: to.packId,
        version: to.version,
        signers: to.signers,
        reason: `${forward ? 'Rolled forward' : 'Rolled back'} from ${from ? what(from) : 'unreadable content'} to ${what(to)}.`,
      });
      return { from, to, direction: forward ? 'forward' : 'back' };
    } catch (e) {
      appendAudit(folder.dir, {
        action: 'rollback',
        result: 'failed',
        ...(opts.to !== undefined ? { params: { to: opts.to } } : {}),
        reason: (e as Error).message,
      });
      throw e;
    }
  });
}

/**
 * The contents this data folder keeps (the live one first, then the others, the most recently
 * live first), each with what it is, whether it can be switched to, and the signed manifest's
 * SHA-256 where it was recorded; and the packs accepted, newest first. Read-only.
 */
export function history(store: ContentStore, dataDir: string): ContentHistory {
  const folder = new DataFolder(dataDir);
  const pointer = readPointerSafe(folder);
  let state: PackState | undefined;
  let stateError: string | undefined;
  try {
    state = readState(folder.dir);
  } catch (e) {
    stateError = (e as Error).message;
  }
  const sha = (rel: string) => state?.accepted.findLast((a) => a.rel === rel)?.manifestSha256 ?? null;
  const live = pointer ? tryStatus(store, folder, pointer.active) : undefined;
  const liveVersion = live?.status?.version ?? null;
  const entry = (rel: string, isLive: boolean): HistoryEntry => {
    const r = isLive ? live! : tryStatus(store, folder, rel);
    const direction: HistoryEntry['direction'] = isLive
      ? 'live'
      : !r.status
        ? 'unreadable'
        : liveVersion !== null && r.status.version > liveVersion
          ? 'forward'
          : liveVersion !== null && r.status.version === liveVersion
            ? 'same'
            : 'back';
    return { rel, live: isLive, direction, manifestSha256: sha(rel), ...(r.status ? { status: r.status } : {}), ...(r.error ? { error: r.error } : {}) };
  };
  const live0 = pointer ? entry(pointer.active, true) : null;
  const highest = Math.max(state?.highestVersion ?? 0, liveVersion ?? 0);
  return {
    keep: loadSettings(folder.settingsFile).settings.keepContents,
    live: live0,
    kept: (pointer?.previous ?? []).map((rel) => entry(rel, false)),
    highestVersionAccepted: highest,
    accepted: [...(state?.accepted ?? [])]
      .reverse()
      .map(({ packId, version, manifestSha256, created, acceptedAt }) => ({ packId, version, manifestSha256, created, acceptedAt })),
    ...(stateError ? { stateError } : {}),
  };
}

/**
 * Set the anti-rollback record (state.json: the highest version and the latest creation time
 * accepted) back to those of the content now live, and log it. For IT staff only: the kiosk
 * command, or the IT screen after the IT PIN. It is the way out when a pack accepted before such
 * packs were refused (created years ahead, or a version near 2^53) blocks every honest pack, or
 * when state.json is damaged; without it only editing state.json by hand would help. It lowers
 * the protection to the live content: packs above the live version can be installed again, so
 * a pack rolled back from can be installed again too. A live creation time further ahead of
 * the clock than packs may be is recorded as the clock's time. When the pack that blocks
 * updates is itself live, roll back first.
 */
export function resetRollbackRecord(store: ContentStore, dataDir: string, opts: { now?: Date } = {}): Promise<RollbackRecordReset> {
  const folder = new DataFolder(dataDir);
  return withLock(folder, 'reset-rollback-record', undefined, async () => {
    try {
      let before: RollbackRecord | null;
      try {
        recover(folder);
        const state = readState(folder.dir);
        before = { highestVersion: state.highestVersion, latestCreated: state.latestCreated };
      } catch (e) {
        if (!(e instanceof PackError && e.check === 'trust-config')) throw e;
        before = null; // damaged: replaced whole below
      }
      const pointer = readPointerSafe(folder);
      if (!pointer) throw new PackOperationError('No content is live in this data folder yet, so there is no record to set; nothing was changed.');
      let live: ContentStatus;
      try {
        live = readStatus(store, folder, pointer.active);
      } catch (e) {
        throw new PackOperationError(`The live content ${pointer.active} cannot be read (${reasonOf(e)}); nothing was changed.`);
      }
      const now = (opts.now ?? new Date()).getTime();
      const created = Date.parse(live.createdAt);
      const latestCreated = Number.isFinite(created) && created <= now + CREATED_AHEAD_TOLERANCE_MS ? live.createdAt : new Date(now).toISOString();
      const after: RollbackRecord = { highestVersion: live.version, latestCreated };
      const changed = before === null || before.highestVersion !== after.highestVersion || before.latestCreated !== after.latestCreated;
      const what = `${live.builtIn ? 'the built-in content' : `pack ${live.packId}`} version ${live.version}`;
      const was =
        before === null ? 'state.json was damaged' : `the record held version ${before.highestVersion} and creation time ${before.latestCreated ?? 'none'}`;
      const message = changed
        ? `The anti-rollback record now holds the live content's version ${after.highestVersion} and creation time ${after.latestCreated} (${what}; ${was}), so packs above version ${after.highestVersion} can be installed again.`
        : `The anti-rollback record already holds the live content's version ${after.highestVersion} and creation time ${after.latestCreated} (${what}); nothing was changed.`;
      if (changed) {
        let accepted: PackState['accepted'] = [];
        try {
          accepted = before === null ? [] : readState(folder.dir).accepted;
        } catch {
          accepted = [];
        }
        writeState(folder.dir, { ...after, accepted });
        if (before === null) {
          try {
            folder.collectGarbage(); // a journal lost with the damaged file may have left a half-built database
          } catch {
            /* removed next time */
          }
        }
      }
      appendAudit(folder.dir, {
        action: 'reset-rollback-record',
        result: changed ? 'accepted' : 'no-change',
        params: { before: before?.highestVersion ?? 'unknown' },
        packId: live.packId,
        version: live.version,
        signers: live.signers,
        reason: message,
      });
      return { before, after, live, changed, message };
    } catch (e) {
      appendAudit(folder.dir, { action: 'reset-rollback-record', result: 'failed', reason: reasonOf(e) });
      throw e;
    }
  });
}
