/**
 * `kiosk reset-rollback-record`: set the anti-rollback record back to the content now live, for a
 * kiosk that a bad pack (created years ahead, or with a version near 2^53) or a damaged state.json
 * keeps from taking any pack. Logged in the audit log.
 */
import { resetRollbackRecord } from '../../app/packs.js';
import { CommandError, DATA_DIR_OPTION, dataDirFrom, parse, type Command } from '../args.js';

export const resetRollbackRecordCommand: Command = {
  summary:
    'set the highest version and latest creation time accepted back to those of the content now live, when a bad pack or a damaged state.json blocks every update (logged; packs above the live version can then be installed, even one rolled back from)',
  usage: 'kiosk reset-rollback-record [--data-dir DIR]',
  async run(argv) {
    const { values } = parse(argv, { ...DATA_DIR_OPTION });
    let r;
    try {
      r = await resetRollbackRecord(dataDirFrom(values['data-dir']));
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
    console.log(r.message);
    return 0;
  },
};
