/**
 * A kiosk pulling packs from a fleet repository (the `updateUrl` setting) with tuf-js.
 *
 * Every `updateEverySeconds` (backing off while checks fail) a check runs: tuf-js walks the
 * root chain from the pinned root, fetches timestamp.json (a conditional request), and only
 * what changed after it, verifying every signature, version, length, hash and expiry. The
 * newest pack the signed targets offer this kiosk (its site, its ring, its rollout bucket:
 * rollout.ts) that is newer than its content is downloaded to the data folder and checked
 * against the target's length and hash, and its own manifest is checked against what the
 * targets say it is. It is then installed by the one install path every pack takes (the pack's
 * own signatures and rules, all-or-nothing), at the same idle moment as `autoInstall`.
 *
 * Nothing a network or a repository does can blank the screen: every failure leaves the
 * content as it is, is counted by reason, backs the checks off, and goes to the audit log (once
 * per kind of failure in a row, and once when updates work again). Expired metadata, a stale
 * repository or a freeze attack, is kept as a warning for the IT screen and /metrics.
 *
 * The install itself is given (`install`), so this module needs nothing of the store.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Metadata, MetadataKind, type Root, type Targets } from '@tufjs/models';
import { Updater } from 'tuf-js';
import { writeFileAtomic } from '../fs-safe.js';
import { appendAudit, type AuditEntry } from '../audit/log.js';
import { PackError } from '../packs/errors.js';
import { FetchFailure, KioskFetcher, type FetchLimits } from './fetcher.js';
import { readPackClaims } from './pack-manifest.js';
import { chooseTarget, targetCustom, type Candidate, type KioskIdentity } from './rollout.js';
import { fleetPaths, readFleetState, writeFleetState, type FailureReason, type FleetState } from './state.js';

export interface FleetSettings {
  updateUrl: string | null;
  updateEverySeconds: number;
  ring: string;
  site: string;
}

export interface InstallOutcome {
  status: 'installed' | 'already-installed';
  version: number;
  packId: string;
}

export interface FleetUpdaterOptions {
  dataDir: string;
  settings: FleetSettings;
  kioskId: string;
  /** True when nobody is using the kiosk; installs happen only then. */
  isIdle: () => boolean;
  /** The version of the content now live. */
  installedVersion: () => number;
  /** The one install path (verify the pack, build, switch); rejects with a PackError when refused. */
  install: (file: string) => Promise<InstallOutcome>;
  /** The root that ships with the app (resources/fleet/root.json), used until one is pinned. */
  shippedRoot?: string;
  log?: (line: string) => void;
  fetchLimits?: Partial<FetchLimits>;
  /** How often an idle moment is looked for while a downloaded pack waits (ms). */
  idlePollMs?: number;
  now?: () => Date;
}

export type CheckResult =
  | { outcome: 'up-to-date'; sentence: string }
  | { outcome: 'downloaded'; sentence: string; target: string; version: number }
  | { outcome: 'installed'; sentence: string; target: string; version: number }
  | { outcome: 'waiting'; sentence: string; target: string; version: number }
  | { outcome: 'failed'; reason: FailureReason; sentence: string };

interface Waiting {
  target: string;
  file: string;
  sha256: string;
  packId: string;
  version: number;
}

/** The base URL of a repository from the updateUrl setting: http(s) as it is, a folder as file:. */
export function repositoryBase(updateUrl: string): string {
  if (/^https?:\/\//i.test(updateUrl) || /^file:\/\//i.test(updateUrl)) return updateUrl.endsWith('/') ? updateUrl : `${updateUrl}/`;
  if (!isAbsolute(updateUrl)) throw new Error(`updateUrl ${updateUrl} must be an http or https address or the full path of a folder.`);
  return pathToFileURL(updateUrl.endsWith('/') ? updateUrl : `${updateUrl}/`).href;
}

function displayUrl(updateUrl: string): string {
  return updateUrl.replace(/\/\/[^/@]*@/, '//');
}

function days(ms: number): string {
  const d = Math.abs(ms) / 86_400_000;
  if (d >= 1) return `${Math.round(d)} day${Math.round(d) === 1 ? '' : 's'}`;
  const h = Math.abs(ms) / 3_600_000;
  if (h >= 1) return `${Math.round(h)} hour${Math.round(h) === 1 ? '' : 's'}`;
  return `${Math.round(Math.abs(ms) / 60_000)} minutes`;
}

/** Classify an error from tuf-js (which wraps some in its own) into a reason and a sentence. */
export function classify(e: unknown, fetcher: KioskFetcher | undefined): { reason: FailureReason; sentence: string } {
  const msg = (e as Error)?.message ?? String(e);
  const last = fetcher?.lastFailure;
  if (e instanceof FetchFailure) return { reason: e.reason, sentence: e.message };
  if (last && msg.includes(last.message)) return { reason: last.reason, sentence: last.message };
  if (last && /Unable to load (snapshot|targets)/.test(msg) && /FetchFailure/.test(msg)) return { reason: last.reason, sentence: last.message };
  const name = (e as { constructor?: { name?: string } })?.constructor?.name ?? '';
  if (name === 'DownloadHTTPError' || /answered HTTP \d+/.test(msg)) {
    return {
      reason: 'http',
      sentence: `The update server refused a request (${msg.replace(/^.*?(\S+ answered HTTP \d+).*$/s, '$1')}); the repository may be incomplete or moved.`,
    };
  }
  if (/expired/i.test(msg)) {
    return {
      reason: 'expired',
      sentence: `The update repository's ${/root/.test(msg) ? 'root' : /snapshot/.test(msg) ? 'snapshot' : /targets/.test(msg) ? 'targets' : 'timestamp'} metadata has expired (a stale repository, or a freeze attack holding back updates); nothing was taken from it.`,
    };
  }
  if (/signed by \d+\/\d+ keys|failed to verify|no signature for key|UnsignedMetadata/i.test(msg)) {
    return {
      reason: 'signature',
      sentence: `The update repository's metadata is not signed by the keys this kiosk trusts (${msg.replace(/^.*?Error: /s, '').slice(0, 120)}); nothing was taken from it.`,
    };
  }
  if (/less than current version|Expected version \d+, got/i.test(msg)) {
    return {
      reason: 'rollback',
      sentence: `The update repository offered metadata older than what this kiosk has already seen (${msg.replace(/^.*?Error: /s, '').slice(0, 120)}), a rollback; nothing was taken from it.`,
    };
  }
  if (/does not match|doesn't match|Expected hash|Expected length|LengthOrHash|Length mismatch|Max length/i.test(msg)) {
    return {
      reason: 'mismatch',
      sentence: `A file from the update repository does not match its signed description (${msg.replace(/^.*?Error: /s, '').slice(0, 120)}); nothing was taken from it.`,
    };
  }
  if (/JSON|Unexpected token|is not valid|expected '|must be|is not defined|malformed/i.test(msg)) {
    return { reason: 'not-tuf', sentence: `The update server sent something that is not valid update metadata (${msg.slice(0, 120)}).` };
  }
  return { reason: 'error', sentence: `The update check failed: ${msg.slice(0, 200)}` };
}

function rootKeysOf(file: string): string | undefined {
  try {
    const root = Metadata.fromJSON(MetadataKind.Root, JSON.parse(readFileSync(file, 'utf8'))) as Metadata<Root>;
    const r = root.signed.roles;
    return JSON.stringify([root.signed.version, r.timestamp?.keyIDs, r.snapshot?.keyIDs, r.targets?.keyIDs]);
  } catch {
    return undefined;
  }
}

export class FleetUpdater {
  private readonly paths;
  private readonly log: (line: string) => void;
  private readonly now: () => Date;
  private checkTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private running: Promise<CheckResult> | undefined;
  private waiting: Waiting | undefined;
  private stopped = true;
  /** The fetcher of the last check (tests read its counts). */
  lastFetcher: KioskFetcher | undefined;

  constructor(private readonly opts: FleetUpdaterOptions) {
    this.paths = fleetPaths(opts.dataDir);
    this.log = opts.log ?? (() => {});
    this.now = opts.now ?? (() => new Date());
  }

  get identity(): KioskIdentity {
    return { kioskId: this.opts.kioskId, site: this.opts.settings.site, ring: this.opts.settings.ring };
  }

  state(): FleetState {
    return readFleetState(this.opts.dataDir);
  }

  /** Check now, then every updateEverySeconds (longer after failures). Timers never keep the process alive. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
    this.idleTimer = setInterval(() => void this.installWhenIdle().catch(() => {}), this.opts.idlePollMs ?? 30_000);
    this.idleTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.checkTimer);
    clearInterval(this.idleTimer);
    await this.running?.catch(() => {});
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => {
      void this.check().finally(() => this.schedule(this.nextDelayMs()));
    }, ms);
    this.checkTimer.unref();
  }

  /** The wait before the next check: the setting, doubled per failure in a row up to an hour (or the setting, when longer). */
  nextDelayMs(): number {
    const base = this.opts.settings.updateEverySeconds * 1000;
    const n = this.state().consecutiveFailures;
    const cap = Math.max(base, 3_600_000);
    const delay = Math.min(base * 2 ** Math.min(n, 10), cap);
    return Math.round(delay * (0.9 + Math.random() * 0.2));
  }

  /** One check; a second call while one runs gets the same result. */
  check(): Promise<CheckResult> {
    if (this.running) return this.running;
    const run = this.checkOnce().finally(() => (this.running = undefined));
    this.running = run;
    return run;
  }

  /** Make sure a trusted root is in place: the pinned one, else the one shipped with the app. */
  private ensureRoot(): boolean {
    const pinned = join(this.paths.tuf, 'root.json');
    if (existsSync(pinned)) return true;
    if (this.opts.shippedRoot && existsSync(this.opts.shippedRoot)) {
      mkdirSync(this.paths.tuf, { recursive: true });
      writeFileAtomic(pinned, readFileSync(this.opts.shippedRoot)); // whole, and never through a link
      return true;
    }
    return false;
  }

  private async checkOnce(): Promise<CheckResult> {
    const url = this.opts.settings.updateUrl;
    if (!url) return this.fail('error', 'No updateUrl is set; fleet updates are off.', false);
    if (!this.ensureRoot()) {
      return this.fail(
        'no-root',
        `No fleet repository root is trusted on this kiosk, so nothing is taken from ${displayUrl(url)}; pin the repository's root with "kiosk trust-repo ROOT.json".`,
      );
    }
    let base: string;
    try {
      base = repositoryBase(url);
    } catch (e) {
      return this.fail('error', (e as Error).message);
    }
    let fetcher = this.newFetcher();
    const before = rootKeysOf(join(this.paths.tuf, 'root.json'));
    let updater = this.newUpdater(base, fetcher);
    try {
      await updater.refresh();
    } catch (e) {
      // TUF 5.3.11: once the root rotates the timestamp or snapshot keys, what those keys signed
      // is forgotten, so a fast-forward by a compromised online key is undone by the rotation.
      const after = rootKeysOf(join(this.paths.tuf, 'root.json'));
      if (after === before) return this.failWith(e, fetcher);
      this.forgetVolatile();
      fetcher = this.newFetcher();
      updater = this.newUpdater(base, fetcher);
      try {
        await updater.refresh();
      } catch (e2) {
        return this.failWith(e2, fetcher);
      }
    }
    if (rootKeysOf(join(this.paths.tuf, 'root.json')) !== before) {
      appendAudit(this.opts.dataDir, {
        action: 'trust',
        result: 'accepted',
        code: 'trust.fleet-root-rotated',
        reason: `The fleet repository's root was updated to a new version signed by its current root keys; the repository's keys are now those it names.`,
      });
    }
    return this.afterRefresh(updater, fetcher, url);
  }

  private async afterRefresh(updater: Updater, fetcher: KioskFetcher, url: string): Promise<CheckResult> {
    let candidates: Candidate[];
    const hashOf = new Map<string, string>();
    try {
      const targets = Metadata.fromJSON(MetadataKind.Targets, JSON.parse(readFileSync(join(this.paths.tuf, 'targets.json'), 'utf8'))) as Metadata<Targets>;
      candidates = Object.entries(targets.signed.targets).flatMap(([path, t]) => {
        const custom = targetCustom(t.custom);
        hashOf.set(path, t.hashes.sha256 ?? '');
        return custom ? [{ path, custom }] : [];
      });
    } catch (e) {
      return this.fail('error', `The verified targets could not be read back from the data folder (${(e as Error).message}).`);
    }
    const state = this.state();
    const refused = new Set(state.refused.map((r) => r.sha256));
    const installed = this.opts.installedVersion();
    // A pack refused once (by its hash) is not tried again; an older one still newer than the content may be.
    const choice = chooseTarget(candidates, this.identity, installed, (c) => refused.has(hashOf.get(c.path) ?? ''));
    const skewWarning = this.skewWarning(fetcher);
    if (!choice)
      return this.succeed(`Up to date: the repository at ${displayUrl(url)} offers this kiosk nothing newer than version ${installed}.`, skewWarning, null);
    const info = await updater.getTargetInfo(choice.path);
    if (!info) return this.fail('error', `The repository lists ${choice.path} but tuf-js found no target for it.`);
    const sha256 = info.hashes.sha256 ?? '';
    mkdirSync(this.paths.downloads, { recursive: true });
    const file = join(this.paths.downloads, `${sha256.slice(0, 16)}-${choice.custom.packId}-v${choice.custom.version}.kpack`);
    try {
      const cached = await updater.findCachedTarget(info, file);
      if (!cached) await updater.downloadTarget(info, file);
    } catch (e) {
      rmSync(file, { force: true });
      return this.failWith(e, fetcher);
    }
    // The pack must be the one the signed targets describe: its own manifest says so too.
    let claims;
    try {
      claims = await readPackClaims(file);
    } catch (e) {
      return this.refuse(choice, sha256, file, e instanceof PackError ? e.message : (e as Error).message);
    }
    const c = choice.custom;
    if (claims.packId !== c.packId || claims.version !== c.version || claims.site !== c.site) {
      return this.refuse(
        choice,
        sha256,
        file,
        `The repository lists ${choice.path} as pack ${c.packId} version ${c.version} for ${c.site ? `site ${c.site}` : 'every site'}, but the pack itself is ${claims.packId} version ${claims.version} for ${claims.site ? `site ${claims.site}` : 'every site'}; it was not installed.`,
      );
    }
    this.cleanDownloads(file);
    this.waiting = { target: choice.path, file, sha256, packId: c.packId, version: c.version };
    this.succeedQuiet(skewWarning, choice);
    const done = await this.installWhenIdle();
    if (done) return done;
    return {
      outcome: 'waiting',
      sentence: `Downloaded ${c.packId} version ${c.version}; it is installed when nobody is using the kiosk.`,
      target: choice.path,
      version: c.version,
    };
  }

  /**
   * Install the downloaded pack if the kiosk is idle; undefined when there is none or the
   * kiosk is in use. Called by the check and every idlePollMs.
   */
  async installWhenIdle(): Promise<CheckResult | undefined> {
    const w = this.waiting;
    if (!w || !this.opts.isIdle()) return undefined;
    this.waiting = undefined;
    if (this.opts.installedVersion() >= w.version) return undefined;
    try {
      const r = await this.opts.install(w.file);
      const s = this.state();
      s.lastInstall = this.now().toISOString();
      s.lastInstalled = { packId: r.packId, version: r.version };
      writeFleetState(this.opts.dataDir, s);
      rmSync(w.file, { force: true });
      const sentence = `Installed ${r.packId} version ${r.version} from the fleet repository (${w.target}).`;
      this.log(`Fleet update: ${sentence}`);
      return { outcome: 'installed', sentence, target: w.target, version: r.version };
    } catch (e) {
      if (e instanceof PackError) {
        return this.refuse(
          { path: w.target, custom: { packId: w.packId, version: w.version, site: null, rollout: {} } },
          w.sha256,
          w.file,
          `Refused by the ${e.check} check: ${e.message}`,
          'pack-refused',
          false,
        );
      }
      return this.fail(
        'install-failed',
        `Installing ${w.packId} version ${w.version} from the fleet repository failed, and the earlier content stays live: ${(e as Error).message}`,
      );
    }
  }

  // -------------------------------------------------------------------------------------------

  private newFetcher(): KioskFetcher {
    const f = new KioskFetcher({ cacheDir: this.paths.http, ...(this.opts.fetchLimits ? { limits: this.opts.fetchLimits } : {}) });
    this.lastFetcher = f;
    return f;
  }

  private newUpdater(base: string, fetcher: KioskFetcher): Updater {
    mkdirSync(this.paths.tuf, { recursive: true });
    return new Updater({
      metadataDir: this.paths.tuf,
      metadataBaseUrl: `${base}metadata/`,
      targetBaseUrl: `${base}targets/`,
      targetDir: this.paths.downloads,
      fetcher,
      config: { fetchRetries: 0, fetchRetry: 0 },
    });
  }

  /** Forget timestamp and snapshot (and the conditional-request copy): after a key rotation, or a new pinned root. */
  private forgetVolatile(): void {
    for (const f of ['timestamp.json', 'snapshot.json']) rmSync(join(this.paths.tuf, f), { force: true });
    rmSync(this.paths.http, { recursive: true, force: true });
  }

  private cleanDownloads(keep: string): void {
    try {
      for (const n of readdirSync(this.paths.downloads)) if (join(this.paths.downloads, n) !== keep) rmSync(join(this.paths.downloads, n), { force: true });
    } catch {
      /* nothing to clean */
    }
  }

  private skewWarning(fetcher: KioskFetcher): string | null {
    const skew = fetcher.clockSkewMs;
    if (skew === undefined || Math.abs(skew) < 5 * 60_000) return null;
    return `This kiosk's clock is ${days(skew)} ${skew < 0 ? 'ahead of' : 'behind'} the update server's; expiry checks depend on it, so correct the clock.`;
  }

  private audit(entry: Omit<AuditEntry, 'time'>): void {
    appendAudit(this.opts.dataDir, entry);
  }

  private succeedQuiet(warning: string | null, offered: Candidate | null): void {
    const s = this.state();
    const wasFailing = s.consecutiveFailures > 0 ? s.lastError : null;
    const at = this.now().toISOString();
    s.lastCheck = at;
    s.lastSuccess = at;
    s.consecutiveFailures = 0;
    s.warning = warning;
    s.offered = offered ? { target: offered.path, packId: offered.custom.packId, version: offered.custom.version } : null;
    writeFleetState(this.opts.dataDir, s);
    if (wasFailing) {
      this.audit({
        action: 'update',
        result: 'accepted',
        reason: `Updates from ${displayUrl(this.opts.settings.updateUrl ?? '')} work again (the last failure: ${wasFailing.sentence})`,
      });
    }
  }

  private succeed(sentence: string, warning: string | null, offered: Candidate | null): CheckResult {
    this.succeedQuiet(warning, offered);
    this.log(`Fleet update: ${sentence}`);
    return { outcome: 'up-to-date', sentence };
  }

  private failWith(e: unknown, fetcher: KioskFetcher): CheckResult {
    const { reason, sentence } = classify(e, fetcher);
    const skew = this.skewWarning(fetcher);
    if (reason === 'expired') {
      const s = this.state();
      s.warning = `${sentence} The kiosk keeps showing its content.${skew ? ` ${skew}` : ''}`;
      writeFleetState(this.opts.dataDir, s);
      return this.fail(reason, `${sentence}${skew ? ` ${skew}` : ''}`);
    }
    return this.fail(reason, sentence);
  }

  /** A failed check: counted by reason, in the audit log once per kind of failure in a row. A warning stays until a check succeeds. */
  private fail(reason: FailureReason, sentence: string, count = true): CheckResult {
    const s = this.state();
    const at = this.now().toISOString();
    s.lastCheck = at;
    if (count) {
      s.failures[reason] = (s.failures[reason] ?? 0) + 1;
      const repeated = s.consecutiveFailures > 0 && s.lastError?.reason === reason;
      s.consecutiveFailures++;
      s.lastError = { reason, sentence, at };
      writeFleetState(this.opts.dataDir, s);
      if (!repeated) this.audit({ action: 'update', result: 'failed', check: reason, reason: `${sentence} The content on screen was not changed.` });
    }
    this.log(`Fleet update: ${sentence}`);
    return { outcome: 'failed', reason, sentence };
  }

  private refuse(choice: Candidate, sha256: string, file: string, sentence: string, reason: FailureReason = 'mismatch', auditIt = true): CheckResult {
    rmSync(file, { force: true });
    const s = this.state();
    s.refused = [...s.refused.filter((r) => r.sha256 !== sha256), { target: choice.path, sha256, sentence }].slice(-64);
    const at = this.now().toISOString();
    s.lastCheck = at;
    s.failures[reason] = (s.failures[reason] ?? 0) + 1;
    s.consecutiveFailures++;
    s.lastError = { reason, sentence, at };
    writeFleetState(this.opts.dataDir, s);
    // A pack refused by its own checks is in the audit log already (the install entry).
    if (auditIt)
      this.audit({
        action: 'update',
        result: 'refused',
        check: reason,
        packId: choice.custom.packId,
        version: choice.custom.version,
        reason: `${sentence} The content on screen was not changed.`,
      });
    this.log(`Fleet update: ${sentence}`);
    return { outcome: 'failed', reason, sentence };
  }
}
