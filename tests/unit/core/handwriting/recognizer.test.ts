/**
 * The handwriting pad's recognition: the ink a visitor may send (validated in the handler table),
 * Zinnia's format both ways, the ink's normalisation, the content's characters, and Zinnia itself
 * on real stroke data (hanzi-writer-data's medians of the content's own characters), including
 * a hostile recogniser command (stuck, flooding, failing) and more calls than it may run at once.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HANDWRITING_BOX,
  HANDWRITING_MAX_POINTS,
  HANDWRITING_MAX_STROKES,
  HANDWRITING_MAX_TOTAL_POINTS,
  apiArgs,
  type Ink,
} from '../../../../src/core/api/contract.js';
import { dispatch } from '../../../../src/core/api/handlers.js';
import { GUESS_DEPTH, contentCharacters, normalizeInk, type Guess, type StrokeRecognizer } from '../../../../src/core/handwriting/recognizer.js';
import { parseZinniaOutput, zinniaInput } from '../../../../src/core/handwriting/zinnia.js';
import { Kiosk } from '../../../../src/app/kiosk.js';
import { ZINNIA_MODEL, findZinnia } from '../../../../src/app/zinnia.js';
import { scribbleStrokes, writtenStrokes } from '../../../fixtures/handwriting.js';
import { tempDir } from '../../helpers.js';
import { PAD_BOX, PAD_MAX_POINTS, PAD_MAX_STROKES, PAD_MAX_TOTAL_POINTS, thin, toBox } from '../../../../src/ui/kit/handwriting-ink.js';

/** A recogniser that answers what it is told and remembers what it was asked. */
function fakeRecognizer(guesses: Guess[]): StrokeRecognizer & { calls: { ink: Ink; n: number }[] } {
  const calls: { ink: Ink; n: number }[] = [];
  return { name: 'fake', calls, recognize: async (ink, n) => (calls.push({ ink, n }), guesses) };
}

const line: Ink = [
  [
    [100, 100],
    [900, 100],
  ],
];

describe('the ink a caller may send', () => {
  const fake = fakeRecognizer([{ char: '血', score: 0.4 }]);
  let kiosk: Kiosk;
  beforeAll(() => {
    kiosk = new Kiosk({ dataDir: tempDir('kiosk-hw-'), warn: () => {}, recognizer: fake });
  });
  afterAll(() => kiosk.close());

  it('takes strokes of whole-number points inside the box', async () => {
    const out = await dispatch(kiosk, 'recognizeHandwriting', { strokes: line });
    expect(out).toEqual({ ok: true, value: { characters: ['血'] } });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.n).toBe(GUESS_DEPTH);
  });

  it('refuses every other shape with a sentence naming the field, before anything is recognised', async () => {
    const stroke = (n: number): [number, number][] => Array.from({ length: n }, (_, i) => [i % HANDWRITING_BOX, 500]);
    const bad: [unknown, RegExp][] = [
      [{}, /strokes/],
      [{ strokes: [] }, /at least one stroke/],
      [{ strokes: [[]] }, /at least one point/],
      [{ strokes: 'M0 0 L10 10' }, /strokes/],
      [{ strokes: [[[1.5, 2]]] }, /whole number/],
      [{ strokes: [[[-1, 2]]] }, /strokes/],
      [{ strokes: [[[0, HANDWRITING_BOX + 1]]] }, /strokes/],
      [{ strokes: [[[1e308, 0]]] }, /strokes/],
      [{ strokes: [[['1', '2']]] }, /strokes/],
      [{ strokes: [[[1, 2, 3]]] }, /strokes/],
      [{ strokes: [[{ x: 1, y: 2 }]] }, /strokes/],
      [{ strokes: [[[[1, 2]]]] }, /strokes/],
      [{ strokes: [[[1, 2]]], limit: 13 }, /limit/],
      [{ strokes: [[[1, 2]]], width: 300 }, /width/],
      [{ strokes: Array.from({ length: HANDWRITING_MAX_STROKES + 1 }, () => [[1, 1]]) }, new RegExp(`at most ${HANDWRITING_MAX_STROKES} strokes`)],
      [{ strokes: [stroke(HANDWRITING_MAX_POINTS + 1)] }, /strokes/],
      [{ strokes: Array.from({ length: 16 }, () => stroke(HANDWRITING_MAX_POINTS)) }, /at most 2000 points/],
    ];
    const before = fake.calls.length;
    for (const [args, says] of bad) {
      const out = await dispatch(kiosk, 'recognizeHandwriting', args);
      expect(out.ok, JSON.stringify(args).slice(0, 80)).toBe(false);
      if (out.ok) continue;
      expect(out.error.code).toBe('bad_args');
      expect(out.error.message).toMatch(/^Bad arguments for recognizeHandwriting: /);
      expect(out.error.message).toMatch(says);
    }
    expect(fake.calls.length).toBe(before);
  });

  it('offers only characters the content uses, each once, no more than asked, and none that scored too low', async () => {
    const k = new Kiosk({
      dataDir: tempDir('kiosk-hw-'),
      warn: () => {},
      recognizer: fakeRecognizer([
        { char: '鑫', score: 0.9 }, // not in the content: it would find nothing
        { char: '血', score: 0.5 },
        { char: '血', score: 0.4 },
        { char: '管', score: 0.1 },
        { char: '超', score: -0.2 },
        { char: '声', score: -3 },
      ]),
    });
    try {
      expect(await dispatch(k, 'recognizeHandwriting', { strokes: line })).toEqual({ ok: true, value: { characters: ['血', '管', '超'] } });
      expect(await dispatch(k, 'recognizeHandwriting', { strokes: line, limit: 2 })).toEqual({ ok: true, value: { characters: ['血', '管'] } });
    } finally {
      k.close();
    }
  });

  it('without a recogniser, says so in getInfo and answers the pad with a sentence', async () => {
    const k = new Kiosk({ dataDir: tempDir('kiosk-hw-'), warn: () => {} });
    try {
      expect(await dispatch(k, 'getInfo', {})).toMatchObject({ ok: true, value: { handwriting: false } });
      expect(await dispatch(k, 'recognizeHandwriting', { strokes: line })).toEqual({
        ok: false,
        error: { code: 'unavailable', message: 'Handwriting is not available on this kiosk; please use the keyboard.' },
      });
    } finally {
      k.close();
    }
    expect(await dispatch(kiosk, 'getInfo', {})).toMatchObject({ ok: true, value: { handwriting: true } });
  });
});

describe("the pad's ink on its way to the kiosk", () => {
  it("keeps within the contract's limits, which the UI repeats", () => {
    expect([PAD_BOX, PAD_MAX_STROKES, PAD_MAX_POINTS, PAD_MAX_TOTAL_POINTS]).toEqual([
      HANDWRITING_BOX,
      HANDWRITING_MAX_STROKES,
      HANDWRITING_MAX_POINTS,
      HANDWRITING_MAX_TOTAL_POINTS,
    ]);
    // Very long strokes, too many of them, points off the square: what the pad sends is still accepted.
    const long = Array.from({ length: 60 }, (_, s) => Array.from({ length: 900 }, (_, i): [number, number] => [(i % 300) / 250 - 0.1, s / 60]));
    const sent = toBox(long, 1);
    expect(sent).toHaveLength(HANDWRITING_MAX_STROKES);
    expect(apiArgs.recognizeHandwriting.safeParse({ strokes: sent }).success).toBe(true);
  });

  it('thins a stroke evenly, keeping where it starts and ends', () => {
    const pts = Array.from({ length: 1000 }, (_, i): [number, number] => [i, 0]);
    const t = thin(pts, 128);
    expect(t).toHaveLength(128);
    expect(t[0]).toEqual([0, 0]);
    expect(t[127]).toEqual([999, 0]);
    expect(thin(pts.slice(0, 5), 128)).toEqual(pts.slice(0, 5));
  });
});

describe("Zinnia's format", () => {
  it('writes one character of whole numbers in the box', () => {
    expect(
      zinniaInput([
        [
          [1, 2],
          [3, 4],
        ],
        [[1000, 0]],
      ]),
    ).toBe('(character (width 1000)(height 1000)(strokes ((1 2)(3 4))((1000 0))))\n');
    for (const v of [1.5, -1, 1001, Number.NaN, Infinity]) expect(() => zinniaInput([[[v, 0]]])).toThrow(RangeError);
    expect(() => zinniaInput([[['1)(x' as unknown as number, 0]]])).toThrow(RangeError);
  });

  it('reads its answer: single characters with finite scores, best first, at most n', () => {
    expect(parseZinniaOutput('Answer: \n血 0.408876\n向 -0.565338\n红 -0.792278\n', 2)).toEqual([
      { char: '血', score: 0.408876 },
      { char: '向', score: -0.565338 },
    ]);
    expect(parseZinniaOutput('Answer: \n𠀀 1e-3\nab 0.5\n超 nan\n 声 -1.5 \n\n', 10)).toEqual([
      { char: '𠀀', score: 0.001 },
      { char: '声', score: -1.5 },
    ]);
    expect(parseZinniaOutput('血 0.4\n', 5)).toEqual([]); // no "Answer:": not Zinnia's answer
    expect(parseZinniaOutput('Answer: \n血 0.4\nAnswer: \n超 0.9\n', 5)).toEqual([{ char: '血', score: 0.4 }]);
    expect(parseZinniaOutput(`Answer: \n${'血 0.1\n'.repeat(100_000)}`, 5)).toHaveLength(5);
  });
});

describe('the ink before it is recognised', () => {
  it('is scaled about its centre to fill the box the same way however small or off-centre it was written', () => {
    const big = normalizeInk(writtenStrokes('血', 1000));
    const small = normalizeInk(writtenStrokes('血', 250, 700, 20));
    const flat = (ink: Ink) => ink.flat(1);
    for (const [a, b] of flat(big).map((p, i) => [p, flat(small)[i]!] as const)) {
      expect(Math.abs(a[0] - b[0])).toBeLessThanOrEqual(6);
      expect(Math.abs(a[1] - b[1])).toBeLessThanOrEqual(6);
    }
    const xs = flat(big).map((p) => p[0]);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(600);
  });

  it('keeps a flat stroke flat, and a dot a dot in the middle', () => {
    const one = normalizeInk([
      [
        [100, 400],
        [300, 410],
      ],
    ]);
    expect(one[0]![0]![1]).toBeGreaterThanOrEqual(480);
    expect(one[0]![1]![0]! - one[0]![0]![0]!).toBe(700);
    expect(Math.abs(one[0]![1]![1]! - one[0]![0]![1]!)).toBeLessThanOrEqual(36);
    expect(normalizeInk([[[3, 999]]])).toEqual([[[500, 500]]]);
  });
});

describe("the content's characters", () => {
  it('are those of names, keywords, places and emergency words, not of descriptions', () => {
    const kiosk = new Kiosk({ dataDir: tempDir('kiosk-hw-'), warn: () => {} });
    try {
      const chars = contentCharacters(kiosk.content());
      for (const c of '血管外科超声厕急') expect(chars.has(c), c).toBe(true);
      const summary = kiosk.content().getDepartment('vascular-surgery')!.summary.zh;
      const onlyInText = [...summary].filter((c) => /\p{Script=Han}/u.test(c) && !chars.has(c));
      expect(onlyInText.length).toBeGreaterThan(0);
      expect(contentCharacters(kiosk.content())).toBe(chars); // once per content
    } finally {
      kiosk.close();
    }
  });
});

const zinnia = findZinnia();

describe.skipIf(!zinnia.recognizer)(`Zinnia on real stroke data${zinnia.problem ? ` (skipped: ${zinnia.problem})` : ''}`, () => {
  let kiosk: Kiosk;
  let chars: ReadonlySet<string>;
  beforeAll(() => {
    kiosk = new Kiosk({ dataDir: tempDir('kiosk-hw-'), warn: () => {}, recognizer: zinnia.recognizer });
    chars = contentCharacters(kiosk.content());
  });
  afterAll(() => kiosk.close());

  const recognise = async (strokes: Ink, limit = 8): Promise<string[]> => {
    const out = await dispatch(kiosk, 'recognizeHandwriting', { strokes, limit });
    if (!out.ok) throw new Error(out.error.message);
    return (out.value as { characters: string[] }).characters;
  };

  it('reads the characters of the department names, written large or small and anywhere on the pad', async () => {
    for (const c of '血管超声急诊厕所') {
      expect((await recognise(writtenStrokes(c, 1000)))[0], c).toBe(c);
      expect((await recognise(writtenStrokes(c, 260, 680, 40)))[0], `${c} small`).toBe(c);
    }
  });

  it('offers the written character among the first eight for nine in ten of the content characters', async () => {
    let first = 0;
    let offered = 0;
    const queue = [...chars];
    const worker = async () => {
      for (let c = queue.pop(); c; c = queue.pop()) {
        const got = await recognise(writtenStrokes(c, 1000));
        if (got[0] === c) first++;
        if (got.includes(c)) offered++;
      }
    };
    await Promise.all([worker(), worker()]); // as many as the recogniser runs at once
    // Measured on the built-in content: 258 of 299 first, 278 among the first eight.
    expect(first / chars.size).toBeGreaterThan(0.8);
    expect(offered / chars.size).toBeGreaterThan(0.9);
  }, 120_000);

  it('does not read a scribble as the characters of a department', async () => {
    const got = await recognise(scribbleStrokes(1000));
    for (const c of '血超') expect(got).not.toContain(c);
  });

  it('refuses points outside the box before starting a process', async () => {
    await expect(zinnia.recognizer!.recognize([[[0, 1001]]], 5)).rejects.toThrow(RangeError);
  });
});

describe('finding and running the recogniser command', () => {
  const script = (dir: string, body: string): string => {
    const file = join(dir, 'zinnia');
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  };
  const model = (dir: string): string => {
    const file = join(dir, 'model');
    writeFileSync(file, 'a model');
    return file;
  };

  it('says in one sentence what is missing', () => {
    const dir = tempDir('kiosk-zinnia-');
    expect(findZinnia({ path: dir }).problem).toBe(
      'Handwriting input is off: the zinnia command was not found; install the Debian packages zinnia-utils and tegaki-zinnia-simplified-chinese to offer it.',
    );
    script(dir, 'exit 0');
    expect(findZinnia({ path: dir, model: model(dir) }).recognizer).toBeDefined();
    expect(findZinnia({ path: relative(process.cwd(), dir), model: model(dir) }).problem).toMatch(/zinnia command was not found/); // never a folder relative to where the kiosk was started
    expect(findZinnia({ path: dir, model: join(dir, 'none.model') }).problem).toBe(
      `Handwriting input is off: the handwriting model ${join(dir, 'none.model')} was not found; install the Debian packages zinnia-utils and tegaki-zinnia-simplified-chinese to offer it.`,
    );
    writeFileSync(join(dir, 'empty.model'), '');
    expect(findZinnia({ path: dir, model: join(dir, 'empty.model') }).problem).toMatch(/is not a handwriting model \(0 bytes\)/);
    expect(findZinnia({ path: dir, model: dir }).problem).toMatch(/was not found/);
    expect(findZinnia({ path: dir, model: model(dir) }).recognizer?.name).toBe(`Zinnia (${join(dir, 'zinnia')}) with ${join(dir, 'model')}`);
  });

  it("finds Debian's model where the package puts it, when it is installed", () => {
    expect(!!findZinnia().recognizer).toBe(existsSync('/usr/bin/zinnia') && existsSync(ZINNIA_MODEL));
  });

  it('stops a command that hangs, floods or fails, with a sentence each', async () => {
    const dir = tempDir('kiosk-zinnia-');
    const m = model(dir);
    const run = (body: string, timeoutMs = 400) => findZinnia({ binary: script(dir, body), model: m, timeoutMs }).recognizer!.recognize(line, 5);
    await expect(run('exec sleep 30')).rejects.toThrow('The handwriting recogniser did not answer within 400 ms and was stopped.');
    await expect(run('echo "Answer: "; exec yes "血 0.5"', 5000)).rejects.toThrow(/printed more than 65536 bytes and was stopped/);
    await expect(run('echo "failed: no such file" >&2; exit 3')).rejects.toThrow('The handwriting recogniser failed (exit 3: failed: no such file).');
    await expect(run('cat >/dev/null; echo "Answer: "; echo "血 0.5"; echo "超 -0.1"')).resolves.toEqual([
      { char: '血', score: 0.5 },
      { char: '超', score: -0.1 },
    ]);
    // It gets the ink on standard input and nothing of this process's environment.
    const seen = join(dir, 'seen');
    await run(`cat > ${seen}; env >> ${seen}; echo "Answer: "`);
    const got = readFileSync(seen, 'utf8');
    expect(got.startsWith(zinniaInput(line))).toBe(true);
    expect(got).not.toMatch(/^HOME=/m);
  });

  it('runs at most two at once and refuses a third with a sentence', async () => {
    const dir = tempDir('kiosk-zinnia-');
    const r = findZinnia({ binary: script(dir, 'sleep 0.5; echo "Answer: "; echo "血 0.5"'), model: model(dir) }).recognizer!;
    const calls = [r.recognize(line, 5), r.recognize(line, 5), r.recognize(line, 5)];
    const settled = await Promise.allSettled(calls);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((settled[2] as PromiseRejectedResult).reason.message).toBe('The handwriting recogniser is busy.');
    await expect(r.recognize(line, 5)).resolves.toHaveLength(1); // free again afterwards
  });

  it('turns a recogniser failure into an unavailable answer the pad can show', async () => {
    const dir = tempDir('kiosk-zinnia-');
    const k = new Kiosk({
      dataDir: tempDir('kiosk-hw-'),
      warn: () => {},
      recognizer: findZinnia({ binary: script(dir, 'exit 1'), model: model(dir) }).recognizer,
    });
    try {
      expect(await dispatch(k, 'recognizeHandwriting', { strokes: line })).toEqual({
        ok: false,
        error: { code: 'unavailable', message: 'The handwriting recogniser failed (exit 1). Please write the character again, or use the keyboard.' },
      });
    } finally {
      k.close();
    }
  });
});
