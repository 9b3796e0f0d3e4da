/**
 * Fuzzing content packs: mutated copies of one valid signed pack (bit flips, truncation,
 * inserted and reordered entries, forged sizes, path tricks, nested archives). Every one must be
 * refused with a sentence naming a check, or, where the mutation changed nothing that matters
 * (a flipped bit in a field nobody reads), verify to exactly the signed original. Never a crash
 * or a hang, and the store never changes on a refusal.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../bench/generate.js';
import { DataFolder } from '../../src/core/datafolder.js';
import { inspectPack, installPack, PackError } from '../../src/app/packs.js';
import {
  builtInDataDir,
  cleanTempDirs,
  craftPack,
  makeKey,
  makePack,
  renameEntry,
  setDeclaredSize,
  sourceFiles,
  tempDir,
  trustKeys,
  type TestKey,
} from '../fixtures/packs/helpers.js';
import { FUZZ_CASES, SEED } from './scale.js';

let key: TestKey;
let dataDir: string;
let original: Buffer;
let originalSha: string;
let work: string;

const PATH_TRICKS = [
  '../escape.json',
  '/etc/passwd.json',
  'C:/windows.json',
  'maps\\back.svg',
  'departments/../hospital.json',
  'maps/CON.svg',
  'maps/aux.svg',
  'HOSPITAL.json',
  'departments/VASCULAR-SURGERY.json',
  'maps/./floor-1.svg',
  'maps//floor-1.svg',
  'maps/floor-1.svg ',
  'maps/floor\u0000.svg',
  'depart\u200bments/x.json',
  'a/b/c/d/e/f/g.json',
  'maps/x.exe',
];

type Mutation = { kind: string; make: () => Promise<Buffer> };

/** A pack with an extra entry named `trick`: zip writers refuse such names, so the name is patched into the bytes. */
async function withEntryNamed(trick: string, data: Buffer, listed: boolean): Promise<Buffer> {
  const placeholder = 'Z'.repeat(Buffer.byteLength(trick));
  const files = sourceFiles();
  const extra = { name: placeholder, data };
  const zip = readFileSync(await craftPack(listed ? { signers: [key], files: [...files, extra] } : { signers: [key], entries: (e) => [...e, extra] }));
  return renameEntry(zip, placeholder, trick);
}

function mutations(r: () => number): Mutation[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const files = sourceFiles();
  return [
    {
      kind: 'bit flips',
      make: async () => {
        const b = Buffer.from(original);
        const flips = 1 + Math.floor(r() * 8);
        for (let i = 0; i < flips; i++) {
          const at = Math.floor(r() * b.length);
          b[at] = b[at]! ^ (1 << Math.floor(r() * 8));
        }
        return b;
      },
    },
    { kind: 'truncation', make: async () => original.subarray(0, Math.floor(r() * original.length)) },
    { kind: 'inserted entry', make: () => withEntryNamed(pick(PATH_TRICKS), Buffer.from('{}'), false) },
    {
      kind: 'reordered and altered entries',
      make: async () =>
        readFileSync(
          await craftPack({
            signers: [key],
            entries: (e) => {
              const shuffled = [...e].sort(() => r() - 0.5);
              const victim = shuffled.find((x) => x.name.endsWith('.json') && x.name !== 'manifest.json' && x.name !== 'signatures.json');
              if (victim && Buffer.isBuffer(victim.data)) victim.data = Buffer.concat([victim.data, Buffer.from(' ')]);
              return shuffled;
            },
          }),
        ),
    },
    {
      kind: 'forged size',
      make: async () => {
        const victim = pick(files).name;
        return setDeclaredSize(original, victim, Math.floor(r() * 2 ** 32));
      },
    },
    { kind: 'path trick', make: () => withEntryNamed(pick(PATH_TRICKS), Buffer.from('{}'), true) },
    {
      kind: 'nested archive',
      make: async () => {
        const name = pick(['maps/inner.zip', 'departments/inner.json', 'images/inner.png', 'inner.kpack']);
        return withEntryNamed(name, original, r() < 0.5);
      },
    },
  ];
}

beforeAll(async () => {
  key = makeKey('fuzz');
  dataDir = builtInDataDir();
  trustKeys(dataDir, [key]);
  const pack = await makePack([key], 5);
  original = readFileSync(pack);
  const ok = await inspectPack(pack, dataDir);
  if (!ok.ok) throw new Error(ok.reason);
  originalSha = ok.summary.manifestSha256;
  work = tempDir('kiosk-fuzz-');
});

afterAll(cleanTempDirs);

function storeSnapshot(): string {
  const folder = new DataFolder(dataDir);
  return JSON.stringify(folder.readPointer());
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} hung for ${ms} ms`)), ms))]);

describe('fuzzed packs', () => {
  it(`refuses every one of ${FUZZ_CASES} mutated packs with a sentence, or verifies it as the untouched original`, async () => {
    const r = rng(SEED);
    const kinds = mutations(r);
    const tally = new Map<string, { refused: number; neutral: number }>();
    const before = storeSnapshot();
    for (let i = 0; i < FUZZ_CASES; i++) {
      const m = kinds[i % kinds.length]!;
      const file = join(work, `case-${i}.kpack`);
      writeFileSync(file, await m.make());
      const t = tally.get(m.kind) ?? { refused: 0, neutral: 0 };
      tally.set(m.kind, t);
      const result = await withTimeout(inspectPack(file, dataDir), 15_000, `case ${i} (${m.kind})`);
      if (result.ok) {
        // Only a change to bytes nobody reads may pass: the verified manifest must be the signed original.
        expect(result.summary.manifestSha256, `case ${i} (${m.kind}) was accepted`).toBe(originalSha);
        t.neutral++;
        continue;
      }
      t.refused++;
      expect(result.check, `case ${i}`).toMatch(/^[a-z-]+$/);
      expect(result.reason, `case ${i}`).toMatch(/^\S.{10,}[.)]$/s);
      expect(result.reason, `case ${i}: a stack trace`).not.toMatch(/\n\s+at /);
      if (i % 10 === 0) {
        // Install must refuse it too, and change nothing.
        const err = await withTimeout(
          installPack(file, dataDir).then(
            () => undefined,
            (e: unknown) => e,
          ),
          15_000,
          `install ${i}`,
        );
        expect(err, `case ${i} (${m.kind}) installed`).toBeInstanceOf(PackError);
        expect(storeSnapshot()).toBe(before);
      }
    }
    const lines = [...tally].map(([k, v]) => `${k}: ${v.refused} refused, ${v.neutral} neutral`);
    console.log(`fuzz (seed ${SEED}, ${FUZZ_CASES} cases)\n  ${lines.join('\n  ')}`);
    for (const [k, v] of tally) if (k !== 'bit flips') expect(v.neutral, k).toBe(0);
    expect(storeSnapshot()).toBe(before);
  }, 600_000);
});
