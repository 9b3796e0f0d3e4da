/** `kiosk packs`: every pack in a folder (or the pack folders), verified against this kiosk, with its verdict. */
import { resolve } from 'node:path';
import { findPacks, packOutcome } from '../../app/packs.js';
import { describePackList } from '../../core/packs/describe.js';
import { fileSha256 } from '../../core/packs/catalog.js';
import { loadSettings } from '../../core/settings.js';
import { DataFolder } from '../../core/datafolder.js';
import type { ListedPack } from '../../shared/results.js';
import { CommandError, DATA_DIR_OPTION, dataDirFrom, parse, type Command } from '../args.js';

export const packsCommand: Command = {
  summary: 'list the packs in DIR (default: the pack folders of kiosk.json, USB sticks below them), each verified whole against this kiosk, changing nothing',
  usage: 'kiosk packs [DIR] [--data-dir DIR] [--json]',
  async run(argv) {
    const { values, positionals } = parse(argv, { ...DATA_DIR_OPTION, json: { type: 'boolean' } }, true);
    const dataDir = dataDirFrom(values['data-dir']);
    const folders = positionals.length ? positionals.map((p) => resolve(p)) : loadSettings(new DataFolder(dataDir).settingsFile).settings.packFolders;
    const found = findPacks(folders);
    const packs: ListedPack[] = [];
    try {
      for (const p of found) {
        const [sha256, outcome] = [await fileSha256(p.file).catch(() => null), await packOutcome(p.file, dataDir)];
        packs.push({ ...p, ...outcome, sha256, checkedAt: new Date().toISOString() });
      }
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
    if (values.json) console.log(JSON.stringify(packs, null, 2));
    else {
      console.log(found.length ? `Packs in ${folders.join(', ')}:` : `No packs in ${folders.join(', ') || '(no folders)'}.`);
      if (found.length) for (const line of describePackList(packs)) console.log(line);
    }
    return 0;
  },
};
