/** `kiosk keygen`: a new Ed25519 key pair for signing content packs. */
import { resolve } from 'node:path';
import { generateKeyFiles } from '../../app/packs.js';
import { CommandError, UsageError, parse, type Command } from '../args.js';

export const keygenCommand: Command = {
  summary: 'make an Ed25519 key pair for signing content packs (NAME.key, mode 0600, and NAME.pub)',
  usage: 'kiosk keygen --out DIR [--name NAME]',
  async run(argv) {
    const { values } = parse(argv, { out: { type: 'string' }, name: { type: 'string' } });
    if (!values.out) throw new UsageError('--out DIR is required: the folder to write the key files to.');
    let key;
    try {
      key = generateKeyFiles(resolve(values.out), values.name ?? 'signing');
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
    console.log(`Key id: ${key.keyId}`);
    console.log(`Private key: ${key.privateKeyFile} (keep it secret and off the kiosks)`);
    console.log(`Public key:  ${key.publicKeyFile} (trust it on each kiosk: kiosk trust ${key.publicKeyFile})`);
    return 0;
  },
};
