/** `kiosk status`: what content is installed, what is kept for rollback, which keys are trusted. */
import { status } from '../../app/packs.js';
import { describeStatus } from '../../core/packs/describe.js';
import { healthOf } from '../../app/fleet.js';
import { describeHealth } from '../../core/fleet/describe.js';
import { CommandError, DATA_DIR_OPTION, dataDirFrom, parse, type Command } from '../args.js';

export const statusCommand: Command = {
  summary: 'show the installed content, the versions kept for rollback, the trusted keys, fleet updates and health',
  usage: 'kiosk status [--data-dir DIR] [--json]',
  async run(argv) {
    const { values } = parse(argv, { ...DATA_DIR_OPTION, json: { type: 'boolean' } });
    let st;
    try {
      st = status(dataDirFrom(values['data-dir']));
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
    const health = healthOf(dataDirFrom(values['data-dir']), st);
    if (values.json) console.log(JSON.stringify({ ...st, health }, null, 2));
    else for (const line of [...describeStatus(st), ...describeHealth(health)]) console.log(line);
    return 0;
  },
};
