/**
 * The kiosk's own health for the IT screen: free space in the data folder, uptime, how old the
 * content is, the last install nobody started by hand (autoInstall from the pack folders, or the
 * fleet updater) and how it ended, whether a printer is there (CUPS `lpstat -p`), and the
 * screen recoveries counted in the audit log. Every part answers on its own: one that cannot be
 * read says so (null, 'unknown'), and nothing here throws.
 */
import { execFile } from 'node:child_process';
import type { AuditEntry, ContentStatus, KioskHealth } from '../shared/results.js';
import { readAuditLog } from './audit/log.js';
import { freeBytes } from './fleet/metrics.js';
import { readFleetState } from './fleet/state.js';

/** Audit entries read for the last automatic install and the recoveries: the newest this many. */
export const HEALTH_AUDIT_ENTRIES = 2000;
/** How long `lpstat` may take before the printer counts as unknown. */
const LPSTAT_TIMEOUT_MS = 3000;

export type PrinterState = KioskHealth['printer'];

/** Runs a command and gives its exit code and output; an error (ENOENT: not installed) as `error`. */
export type CommandRunner = (cmd: string, args: string[]) => Promise<{ code: number; stdout: string; stderr: string; error?: string }>;

export const runCommand: CommandRunner = (cmd, args) =>
  new Promise((resolve) => {
    execFile(cmd, args, { timeout: LPSTAT_TIMEOUT_MS, maxBuffer: 256 * 1024, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
      if (e && typeof e.code === 'string') resolve({ code: -1, stdout: '', stderr: '', error: e.code });
      else if (e?.killed) resolve({ code: -1, stdout: String(stdout), stderr: String(stderr), error: 'timeout' });
      else resolve({ code: e ? Number(e.code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });

/** The printers CUPS knows, from `lpstat -p`; 'unknown' (never an error) when CUPS is missing or does not answer. */
export async function printerState(run: CommandRunner = runCommand): Promise<PrinterState> {
  let r;
  try {
    r = await run('lpstat', ['-p']);
  } catch (e) {
    return { state: 'unknown', printers: [], detail: (e as Error).message };
  }
  if (r.error === 'ENOENT') return { state: 'unknown', printers: [], detail: 'CUPS (lpstat) is not installed on this kiosk.' };
  if (r.error === 'timeout') return { state: 'unknown', printers: [], detail: 'CUPS did not answer within 3 seconds.' };
  if (r.error) return { state: 'unknown', printers: [], detail: `lpstat could not be run (${r.error}).` };
  const printers: { name: string; enabled: boolean }[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^printer (\S+) (.*)$/.exec(line.trim());
    if (m) printers.push({ name: m[1]!.slice(0, 128), enabled: !/\bdisabled\b/.test(m[2]!) });
    if (printers.length >= 64) break;
  }
  if (printers.length) return { state: printers.some((p) => p.enabled) ? 'ready' : 'none', printers, detail: null };
  const said = `${r.stdout}\n${r.stderr}`;
  if (/no destinations/i.test(said)) return { state: 'none', printers: [], detail: 'CUPS is running but knows no printer.' };
  if (r.code !== 0) return { state: 'unknown', printers: [], detail: `lpstat answered: ${said.trim().split('\n')[0]?.slice(0, 200) ?? ''}` };
  return { state: 'none', printers: [], detail: 'CUPS is running but knows no printer.' };
}

const AUTOMATIC = new Set(['auto-install', 'fleet-update']);

function outcomeOf(e: AuditEntry): 'installed' | 'no-change' | 'refused' | 'failed' {
  if (e.result === 'accepted') return 'installed';
  if (e.result === 'no-change') return 'no-change';
  if (e.result === 'refused') return 'refused';
  return 'failed';
}

/** The newest install nobody started by hand, from the audit log (newest last). */
export function lastAutomatic(entries: readonly AuditEntry[]): KioskHealth['lastAutomatic'] {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    const by = e.params?.by;
    const auto = e.action === 'install' && typeof by === 'string' && AUTOMATIC.has(by);
    const fleet = e.action === 'update' && e.result !== 'accepted'; // 'accepted' update entries say updates work again
    if (!auto && !fleet) continue;
    const { by: _by, ...params } = e.params ?? {};
    return {
      kind: fleet || by === 'fleet-update' ? 'fleet-update' : 'auto-install',
      at: e.time,
      outcome: outcomeOf(e),
      packId: e.packId ?? null,
      version: e.version ?? null,
      check: e.check ?? null,
      params,
      reason: e.result === 'accepted' ? null : (e.reason ?? null),
    };
  }
  return null;
}

export interface HealthInput {
  dataDir: string;
  /** When this kiosk process started (ms). */
  startedAt: number;
  content: ContentStatus;
  updateUrl: string | null;
  now?: Date;
  run?: CommandRunner;
}

/** The kiosk's health, each part read now. Never throws. */
export async function kioskHealth(i: HealthInput): Promise<KioskHealth> {
  const now = (i.now ?? new Date()).getTime();
  let entries: AuditEntry[] = [];
  try {
    entries = readAuditLog(i.dataDir, HEALTH_AUDIT_ENTRIES);
  } catch {
    entries = [];
  }
  const recoveries = entries.filter((e) => e.action === 'recover');
  const created = Date.parse(i.content.createdAt);
  let fleet: KioskHealth['fleet'] = { configured: i.updateUrl !== null, lastCheck: null, lastSuccess: null, consecutiveFailures: 0, warning: null };
  try {
    const s = readFleetState(i.dataDir);
    fleet = { ...fleet, lastCheck: s.lastCheck, lastSuccess: s.lastSuccess, consecutiveFailures: s.consecutiveFailures, warning: s.warning };
  } catch {
    /* no fleet record: the defaults */
  }
  return {
    dataFolderFreeBytes: freeBytes(i.dataDir),
    uptimeSeconds: Math.max(0, Math.round((now - i.startedAt) / 1000)),
    startedAt: new Date(i.startedAt).toISOString(),
    content: {
      packId: i.content.packId,
      version: i.content.version,
      builtIn: i.content.builtIn,
      created: i.content.createdAt,
      installedAt: i.content.installedAt,
      ageSeconds: Number.isFinite(created) ? Math.max(0, Math.round((now - created) / 1000)) : null,
    },
    lastAutomatic: lastAutomatic(entries),
    fleet,
    printer: await printerState(i.run),
    recoveries: {
      sinceStart: recoveries.filter((e) => Date.parse(e.time) >= i.startedAt).length,
      logged: recoveries.length,
      lastAt: recoveries.at(-1)?.time ?? null,
    },
  };
}
