/** `kiosk rollback [--to VERSION]`: make kept content live again, older or (after a rollback) newer. */
import { rollback } from '../../app/packs.js';
import { CommandError, DATA_DIR_OPTION, dataDirFrom, intOption, parse, type Command } from '../args.js';

export const rollbackCommand: Command = {
  summary:
    'go back to the newest kept content older than the live one, or with --to to any kept version, newer ones too (no pack file or new signature needed; "kiosk history" lists them)',
  usage: 'kiosk rollback [--to VERSION] [--data-dir DIR]',
  async run(argv) {
    const { values } = parse(argv, { ...DATA_DIR_OPTION, to: { type: 'string' } });
    const to = intOption('to', values.to, 0, Number.MAX_SAFE_INTEGER);
    let r;
    try {
      r = await rollback(dataDirFrom(values['data-dir']), to === undefined ? {} : { to });
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
    const name = (s: { builtIn: boolean; packId: string; version: number }) =>
      `${s.builtIn ? 'the built-in content' : `pack ${s.packId}`} version ${s.version}`;
    const from = r.from ? name(r.from) : 'the unreadable content';
    console.log(`${r.direction === 'forward' ? 'Rolled forward' : 'Rolled back'} from ${from} to ${name(r.to)}.`);
    if (r.from) console.log(`Version ${r.from.version} is still kept: "kiosk rollback --to ${r.from.version}" makes it live again.`);
    return 0;
  },
};
