/** Health and fleet updates in lines for people (`kiosk status`). */
import type { HealthFacts } from './metrics.js';

function ago(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const s = Math.round((now - Date.parse(iso)) / 1000);
  const d = s >= 86_400 ? `${Math.round(s / 86_400)} d` : s >= 3600 ? `${Math.round(s / 3600)} h` : s >= 60 ? `${Math.round(s / 60)} min` : `${s} s`;
  return `${iso} (${d} ago)`;
}

export function describeHealth(h: HealthFacts, now = Date.now()): string[] {
  const u = h.updates;
  const failures = Object.entries(u.failures)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  const lines = ['', `Fleet updates: ${u.url ? `from ${u.url}` : 'off (no updateUrl in kiosk.json)'}; kiosk ${h.kioskId}, site ${h.site}, ring ${h.ring}`];
  if (u.url) {
    lines.push(`  last check:    ${ago(u.lastCheck, now)}`);
    lines.push(`  last success:  ${ago(u.lastSuccess, now)}`);
    lines.push(`  last install:  ${ago(u.lastInstall, now)}${u.lastInstalled ? ` (${u.lastInstalled.packId} version ${u.lastInstalled.version})` : ''}`);
    if (failures) lines.push(`  failures:      ${failures}${u.consecutiveFailures ? ` (${u.consecutiveFailures} in a row)` : ''}`);
    if (u.lastError && u.consecutiveFailures) lines.push(`  last error:    ${u.lastError.sentence}`);
    if (u.warning) lines.push(`  WARNING:       ${u.warning}`);
  }
  lines.push('Health:');
  lines.push(`  running since: ${h.startedAt ?? 'not running (or not since this version)'}${h.countsAt && h.startedAt ? `; counts as of ${h.countsAt}` : ''}`);
  lines.push(`  visitors:      ${h.visitors.searches} searches (${h.visitors.searchesNoResult} found nothing), ${h.visitors.departmentViews} department pages`);
  lines.push(`  API errors:    ${Object.values(h.apiErrors).reduce((a, b) => a + b, 0)}; renderer restarts: ${h.rendererRestarts}`);
  if (h.dataFolderFreeBytes !== null) lines.push(`  free space:    ${(h.dataFolderFreeBytes / 1024 ** 3).toFixed(1)} GiB in the data folder's file system`);
  return lines;
}
