/** `kiosk pack`: validate a content source folder and write a signed content pack. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ContentError } from '../../core/content/source.js';
import { PACK_EXTENSION, createPack, loadPrivateKey, readPublicKeyFile, type KeyList } from '../../app/packs.js';
import { parsePublicKey } from '../../core/packs/keys.js';
import { CommandError, UsageError, intOption, parse, type Command } from '../args.js';

/** --expires: an ISO time, or a date meaning the end of that day (UTC). */
export function parseExpiry(value: string, now = new Date()): string {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T23:59:59Z`) : Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--expires ${value} is not a date; use YYYY-MM-DD or an ISO time.`);
  if (t <= now.getTime()) throw new UsageError(`--expires ${value} is in the past; a pack must expire later than now.`);
  return new Date(t).toISOString();
}

/** --keys-file: { "threshold": 1, "keys": ["a.pub", { "publicKey": "…" }, …] } (paths relative to the file). */
export function readKeyList(file: string): KeyList {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CommandError(`The key list ${file} cannot be read as JSON (${(e as Error).message}).`);
  }
  const obj = raw as { threshold?: unknown; keys?: unknown };
  if (typeof obj !== 'object' || obj === null || !Array.isArray(obj.keys) || obj.keys.length === 0) {
    throw new CommandError(`The key list ${file} must be {"threshold": N, "keys": [...]} with public key files or entries.`);
  }
  const threshold = obj.threshold ?? 1;
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 1)
    throw new CommandError(`The key list ${file}: "threshold" must be a whole number of at least 1.`);
  try {
    const keys = obj.keys.map((k, i) =>
      typeof k === 'string' ? readPublicKeyFile(resolve(dirname(file), k)) : parsePublicKey(JSON.stringify(k), `${file} keys[${i}]`),
    );
    return { threshold, keys };
  } catch (e) {
    throw new CommandError((e as Error).message);
  }
}

export const packCommand: Command = {
  summary: 'validate a content source folder and write a signed content pack',
  usage:
    'kiosk pack SOURCE_DIR --key KEYFILE [--key KEYFILE ...] --version N --out FILE [--site ID] [--expires DATE] [--min-app-version V] [--keys-file NEWKEYLIST] [--id PACK_ID]',
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        key: { type: 'string', multiple: true },
        version: { type: 'string' },
        out: { type: 'string' },
        site: { type: 'string' },
        expires: { type: 'string' },
        'min-app-version': { type: 'string' },
        'keys-file': { type: 'string' },
        id: { type: 'string' },
      },
      true,
    );
    if (positionals.length !== 1) throw new UsageError('Name one content source folder, e.g. resources/content.');
    if (!values.key?.length) throw new UsageError('--key KEYFILE is required (the private key from kiosk keygen); repeat it for more signatures.');
    const version = intOption('version', values.version, 1, Number.MAX_SAFE_INTEGER);
    if (version === undefined) throw new UsageError('--version N is required: a whole number above the version the kiosks have now.');
    if (!values.out) throw new UsageError(`--out FILE is required, e.g. --out content-v${version}${PACK_EXTENSION}.`);
    if (values.site !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(values.site)) {
      throw new UsageError('--site must be a short name of letters, digits, dots, dashes or underscores.');
    }
    if (values['min-app-version'] !== undefined && !/^\d+\.\d+\.\d+$/.test(values['min-app-version'])) {
      throw new UsageError('--min-app-version must be a version such as 1.2.0.');
    }
    if (values.id !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(values.id)) {
      throw new UsageError('--id must be a short name of letters, digits, dots, dashes or underscores.');
    }
    const expires = values.expires !== undefined ? parseExpiry(values.expires) : undefined;
    let keys;
    try {
      keys = values.key.map((k) => loadPrivateKey(resolve(k)));
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
    const newKeys = values['keys-file'] ? readKeyList(resolve(values['keys-file'])) : undefined;
    const out = resolve(values.out);
    let made;
    try {
      made = await createPack({
        sourceDir: resolve(positionals[0]!),
        keys,
        version,
        out,
        ...(values.id ? { packId: values.id } : {}),
        ...(values.site ? { site: values.site } : {}),
        ...(expires ? { expires } : {}),
        ...(values['min-app-version'] ? { minAppVersion: values['min-app-version'] } : {}),
        ...(newKeys ? { newKeys } : {}),
      });
    } catch (e) {
      if (e instanceof ContentError) {
        const more = e.problems.length - 1;
        throw new CommandError(
          `The content is not valid, so no pack was written: ${e.message}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`,
        );
      }
      throw new CommandError((e as Error).message);
    }
    const m = made.manifest;
    console.log(`Wrote ${made.file}`);
    console.log(
      `Pack ${m.packId} version ${m.version}: ${m.files.length} files, ${made.content.departments.length} departments; signed by ${made.signers.join(', ')}`,
    );
    if (m.site || m.expires) console.log(`${m.site ? `For site ${m.site}. ` : ''}${m.expires ? `Expires ${m.expires}.` : ''}`.trim());
    if (m.keys) console.log(`Carries a new key list: ${m.keys.keys.map((k) => k.keyId).join(', ')} (${m.keys.threshold} required).`);
    return 0;
  },
};
