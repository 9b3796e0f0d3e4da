/** `kiosk trust-repo`: pin the root of the fleet repository this kiosk pulls packs from (logged). */
import { resolve } from 'node:path';
import { TrustRepoError, trustRepository } from '../../core/fleet/trust.js';
import { CommandError, DATA_DIR_OPTION, UsageError, dataDirFrom, parse, type Command } from '../args.js';

export const trustRepoCommand: Command = {
  summary: 'pin the root of the fleet repository (its metadata/1.root.json) that updateUrl points at (logged)',
  usage: 'kiosk trust-repo ROOT.json [--data-dir DIR]',
  async run(argv) {
    const { values, positionals } = parse(argv, { ...DATA_DIR_OPTION }, true);
    if (positionals.length !== 1) throw new UsageError('Name one root file: the repository\'s metadata/1.root.json (or root.json) from "kiosk publish init".');
    try {
      const r = trustRepository(dataDirFrom(values['data-dir']), resolve(positionals[0]!));
      console.log(
        `Pinned fleet repository root version ${r.version} (${r.rootThreshold} of ${r.rootKeys} root keys)${r.replaced ? `, replacing root version ${r.replaced.version}` : ''}.`,
      );
      if (r.expired)
        console.log(`This root expired on ${r.expires}; the kiosk takes a newer one from the repository on its next check, and refuses updates until it can.`);
    } catch (e) {
      if (e instanceof TrustRepoError) throw new CommandError(e.message);
      throw e;
    }
    return 0;
  },
};
