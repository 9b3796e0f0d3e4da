/** `kiosk rollback`: make the newest kept content live again. */
import { rollback } from '../../app/packs.js';
import { CommandError, DATA_DIR_OPTION, dataDirFrom, parse, type Command } from '../args.js';

export const rollbackCommand: Command = {
  summary: 'go back to the content kept from before the last install (the version rolled back from cannot be installed again)',
  usage: 'kiosk rollback [--data-dir DIR]',
  async run(argv) {
    const { values } = parse(argv, { ...DATA_DIR_OPTION });
    let r;
    try {
      r = await rollback(dataDirFrom(values['data-dir']));
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
    const from = r.from ? `${r.from.builtIn ? 'built-in content' : `pack ${r.from.packId}`} version ${r.from.version}` : 'the unreadable content';
    console.log(`Rolled back from ${from} to ${r.to.builtIn ? 'the built-in content' : `pack ${r.to.packId}`} version ${r.to.version}.`);
    if (r.from) console.log(`Version ${r.from.version} cannot be installed again; the next pack must carry a version above ${r.from.version}.`);
    return 0;
  },
};
