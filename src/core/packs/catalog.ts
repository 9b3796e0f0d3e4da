/**
 * The pack list at a glance: every pack the pack sources offer, with what its signed manifest
 * says and a verdict (installable, older or equal, wrong site, untrusted, expired, damaged,
 * refused by another check), reached by verifying each pack whole against the data folder, as
 * an install by staff would (read-only: nothing is written).
 *
 * PackCatalog answers at once: packs it has not checked yet (or whose file, or whose kiosk
 * state, changed since) are 'checking' and are verified in the background by a queue, one at a
 * time, with a turn of the event loop between packs and between the chunks of each file's hash
 * (the verification itself reads in chunks and yields, src/core/packs/archive.ts). Verdicts are
 * kept by path, size, modification time and the SHA-256 of the whole file, and hold while the
 * kiosk's record (installed content, accepted versions, trusted keys, site) stays the same.
 */
import { open as openFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import type { FoundPack, ListedPack, PackListing, PackVerdict } from '../../shared/results.js';
import { DataFolder } from '../datafolder.js';
import type { ContentStore } from '../ports.js';
import { PackError, type PackCheck } from './errors.js';
import { readPointerSafe, tryStatus, verifyContext, type PackOptions } from './installed.js';
import { KEYS_FILE } from './keys.js';
import { STATE_FILE } from './state.js';
import { verifyPack } from './verify.js';

/** A verdict and the facts behind it: a ListedPack without the file's own facts. */
export type PackOutcome = Omit<ListedPack, keyof FoundPack | 'sha256' | 'checkedAt'>;

const DAMAGED: ReadonlySet<PackCheck> = new Set<PackCheck>([
  'pack-unreadable',
  'not-a-pack',
  'zip-malformed',
  'zip-inflate',
  'manifest-missing',
  'signature-malformed',
  'signature-invalid',
  'file-missing',
  'file-extra',
  'file-truncated',
  'file-oversized',
  'file-hash',
]);
const UNTRUSTED: ReadonlySet<PackCheck> = new Set<PackCheck>(['signature-missing', 'no-trusted-keys', 'unknown-key', 'threshold', 'key-rotation']);
const OLDER: ReadonlySet<PackCheck> = new Set<PackCheck>(['version-older', 'version-replayed', 'version-reused']);

/** The verdict a refusal stands for. */
export function verdictOf(check: PackCheck): PackVerdict {
  if (DAMAGED.has(check)) return 'damaged';
  if (UNTRUSTED.has(check)) return 'untrusted';
  if (OLDER.has(check)) return 'older-or-equal';
  if (check === 'site') return 'wrong-site';
  if (check === 'expired') return 'expired';
  return 'refused';
}

const EMPTY = { packId: null, version: null, created: null, expires: null, site: null, minAppVersion: null, signers: [] };

/**
 * Verify one pack against the data folder as staff would install it, changing nothing, and say
 * what it would do. Never throws for a bad pack: the refusal is the verdict.
 */
export async function packOutcome(store: ContentStore, file: string, dataDir: string, opts: PackOptions = {}): Promise<PackOutcome> {
  const folder = new DataFolder(dataDir);
  try {
    const v = await verifyPack(file, verifyContext(store, folder, { ...opts, allowAccepted: true }));
    const m = v.manifest;
    return {
      verdict: v.alreadyInstalled ? 'older-or-equal' : 'installable',
      check: null,
      params: {},
      reason: v.alreadyInstalled ? `Version ${m.version} is installed already; installing it would change nothing.` : null,
      packId: m.packId,
      version: m.version,
      created: m.created,
      expires: m.expires ?? null,
      site: m.site ?? null,
      minAppVersion: m.minAppVersion,
      signers: v.signers,
      alreadyInstalled: v.alreadyInstalled,
      acceptedBefore: v.acceptedBefore,
    };
  } catch (e) {
    if (!(e instanceof PackError)) {
      return { verdict: 'refused', check: null, params: {}, reason: (e as Error).message, ...EMPTY, alreadyInstalled: false, acceptedBefore: false };
    }
    const p = e.pack;
    return {
      verdict: verdictOf(e.check),
      check: e.check,
      params: e.params,
      reason: e.message,
      packId: p?.packId ?? null,
      version: p?.version ?? null,
      created: p?.created ?? null,
      expires: p?.expires ?? null,
      site: p?.site ?? null,
      minAppVersion: p?.minAppVersion ?? null,
      signers: p?.trustedSigners ?? [],
      alreadyInstalled: false,
      acceptedBefore: false,
    };
  }
}

/** Bytes hashed between turns of the event loop. */
const HASH_CHUNK = 1024 * 1024;

/** The SHA-256 of a whole file, read in chunks with a turn of the event loop between them. */
export async function fileSha256(file: string): Promise<string> {
  const fh = await openFile(file, 'r');
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(HASH_CHUNK);
    for (let pos = 0; ;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      pos += bytesRead;
      await turn();
    }
    return hash.digest('hex');
  } finally {
    await fh.close();
  }
}

/** What a verdict depends on besides the pack: the live content, the accepted record, the trusted keys, the site. */
export async function kioskStamp(dataDir: string): Promise<string> {
  const parts: string[] = [];
  for (const f of ['current.json', STATE_FILE, KEYS_FILE, 'kiosk.json']) {
    try {
      const s = await stat(join(dataDir, f));
      parts.push(`${s.size}:${s.mtimeMs}:${s.ino}`);
    } catch {
      parts.push('-');
    }
  }
  return parts.join('|');
}

interface Cached {
  key: string;
  stamp: string;
  sha256: string;
  outcome: PackOutcome;
  checkedAt: string;
}

export interface PackCatalogOptions {
  dataDir: string;
  /** Verify one pack (packOutcome over the kiosk's store). */
  check(file: string): Promise<PackOutcome>;
  /** The kiosk's record, to know when verdicts must be reached again (kioskStamp). */
  stamp?(): Promise<string>;
  /** The live content, for the listing's heading. */
  installed(): { version: number; packId: string } | null;
  /** Called when a verdict is reached (tests, a screen that wants a push). */
  onChecked?(file: string): void;
}

/** The most packs remembered: more than the sources offer at once (they cap their lists). */
const MAX_CACHED = 400;

export class PackCatalog {
  private readonly byFile = new Map<string, Cached>();
  private readonly byHash = new Map<string, Cached>();
  private readonly queue = new Map<string, FoundPack>();
  private running: Promise<void> | undefined;
  private stampNow = '';

  constructor(private readonly opts: PackCatalogOptions) {}

  /** The live content (the listing's heading). */
  installedNow(): { version: number; packId: string } | null {
    return this.opts.installed();
  }

  private static key(p: FoundPack): string {
    return `${p.size}:${p.modified}`;
  }

  /** The packs found, each with its verdict or 'checking'; starts checking the new ones. Answers at once. */
  async list(found: readonly FoundPack[]): Promise<PackListing> {
    this.stampNow = await (this.opts.stamp ?? (() => kioskStamp(this.opts.dataDir)))();
    const packs: ListedPack[] = [];
    for (const p of found) {
      const c = this.byFile.get(p.file);
      if (c && c.key === PackCatalog.key(p) && c.stamp === this.stampNow) {
        packs.push({ ...p, ...c.outcome, sha256: c.sha256, checkedAt: c.checkedAt });
        continue;
      }
      this.queue.set(p.file, p);
      packs.push({
        ...p,
        verdict: 'checking',
        check: null,
        params: {},
        reason: null,
        ...EMPTY,
        alreadyInstalled: false,
        acceptedBefore: false,
        sha256: null,
        checkedAt: null,
      });
    }
    this.running ??= this.drain().finally(() => (this.running = undefined));
    return { packs, checking: packs.filter((p) => p.verdict === 'checking').length, installed: this.opts.installed() };
  }

  /** Resolves when the queue is empty (tests, `kiosk packs`). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    await turn();
    for (;;) {
      const next = this.queue.values().next();
      if (next.done) return;
      const p = next.value;
      this.queue.delete(p.file);
      try {
        await this.checkOne(p);
      } catch {
        /* the file vanished between listing and reading: the next list finds it gone, or tries again */
      }
      await turn(); // between packs, the kiosk answers whatever is waiting
    }
  }

  private async checkOne(p: FoundPack): Promise<void> {
    const stamp = this.stampNow;
    const sha256 = await fileSha256(p.file);
    const same = this.byHash.get(`${sha256}\0${stamp}`);
    const outcome = same ? same.outcome : await this.opts.check(p.file);
    const entry: Cached = { key: PackCatalog.key(p), stamp, sha256, outcome, checkedAt: new Date().toISOString() };
    this.byFile.delete(p.file);
    this.byFile.set(p.file, entry);
    this.byHash.set(`${sha256}\0${stamp}`, entry);
    for (const m of [this.byFile, this.byHash]) while (m.size > MAX_CACHED) m.delete(m.keys().next().value!);
    this.opts.onChecked?.(p.file);
  }
}

/** A catalog over a data folder and a content store. */
export function packCatalog(store: ContentStore, dataDir: string, opts: PackOptions = {}): PackCatalog {
  const folder = new DataFolder(dataDir);
  return new PackCatalog({
    dataDir,
    check: (file) => packOutcome(store, file, dataDir, opts),
    installed: () => {
      try {
        const pointer = readPointerSafe(folder);
        const s = pointer ? tryStatus(store, folder, pointer.active).status : undefined;
        return s ? { version: s.version, packId: s.packId } : null;
      } catch {
        return null;
      }
    },
  });
}
