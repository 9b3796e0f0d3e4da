/**
 * The kiosk's health for the IT screen: the printer from CUPS or "unknown" (never an error), the
 * last install nobody started by hand and its outcome, recoveries counted, free space, uptime and
 * content age.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../src/core/audit/log.js';
import { kioskHealth, lastAutomatic, printerState, type CommandRunner } from '../../../src/core/health.js';
import type { ContentStatus } from '../../../src/shared/results.js';
import { cleanTempDirs, tempDir } from '../../fixtures/packs/helpers.js';

afterAll(cleanTempDirs);

const answer =
  (r: Awaited<ReturnType<CommandRunner>>): CommandRunner =>
  async () =>
    r;

describe('the printer', () => {
  it('is "unknown" where CUPS is not installed, does not answer or cannot be reached', async () => {
    expect(await printerState(answer({ code: -1, stdout: '', stderr: '', error: 'ENOENT' }))).toEqual({
      state: 'unknown',
      printers: [],
      detail: 'CUPS (lpstat) is not installed on this kiosk.',
    });
    expect((await printerState(answer({ code: -1, stdout: '', stderr: '', error: 'timeout' }))).state).toBe('unknown');
    expect(await printerState(answer({ code: 1, stdout: '', stderr: 'lpstat: Unable to connect to server' }))).toMatchObject({
      state: 'unknown',
      detail: 'lpstat answered: lpstat: Unable to connect to server',
    });
    expect(
      await printerState(async () => {
        throw new Error('spawn failed');
      }),
    ).toMatchObject({ state: 'unknown' });
  });

  it('lists the printers CUPS knows, ready when one is enabled', async () => {
    const out =
      'printer Receipt80 is idle.  enabled since Tue 01 Dec 2026 09:00:00 CST\nprinter A5-Office disabled since Mon 30 Nov 2026 -\n\treason unknown\n';
    expect(await printerState(answer({ code: 0, stdout: out, stderr: '' }))).toEqual({
      state: 'ready',
      printers: [
        { name: 'Receipt80', enabled: true },
        { name: 'A5-Office', enabled: false },
      ],
      detail: null,
    });
    expect(await printerState(answer({ code: 1, stdout: '', stderr: 'lpstat: No destinations added.' }))).toMatchObject({ state: 'none', printers: [] });
  });

  it('asks this machine without throwing, whatever is installed', async () => {
    expect(['ready', 'none', 'unknown']).toContain((await printerState()).state);
  });
});

describe('the last automatic install', () => {
  it('is the newest install by the watcher or the fleet, never one staff started', () => {
    const t = (m: number) => new Date(Date.UTC(2026, 11, 1, 8, m)).toISOString();
    expect(
      lastAutomatic([
        { time: t(1), action: 'install', result: 'accepted', packId: 'p', version: 3, params: { by: 'auto-install' } },
        { time: t(2), action: 'install', result: 'refused', check: 'site', params: { site: 'east', kioskSite: 'main', by: 'fleet-update' }, reason: 'x' },
        { time: t(3), action: 'install', result: 'accepted', packId: 'p', version: 4 },
        { time: t(4), action: 'update', result: 'accepted', reason: 'Updates work again.' },
      ]),
    ).toEqual({
      kind: 'fleet-update',
      at: t(2),
      outcome: 'refused',
      packId: null,
      version: null,
      check: 'site',
      params: { site: 'east', kioskSite: 'main' },
      reason: 'x',
    });
    expect(lastAutomatic([{ time: t(5), action: 'update', result: 'failed', check: 'offline', reason: 'The server did not answer.' }])).toMatchObject({
      kind: 'fleet-update',
      outcome: 'failed',
      check: 'offline',
    });
    expect(lastAutomatic([{ time: t(6), action: 'install', result: 'accepted', version: 2 }])).toBeNull();
  });
});

describe('the kiosk health', () => {
  it('reads free space, uptime, content age, the last automatic install and recoveries since the start', async () => {
    const dir = tempDir('kiosk-health-');
    const startedAt = Date.parse('2026-12-01T08:00:00Z');
    const now = new Date('2026-12-01T10:00:00Z');
    appendAudit(dir, { time: '2026-12-01T07:00:00.000Z', action: 'recover', result: 'accepted', reason: 'before this start' });
    appendAudit(dir, { time: '2026-12-01T09:00:00.000Z', action: 'recover', result: 'accepted', reason: 'reloaded' });
    appendAudit(dir, { time: '2026-12-01T09:30:00.000Z', action: 'recover', result: 'failed', reason: 'fallback page' });
    appendAudit(dir, {
      time: '2026-12-01T09:40:00.000Z',
      action: 'install',
      result: 'accepted',
      packId: 'north',
      version: 7,
      params: { by: 'auto-install', previous: 6 },
    });
    const content: ContentStatus = {
      version: 7,
      packId: 'north',
      builtIn: false,
      installedAt: '2026-12-01T09:40:00.000Z',
      createdAt: '2026-11-30T10:00:00.000Z',
      expires: null,
      signers: [],
      generation: 'g',
    };
    const h = await kioskHealth({ dataDir: dir, startedAt, content, updateUrl: null, now, run: answer({ code: -1, stdout: '', stderr: '', error: 'ENOENT' }) });
    expect(h.dataFolderFreeBytes).toBeGreaterThan(0);
    expect(h).toMatchObject({
      uptimeSeconds: 7200,
      startedAt: '2026-12-01T08:00:00.000Z',
      content: { packId: 'north', version: 7, ageSeconds: 86_400 },
      lastAutomatic: { kind: 'auto-install', outcome: 'installed', version: 7, params: { previous: 6 } },
      fleet: { configured: false, lastCheck: null },
      printer: { state: 'unknown' },
      recoveries: { sinceStart: 2, logged: 3, lastAt: '2026-12-01T09:30:00.000Z' },
    });
  });
});
