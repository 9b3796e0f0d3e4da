/**
 * Rollback makes the newest kept database live again and discards the one it replaces. It never
 * lowers the highest version accepted, so the pack that was rolled back, or any older pack,
 * cannot be installed again: only a pack with a higher version can (see README.md).
 */
import type { ContentStatus, RollbackResult } from '../../shared/results.js';
import { appendAudit } from '../audit/log.js';
import { DataFolder } from '../datafolder.js';
import type { ContentStore } from '../ports.js';
import { PackOperationError } from './errors.js';
import { readPointerSafe, tryStatus } from './installed.js';
import { recover, withLock } from './journal.js';

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

