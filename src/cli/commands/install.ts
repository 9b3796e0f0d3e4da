/** `kiosk install`: verify a pack and install it, all or nothing. */
import { resolve } from 'node:path';
import { describeRefusal } from '../../shared/messages.js';
import { PackError, installPack } from '../../app/packs.js';
import { signerText } from '../../core/packs/describe.js';
import { CommandError, DATA_DIR_OPTION, UsageError, dataDirFrom, parse, type Command } from '../args.js';

export const installCommand: Command = {
  summary: 'verify a content pack and install it (all or nothing; the previous content is kept for rollback)',
  usage: 'kiosk install FILE [--data-dir DIR]',
  async run(argv) {
    const { values, positionals } = parse(argv, { ...DATA_DIR_OPTION }, true);
    if (positionals.length !== 1) throw new UsageError('Name one pack file.');
    let r;
    try {
      // Staff at the command line: the very pack this kiosk accepted before may be installed again.
      r = await installPack(
        resolve(positionals[0]!),
        dataDirFrom(values['data-dir']),
        (stage, message) => {
          if (stage !== 'done') console.log(`  ${message}…`);
        },
        { allowAccepted: true },
      );
    } catch (e) {
      if (e instanceof PackError) throw new CommandError(`refused, nothing was changed: ${describeRefusal(e.check, e.params, 'en')} ${e.message}`);
      throw new CommandError((e as Error).message);
    }
    const s = r.summary;
    if (r.status === 'already-installed') {
      console.log(`Pack ${s.packId} version ${s.version} is already installed; nothing was changed.`);
      return 0;
    }
    console.log(
      `Installed pack ${s.packId} version ${s.version}${r.previous ? ` (was ${r.previous.packId} version ${r.previous.version}, kept for rollback)` : ''}.`,
    );
    console.log(`Signed by ${s.signers.map(signerText).join(', ')}; ${s.departments.length} departments.`);
    if (s.newKeys) console.log(`This kiosk now trusts the pack's key list: ${s.newKeys.keyIds.join(', ')} (${s.newKeys.threshold} required).`);
    return 0;
  },
};
