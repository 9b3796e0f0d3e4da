/**
 * Rollback makes the newest kept database live again and discards the one it replaces. It never
 * lowers the highest version accepted, so the pack that was rolled back, or any older pack,
 * cannot be installed again: only a pack with a higher version can (see README.md). Resetting
 * the anti-rollback record to the live content is IT staff's way out of a record that blocks
 * every honest pack.
 */
import type { ContentStatus, RollbackRecord, RollbackRecordReset, RollbackResult } from '../../shared/results.js';
import { appendAudit } from '../audit/log.js';
import { DataFolder } from '../datafolder.js';
import type { ContentStore } from '../ports.js';
import { PackError, PackOperationError, reasonOf } from './errors.js';
import { CREATED_AHEAD_TOLERANCE_MS } from './format.js';
import { readPointerSafe, readStatus, tryStatus } from './installed.js';
import { recover, withLock } from './journal.js';
import { readState, writeState } from './state.js';

/**
 * Make the newest kept content live again, discarding the content it replaces. The highest
 * version accepted is not lowered, so the discarded version cannot be installed again.
 */
export function rollback(store: ContentStore, dataDir: string): Promise<RollbackResult> {
  const folder = new DataFolder(dataDir);
  return withLock(folder, 'rollback', undefined, async () => {
    try {
      recover(folder);
      const pointer = readPointerSafe(folder);
      if (!pointer || pointer.previous.length === 0) {
        throw new PackOperationError('There is no earlier content kept to roll back to.');
      }
      const from = tryStatus(store, folder, pointer.active).status ?? null;
      const target = pointer.previous[0]!;
      let to: ContentStatus;
      const db = (() => {
        try {
          return store.open(folder.path(target), { pageCheck: false }); // checked whole below
        } catch (e) {
          throw new PackOperationError(`The earlier content ${target} cannot be opened (${(e as Error).message}); nothing was changed.`);
        }
      })();
      try {
        const check = db.integrityCheck();
        if (check !== 'ok') throw new PackOperationError(`The earlier content ${target} is damaged (${check}); nothing was changed.`);
        to = db.status();
      } finally {
        db.close();
      }
      folder.writePointer({ active: target, previous: pointer.previous.slice(1) });
      try {
        folder.collectGarbage();
      } catch {
        /* a database still open elsewhere is removed next time */
      }
      appendAudit(folder.dir, {
        action: 'rollback',
        result: 'accepted',
        packId: to.packId,
        version: to.version,
        signers: to.signers,
        reason: `Rolled back from ${from ? `${from.packId} version ${from.version}` : 'unreadable content'} to ${to.packId} version ${to.version}.`,
      });
      return { from, to };
    } catch (e) {
      appendAudit(folder.dir, { action: 'rollback', result: 'failed', reason: (e as Error).message });
      throw e;
    }
  });
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
        writeState(folder.dir, after);
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
