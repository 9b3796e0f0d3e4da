/**
 * `kiosk publish`: the publisher's side of a fleet. A repository of static files (TUF metadata
 * and the packs) that any web server, CDN, object store or USB stick serves as it is.
 *
 *   kiosk publish init    --repo DIR --root-key K [--root-key K …] [--root-threshold N] --targets-key K --online-key K
 *   kiosk publish add     --repo DIR PACK --targets-key K --online-key K [--ring R|all] [--percent N]
 *   kiosk publish rollout --repo DIR --pack ID --version N --ring R|all --percent N --targets-key K --online-key K
 *   kiosk publish rotate  --repo DIR --role root|targets|online --root-key K … --new-key K … [--threshold N] [--online-key K]
 *   kiosk publish refresh --repo DIR --online-key K [--targets-key K]   (also: kiosk publish --refresh …)
 *   kiosk publish list    --repo DIR [--json]
 */
import { resolve } from 'node:path';
import {
  addPack,
  initRepository,
  listRepository,
  parseDuration,
  PublishError,
  refreshRepository,
  rolloutEntry,
  rotateKeys,
  setRollout,
  type Lifetimes,
  type RotatedRole,
} from '../../core/fleet/publish.js';
import { loadRoleKey, type RoleKey } from '../../core/fleet/tuf-keys.js';
import { CommandError, UsageError, parse, type Command } from '../args.js';

const ACTIONS = ['init', 'add', 'rollout', 'rotate', 'refresh', 'list'] as const;
type Action = (typeof ACTIONS)[number];

const OPTIONS = {
  repo: { type: 'string' },
  'root-key': { type: 'string', multiple: true },
  'root-threshold': { type: 'string' },
  'targets-key': { type: 'string' },
  'online-key': { type: 'string' },
  'new-key': { type: 'string', multiple: true },
  threshold: { type: 'string' },
  role: { type: 'string' },
  ring: { type: 'string' },
  percent: { type: 'string' },
  pack: { type: 'string' },
  version: { type: 'string' },
  site: { type: 'string' },
  'timestamp-expires': { type: 'string' },
  'snapshot-expires': { type: 'string' },
  'targets-expires': { type: 'string' },
  'root-expires': { type: 'string' },
  refresh: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

function key(file: string | undefined): RoleKey | undefined {
  if (file === undefined) return undefined;
  try {
    return loadRoleKey(resolve(file));
  } catch (e) {
    throw new CommandError((e as Error).message);
  }
}

function keys(files: string[] | undefined): RoleKey[] {
  return (files ?? []).map((f) => key(f)!);
}

function need<T>(v: T | undefined, sentence: string): T {
  if (v === undefined) throw new UsageError(sentence);
  return v;
}

function lifetimes(values: Record<string, unknown>): Partial<Lifetimes> {
  const out: Partial<Lifetimes> = {};
  for (const role of ['timestamp', 'snapshot', 'targets', 'root'] as const) {
    const v = values[`${role}-expires`];
    if (typeof v !== 'string') continue;
    const ms = parseDuration(v);
    if (ms === undefined) throw new UsageError(`--${role}-expires must be a duration such as 12h, 1d or 90d.`);
    out[role] = ms;
  }
  return out;
}

function number(name: string, v: string | undefined, min: number, max: number, integer = true): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
    throw new UsageError(`--${name} must be a ${integer ? 'whole ' : ''}number from ${min} to ${max}.`);
  return n;
}

export const publishCommand: Command = {
  summary: 'publish packs to a fleet repository of static files (TUF): init, add, rollout, rotate, refresh, list',
  usage: 'kiosk publish init|add|rollout|rotate|refresh|list --repo DIR [options] (kiosk publish --help)',
  async run(argv) {
    const { values, positionals } = parse(argv, OPTIONS, true);
    let action = positionals[0] as Action | undefined;
    if (values.refresh) {
      if (action && action !== 'refresh') throw new UsageError('--refresh is the refresh action; give no other action with it.');
      action = 'refresh';
    }
    if (!action || !ACTIONS.includes(action)) {
      throw new UsageError(`Name what to do: ${ACTIONS.join(', ')} (for example "kiosk publish init --repo DIR …").`);
    }
    const repo = resolve(need(values.repo, '--repo DIR is required: the folder of the fleet repository.'));
    const rest = positionals.slice(1);
    const life = lifetimes(values);
    try {
      switch (action) {
        case 'init': {
          if (rest.length) throw new UsageError('init takes no file; give the keys with --root-key, --targets-key and --online-key.');
          const rootKeys = keys(values['root-key']);
          if (!rootKeys.length) throw new UsageError('--root-key KEYFILE is required (once per root key; keep them offline afterwards).');
          const r = initRepository({
            dir: repo,
            rootKeys,
            rootThreshold: number('root-threshold', values['root-threshold'], 1, 16) ?? 1,
            targetsKey: need(key(values['targets-key']), '--targets-key KEYFILE is required.'),
            onlineKey: need(key(values['online-key']), '--online-key KEYFILE is required.'),
            lifetimes: life,
          });
          console.log(`Made the fleet repository ${repo}: root signed by ${r.rootKeyIds.length} root key(s), ${r.rootThreshold} needed for any change.`);
          console.log(`Pin its root on every kiosk: kiosk trust-repo ${r.rootFile}`);
          console.log('Serve the folder as it is with any web server, and re-sign it before the timestamp expires: kiosk publish refresh (a timer).');
          return 0;
        }
        case 'add': {
          if (rest.length !== 1) throw new UsageError('Name one pack file to add (kiosk publish add --repo DIR PACK.kpack …).');
          const [ring, percent] = rolloutEntry(values.ring ?? 'all', number('percent', values.percent, 0, 100, false) ?? 100);
          const r = await addPack({
            dir: repo,
            pack: resolve(rest[0]!),
            targetsKey: need(key(values['targets-key']), '--targets-key KEYFILE is required: adding a pack changes the signed list of packs.'),
            onlineKey: need(key(values['online-key']), '--online-key KEYFILE is required: it re-signs snapshot and timestamp.'),
            rollout: { [ring]: percent },
            lifetimes: life,
          });
          console.log(
            `Published ${r.custom.packId} version ${r.custom.version} as ${r.target} (targets version ${r.targetsVersion}), offered to ${describeRollout(r.custom.rollout)}.`,
          );
          return 0;
        }
        case 'rollout': {
          if (rest.length) throw new UsageError('rollout takes no file; name the pack with --pack ID --version N.');
          const r = setRollout({
            dir: repo,
            packId: need(values.pack, '--pack ID is required: the pack id of a published pack.'),
            version: need(number('version', values.version, 1, Number.MAX_SAFE_INTEGER), '--version N is required.'),
            ...(values.site !== undefined ? { site: values.site } : {}),
            ring: need(values.ring, '--ring NAME (or all) is required.'),
            percent: need(number('percent', values.percent, 0, 100, false), '--percent N is required (0 to 100).'),
            targetsKey: need(key(values['targets-key']), '--targets-key KEYFILE is required.'),
            onlineKey: need(key(values['online-key']), '--online-key KEYFILE is required.'),
            lifetimes: life,
          });
          console.log(
            `${r.custom.packId} version ${r.custom.version} is now offered to ${describeRollout(r.custom.rollout)} (targets version ${r.targetsVersion}).`,
          );
          return 0;
        }
        case 'rotate': {
          const role = values.role as RotatedRole | undefined;
          if (role !== 'root' && role !== 'targets' && role !== 'online') throw new UsageError('--role must be root, targets or online.');
          const r = rotateKeys({
            dir: repo,
            role,
            rootKeys: keys(values['root-key']),
            newKeys: keys(values['new-key']),
            ...(values.threshold !== undefined ? { threshold: number('threshold', values.threshold, 1, 16)! } : {}),
            ...(values['online-key'] ? { onlineKey: key(values['online-key'])! } : {}),
            lifetimes: life,
          });
          console.log(
            `The ${r.role} role now has ${r.keyIds.length} key(s) (${r.threshold} needed), in root version ${r.rootVersion}; kiosks take the new root on their next check.`,
          );
          return 0;
        }
        case 'refresh': {
          const r = refreshRepository({
            dir: repo,
            onlineKey: need(key(values['online-key']), '--online-key KEYFILE is required: it signs snapshot and timestamp.'),
            ...(values['targets-key'] ? { targetsKey: key(values['targets-key'])! } : {}),
            lifetimes: life,
          });
          console.log(
            `Re-signed timestamp version ${r.timestampVersion} (valid until ${r.timestampExpires})${r.snapshotResigned ? `, snapshot version ${r.snapshotVersion}` : ''}${r.targetsResigned ? ' and targets' : ''}.`,
          );
          return 0;
        }
        case 'list': {
          const l = listRepository(repo);
          if (values.json) {
            console.log(JSON.stringify(l, null, 2));
            return 0;
          }
          console.log(`Fleet repository ${l.dir}`);
          console.log(`  root v${l.root.version} (${l.root.threshold} of ${l.root.keys} keys) until ${l.root.expires}`);
          console.log(
            `  targets v${l.targets.version} until ${l.targets.expires}; snapshot v${l.snapshot.version} until ${l.snapshot.expires}; timestamp v${l.timestamp.version} until ${l.timestamp.expires}`,
          );
          if (!l.packs.length) console.log('  no packs published yet');
          for (const p of l.packs)
            console.log(`  ${p.target}  ${p.custom ? `${p.custom.packId} v${p.custom.version}, ${describeRollout(p.custom.rollout)}` : '(not a kiosk pack)'}`);
          return 0;
        }
      }
    } catch (e) {
      if (e instanceof PublishError) throw new CommandError(e.message);
      throw e;
    }
    return 2;
  },
};

function describeRollout(r: Record<string, number>): string {
  const rings = Object.keys(r).length;
  const parts = Object.entries(r).map(([ring, pct]) => `${pct}% of ${ring === '*' ? (rings > 1 ? 'every other ring' : 'every ring') : `ring ${ring}`}`);
  return parts.length ? parts.join(', ') : 'no kiosk';
}
