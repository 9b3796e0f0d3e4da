/**
 * What `kiosk serve` loads before its first answer, in the command's bundle as `npm run build`
 * makes it (esbuild, split into chunks): the chunks the command and serve.ts import, and those of
 * the modules serve's open() imports before the kiosk answers. Every byte of them is read and
 * compiled while the welcome screen waits for getInfo.
 */
import { build, type Metafile } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The modules serve.ts loads, statically or in open(), before the first API call is answered. */
const FIRST_ANSWER = [
  'src/cli/kiosk.ts',
  'src/cli/commands/serve.ts',
  'src/app/content-check.ts',
  'src/app/run.ts',
  'src/app/zinnia.ts',
  'src/app/fleet.ts',
  'src/core/api/handlers.ts',
];

async function firstAnswerInputs(): Promise<Map<string, number>> {
  const r = await build({
    entryPoints: ['src/cli/kiosk.ts', 'src/app/pack-worker.ts', 'src/app/content-check-worker.ts'],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: mkdtempSync(join(tmpdir(), 'kiosk-serve-bundle-')),
    external: ['better-sqlite3', 'electron'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const meta: Metafile = r.metafile;
  const chunkOf = new Map<string, string>();
  for (const [out, o] of Object.entries(meta.outputs)) for (const input of Object.keys(o.inputs)) chunkOf.set(input, out);
  const loaded = new Set<string>();
  const visit = (chunk: string) => {
    if (loaded.has(chunk)) return;
    loaded.add(chunk);
    for (const imp of meta.outputs[chunk]!.imports) if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
  };
  for (const m of FIRST_ANSWER) {
    const chunk = chunkOf.get(m);
    expect(chunk, `${m} is in the bundle`).toBeDefined();
    visit(chunk!);
  }
  const inputs = new Map<string, number>();
  for (const c of loaded) for (const [input, v] of Object.entries(meta.outputs[c]!.inputs)) inputs.set(input, v.bytesInOutput);
  return inputs;
}

describe("kiosk serve's code before its first answer", () => {
  it("holds none of zod's translations of its messages (the kiosk says its own sentences, in English from zod's)", async () => {
    const inputs = await firstAnswerInputs();
    const zod = [...inputs.keys()].filter((i) => i.includes('node_modules/zod/'));
    expect(zod.length).toBeGreaterThan(0); // the API's argument schemas are zod's
    const locales = zod.filter((i) => /\/locales\/(?!en\.js$)[^/]+\.js$/.test(i));
    expect(locales).toEqual([]);
  }, 60_000);
});
