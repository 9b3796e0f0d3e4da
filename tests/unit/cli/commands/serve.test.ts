/**
 * `kiosk serve` on loopback listens before it opens the kiosk, so a browser loads the UI while the
 * kiosk loads its code and opens and checks its content: calls made meanwhile are answered once
 * it is open, from its content; a kiosk that cannot open is said in one sentence by the command
 * (and to calls waiting: tests/unit/host/server.test.ts), and nothing is left listening.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type Serving } from '../../../../src/cli/commands/serve.js';

const dirs: string[] = [];
let serving: Serving | undefined;

afterEach(async () => {
  await serving?.close();
  serving = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-serve-'));
  dirs.push(d);
  return d;
}

const post = (url: string, method: string) =>
  fetch(new URL(`/api/${method}`, url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });

describe('kiosk serve', () => {
  it('listens before the kiosk has opened its content, and answers the calls made meanwhile once it has', async () => {
    const dataDir = temp();
    let contentWhenListening: boolean | undefined;
    let early: Promise<Response> | undefined;
    serving = await serve({
      dataDir,
      port: 0,
      onListening: (url) => {
        // An empty data folder gets the built-in content when the kiosk opens: not yet.
        contentWhenListening = existsSync(join(dataDir, 'current.json'));
        early = post(url, 'getInfo');
      },
    });
    expect(contentWhenListening).toBe(false);
    const res = await early!;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; value: { content: { builtIn: boolean; version: number }; hospital: { name: { en: string } } } };
    expect(body.value.content).toMatchObject({ builtIn: true, version: 0 });
    expect(body.value.hospital.name.en).toBe('The First Hospital of Jilin University');
    expect(existsSync(join(dataDir, 'current.json'))).toBe(true);
  });

  it('says in one sentence why the kiosk cannot open, and leaves nothing listening', async () => {
    const file = join(temp(), 'not-a-folder');
    writeFileSync(file, 'x');
    let url = '';
    const failed = await serve({ dataDir: join(file, 'data'), port: 0, onListening: (u) => (url = u) }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/); // it did listen first
    expect(failed?.name).toBe('CommandError');
    expect(failed?.message).toMatch(/not-a-folder/);
    expect(failed?.message.split('\n')).toHaveLength(1);
    await expect(fetch(url)).rejects.toThrow(); // and stopped
  });
});
