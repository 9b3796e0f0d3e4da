/** `kiosk verify`: check a pack against a kiosk's data folder without changing anything. */
import { resolve } from 'node:path';
import { describeRefusal } from '../../shared/messages.js';
import { inspectPack } from '../../app/packs.js';
import { describeDiff, describeSummary } from '../../core/packs/describe.js';
import { CommandError, DATA_DIR_OPTION, UsageError, dataDirFrom, parse, type Command } from '../args.js';

export const verifyCommand: Command = {
  summary: 'verify a content pack (signature, files, content) against this kiosk, changing nothing',
  usage: 'kiosk verify FILE [--data-dir DIR] [--json]',
  async run(argv) {
    const { values, positionals } = parse(argv, { ...DATA_DIR_OPTION, json: { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw new UsageError('Name one pack file.');
    let r;
    try {
      r = await inspectPack(resolve(positionals[0]!), dataDirFrom(values['data-dir']), { allowAccepted: true });
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
    if (values.json) {
      console.log(JSON.stringify(r, null, 2));
      return r.ok ? 0 : 1;
    }
    if (!r.ok) throw new CommandError(`not valid: ${describeRefusal(r.check, r.params, 'en')} ${r.reason}`);
    console.log(`The pack is valid and signed by ${r.summary.signers.length} trusted key${r.summary.signers.length === 1 ? '' : 's'}.`);
    for (const line of describeSummary(r.summary)) console.log(line);
    if (r.installed) console.log(`Installed now: ${r.installed.packId} version ${r.installed.version}`);
    for (const line of describeDiff(r.diff)) console.log(line);
    if (r.alreadyInstalled) console.log(`Version ${r.summary.version} is already installed; installing it would change nothing.`);
    return 0;
  },
};
