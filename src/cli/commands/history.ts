/** `kiosk history`: the contents this kiosk keeps (to roll back or forward to) and the packs it has accepted. */
import { history } from '../../app/packs.js';
import { describeHistory } from '../../core/packs/describe.js';
import { CommandError, DATA_DIR_OPTION, dataDirFrom, parse, type Command } from '../args.js';

export const historyCommand: Command = {
  summary: 'list the contents kept on this kiosk (each can be made live with "kiosk rollback --to VERSION") and the packs it has accepted',
  usage: 'kiosk history [--data-dir DIR] [--json]',
  async run(argv) {
    const { values } = parse(argv, { ...DATA_DIR_OPTION, json: { type: 'boolean' } });
    let h;
    try {
      h = history(dataDirFrom(values['data-dir']));
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
    if (values.json) console.log(JSON.stringify(h, null, 2));
    else for (const line of describeHistory(h)) console.log(line);
    return 0;
  },
};
