/** `kiosk trust`: trust a publisher's public key, or set how many signatures a pack needs. */
import { resolve } from 'node:path';
import { readPublicKeyFile, setThreshold, trustKey } from '../../app/packs.js';
import { CommandError, DATA_DIR_OPTION, UsageError, dataDirFrom, intOption, parse, type Command } from '../args.js';

export const trustCommand: Command = {
  summary: 'trust a public key for content packs (logged); --threshold N requires N signatures',
  usage: 'kiosk trust [PUBKEYFILE] [--threshold N] [--data-dir DIR]',
  async run(argv) {
    const { values, positionals } = parse(argv, { ...DATA_DIR_OPTION, threshold: { type: 'string' } }, true);
    const threshold = intOption('threshold', values.threshold, 1, 16);
    if (positionals.length > 1) throw new UsageError('Name one public key file at a time.');
    if (!positionals.length && threshold === undefined) throw new UsageError('Name a public key file (NAME.pub from kiosk keygen), or give --threshold N.');
    const dataDir = dataDirFrom(values['data-dir']);
    try {
      if (positionals.length) {
        const key = readPublicKeyFile(resolve(positionals[0]!));
        const r = trustKey(dataDir, key);
        console.log(
          r.added
            ? `Key ${r.keyId}${key.name ? ` (${key.name})` : ''} is now trusted (${r.trusted} trusted, ${r.threshold} required).`
            : `Key ${r.keyId} was already trusted; nothing was changed.`,
        );
      }
      if (threshold !== undefined) {
        const r = setThreshold(dataDir, threshold);
        console.log(`Packs now need ${r.threshold} of the ${r.trusted} trusted keys' signatures.`);
      }
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
    return 0;
  },
};
