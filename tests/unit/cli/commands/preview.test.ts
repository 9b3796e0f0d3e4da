/** `kiosk preview`: a folder that cannot be built is refused with every problem listed; the served preview answers the visitor API. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../../src/cli/kiosk.js';
import { describeReport, startPreview } from '../../../../src/cli/commands/preview.js';
import { contentCopy } from '../../helpers.js';

let err: string[];
beforeEach(() => {
  err = [];
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

describe('kiosk preview', () => {
  it('refuses a folder that cannot be built, listing every problem by file and field', async () => {
    const dir = contentCopy();
    writeFileSync(join(dir, 'hospital.json'), '{"name": 1}');
    writeFileSync(join(dir, 'departments', 'vascular-surgery.json'), '[');
    expect(await main(['preview', dir])).toBe(1);
    expect(err[0]).toMatch(/^kiosk preview: .* cannot be previewed: \d+ problems:\n/);
    expect(err[0]).toContain('  hospital.json: name ');
    expect(err[0]).toContain('  departments/vascular-surgery.json: not valid JSON');
  });

  it('wants one folder, and only a loopback address', async () => {
    expect(await main(['preview'])).toBe(2);
    expect(err[0]).toMatch(/^kiosk preview: give one content source folder to preview\./);
    expect(await main(['preview', contentCopy(), '--host', '0.0.0.0'])).toBe(2);
    expect(err[1]).toBe('kiosk preview: --host 0.0.0.0 is not a loopback address; a preview is served only on this machine (127.0.0.1 or ::1).');
  });

  it('serves the visitor API over the folder, marked preview', async () => {
    const serving = await startPreview(contentCopy(), { port: 0 });
    try {
      const r = await fetch(new URL('/api/getInfo', serving.host.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(((await r.json()) as { value: { preview: unknown } }).value.preview).toMatchObject({ kind: 'folder', ok: true, problems: 0 });
      expect(describeReport(serving.preview.rebuild())).toMatch(/^\d\d:\d\d:\d\d The folder is valid; the preview shows it as it is now\.$/);
    } finally {
      await serving.close();
    }
  });
});
