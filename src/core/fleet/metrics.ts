/**
 * Health for the hospital's monitoring: one set of facts about a kiosk, shown as Prometheus text
 * at /metrics (./registry.ts, loaded on the first scrape) and as JSON by `kiosk status --json`.
 *
 * The running kiosk counts what happens to it (ActivityRecorder: API errors by code, renderer
 * restarts, visitor searches, searches that found nothing, department pages opened; never a
 * query itself) and writes the counts to the data folder every minute, so `kiosk status` in
 * another process carries them too. The rest is read when asked: the content live, the fleet
 * update record (state.ts), the data folder's free space, the time since the last touch.
 *
 * A search is counted once per visitor intent: the debounced calls a visitor makes while typing
 * one query (each extending or shortening the one before, within a few seconds) count as one
 * search, judged by its last answer; the welcome screen's suggestion probes (limit 1) are not
 * visitors' searches.
 */
import { mkdirSync, readFileSync, statfsSync } from 'node:fs';
import { writeFileAtomic } from '../datafolder.js';
import { fleetPaths, readFleetState, type FleetState } from './state.js';

/** Calls of one search within this long of the one before, each extending or shortening it, are one search. */
export const SEARCH_COALESCE_MS = 15_000;
export const ACTIVITY_EVERY_MS = 60_000;

export interface Activity {
  startedAt: string;
  writtenAt: string;
  /** The last touch (API call that was not a passive poll), ISO time. */
  lastTouch: string;
  rendererRestarts: number;
  apiErrors: Record<string, number>;
  searches: number;
  searchesNoResult: number;
  departmentViews: number;
}

interface ApiOutcome {
  ok: boolean;
  value?: unknown;
  error?: { code: string };
}

/** What a search answered with: its hits, its places, and the emergency answer (which counts as found). */
function hitCount(v: unknown): number {
  const r = v as { groups?: Record<string, unknown[]>; places?: unknown[]; emergency?: unknown } | undefined;
  const g = r?.groups;
  if (!g) return 0;
  const places = Array.isArray(r.places) ? r.places.length : 0;
  return Object.values(g).reduce((n, list) => n + (Array.isArray(list) ? list.length : 0), places + (r.emergency ? 1 : 0));
}

export class ActivityRecorder {
  private readonly startedAt: number;
  private rendererRestarts = 0;
  private readonly apiErrors: Record<string, number> = {};
  private searches = 0;
  private searchesNoResult = 0;
  private departmentViews = 0;
  /** The search being typed: its last query, when, and whether its last answer found nothing. */
  private open: { q: string; at: number; empty: boolean } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly lastTouch: () => number,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.startedAt = this.now();
  }

  /** Called by the transports after every API call. */
  observeApi(method: string, args: unknown, out: ApiOutcome): void {
    if (!out.ok) {
      const code = out.error?.code ?? 'internal';
      this.apiErrors[code] = (this.apiErrors[code] ?? 0) + 1;
      return;
    }
    if (method === 'getDepartment') this.departmentViews++;
    if (method === 'search') {
      const a = args as { q?: unknown; limit?: unknown } | undefined;
      if (a?.limit === 1 || typeof a?.q !== 'string') return; // suggestion probes
      this.searchTyped(a.q.trim().toLowerCase(), hitCount(out.value) === 0);
    }
  }

  private searchTyped(q: string, empty: boolean): void {
    const t = this.now();
    const o = this.open;
    if (o && t - o.at < SEARCH_COALESCE_MS && (q.startsWith(o.q) || o.q.startsWith(q))) {
      this.open = { q, at: t, empty };
      return;
    }
    this.closeSearch();
    this.open = { q, at: t, empty };
  }

  private closeSearch(): void {
    if (!this.open) return;
    this.searches++;
    if (this.open.empty) this.searchesNoResult++;
    this.open = undefined;
  }

  rendererRestarted(): void {
    this.rendererRestarts++;
  }

  snapshot(): Activity {
    if (this.open && this.now() - this.open.at >= SEARCH_COALESCE_MS) this.closeSearch();
    return {
      startedAt: new Date(this.startedAt).toISOString(),
      writtenAt: new Date(this.now()).toISOString(),
      lastTouch: new Date(this.lastTouch()).toISOString(),
      rendererRestarts: this.rendererRestarts,
      apiErrors: { ...this.apiErrors },
      searches: this.searches,
      searchesNoResult: this.searchesNoResult,
      departmentViews: this.departmentViews,
    };
  }

  /** Write the counts for `kiosk status`; never throws (a read-only data folder keeps them in memory). */
  flush(): void {
    try {
      const p = fleetPaths(this.dataDir);
      mkdirSync(p.dir, { recursive: true });
      writeFileAtomic(p.activity, `${JSON.stringify(this.snapshot(), null, 2)}\n`);
    } catch {
      /* kept in memory */
    }
  }

  start(): void {
    if (this.timer) return;
    this.flush();
    this.timer = setInterval(() => this.flush(), ACTIVITY_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }
}

export function readActivity(dataDir: string): Activity | null {
  try {
    const a = JSON.parse(readFileSync(fleetPaths(dataDir).activity, 'utf8')) as Activity;
    return typeof a.startedAt === 'string' ? a : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------

export interface HealthInput {
  dataDir: string;
  kioskId: string;
  site: string;
  ring: string;
  appVersion: string;
  updateUrl: string | null;
  content: { packId: string; version: number; createdAt: string; builtIn: boolean } | null;
  /** The running kiosk's counts, or those it last wrote (status in another process). */
  activity: Activity | null;
  /** True when the activity comes from this very process (the kiosk is running it). */
  live: boolean;
  now?: Date;
}

export interface HealthFacts {
  kioskId: string;
  site: string;
  ring: string;
  appVersion: string;
  content: { packId: string; version: number; created: string; builtIn: boolean } | null;
  updates: {
    url: string | null;
    lastCheck: string | null;
    lastSuccess: string | null;
    lastInstall: string | null;
    lastInstalled: FleetState['lastInstalled'];
    failures: Record<string, number>;
    consecutiveFailures: number;
    lastError: FleetState['lastError'];
    /** Expired metadata, a clock far off: shown until a check succeeds. */
    warning: string | null;
    offered: FleetState['offered'];
  };
  startedAt: string | null;
  uptimeSeconds: number | null;
  rendererRestarts: number;
  apiErrors: Record<string, number>;
  dataFolderFreeBytes: number | null;
  secondsSinceLastTouch: number | null;
  visitors: { searches: number; searchesNoResult: number; departmentViews: number };
  /** When the counts were taken: now for a running kiosk, else when it last wrote them. */
  countsAt: string | null;
}

export function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

export function healthFacts(i: HealthInput): HealthFacts {
  const now = (i.now ?? new Date()).getTime();
  const s = readFleetState(i.dataDir);
  const a = i.activity;
  const at = a ? (i.live ? now : Date.parse(a.writtenAt)) : null;
  return {
    kioskId: i.kioskId,
    site: i.site,
    ring: i.ring,
    appVersion: i.appVersion,
    content: i.content ? { packId: i.content.packId, version: i.content.version, created: i.content.createdAt, builtIn: i.content.builtIn } : null,
    updates: {
      url: i.updateUrl,
      lastCheck: s.lastCheck,
      lastSuccess: s.lastSuccess,
      lastInstall: s.lastInstall,
      lastInstalled: s.lastInstalled,
      failures: s.failures,
      consecutiveFailures: s.consecutiveFailures,
      lastError: s.lastError,
      warning: s.warning,
      offered: s.offered,
    },
    startedAt: a?.startedAt ?? null,
    uptimeSeconds: a && at !== null ? Math.max(0, (at - Date.parse(a.startedAt)) / 1000) : null,
    rendererRestarts: a?.rendererRestarts ?? 0,
    apiErrors: a?.apiErrors ?? {},
    dataFolderFreeBytes: freeBytes(i.dataDir),
    secondsSinceLastTouch: a && at !== null ? Math.max(0, (at - Date.parse(a.lastTouch)) / 1000) : null,
    visitors: { searches: a?.searches ?? 0, searchesNoResult: a?.searchesNoResult ?? 0, departmentViews: a?.departmentViews ?? 0 },
    countsAt: at !== null ? new Date(at).toISOString() : null,
  };
}
