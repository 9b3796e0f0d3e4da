/**
 * The handwriting recogniser on Linux kiosks: Debian's `zinnia` command (zinnia-utils) with the
 * Tegaki simplified-Chinese model (tegaki-zinnia-simplified-chinese), one short child process per
 * character. Each run gets the ink on standard input as whole numbers only, a time limit, a cap
 * on what it may print, no shell and an empty environment; at most two run at once. Where either
 * package is missing, `findZinnia` says so in one sentence and the kiosk offers no handwriting pad.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { RecognizerError, type Guess, type Ink, type StrokeRecognizer } from '../core/handwriting/recognizer.js';
import { ZINNIA_MAX_OUTPUT, parseZinniaOutput, zinniaInput } from '../core/handwriting/zinnia.js';

/** Where Debian's tegaki-zinnia-simplified-chinese puts its model. */
export const ZINNIA_MODEL = '/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model';
/** A model larger than this is not a Zinnia model for one script. */
const MODEL_MAX_BYTES = 512 * 1024 * 1024;
/** One character takes Zinnia about 50 ms; past this it is stuck and is stopped. */
export const ZINNIA_TIMEOUT_MS = 3000;
/** Recognitions running at once; more are refused (the pad asks again after the next stroke). */
export const ZINNIA_MAX_RUNNING = 2;

export interface ZinniaOptions {
  /** The zinnia command: a path, or a name looked up on PATH. Default: zinnia. */
  binary?: string;
  model?: string;
  timeoutMs?: number;
  maxRunning?: number;
  /** The PATH to look the command up on (default: this process's). */
  path?: string;
}

export type ZinniaLookup = { recognizer: StrokeRecognizer; problem?: undefined } | { recognizer?: undefined; problem: string };

const INSTALL = 'install the Debian packages zinnia-utils and tegaki-zinnia-simplified-chinese to offer it';

function executable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findCommand(name: string, pathVar: string): string | undefined {
  if (isAbsolute(name) || name.includes('/')) return executable(name) ? name : undefined;
  for (const dir of pathVar.split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue; // a relative PATH entry would depend on the working folder
    const file = join(dir, name);
    if (executable(file)) return file;
  }
  return undefined;
}

/** The recogniser, or one sentence saying why the kiosk has none. */
export function findZinnia(opts: ZinniaOptions = {}): ZinniaLookup {
  const binary = findCommand(opts.binary ?? 'zinnia', opts.path ?? process.env.PATH ?? '/usr/bin:/bin');
  if (!binary) return { problem: `Handwriting input is off: the zinnia command was not found; ${INSTALL}.` };
  const model = opts.model ?? ZINNIA_MODEL;
  let size: number;
  try {
    const s = statSync(model);
    if (!s.isFile()) throw new Error('not a file');
    size = s.size;
  } catch {
    return { problem: `Handwriting input is off: the handwriting model ${model} was not found; ${INSTALL}.` };
  }
  if (size === 0 || size > MODEL_MAX_BYTES) return { problem: `Handwriting input is off: ${model} is not a handwriting model (${size} bytes).` };
  return { recognizer: new ZinniaProcess(binary, model, opts.timeoutMs ?? ZINNIA_TIMEOUT_MS, opts.maxRunning ?? ZINNIA_MAX_RUNNING) };
}

/** The recogniser named by the environment (KIOSK_ZINNIA, KIOSK_ZINNIA_MODEL), else Debian's. */
export function zinniaFromEnvironment(env: NodeJS.ProcessEnv = process.env): ZinniaLookup {
  return findZinnia({ binary: env.KIOSK_ZINNIA || undefined, model: env.KIOSK_ZINNIA_MODEL || undefined, path: env.PATH });
}

class ZinniaProcess implements StrokeRecognizer {
  readonly name: string;
  private running = 0;

  constructor(
    private readonly binary: string,
    private readonly model: string,
    private readonly timeoutMs: number,
    private readonly maxRunning: number,
  ) {
    this.name = `Zinnia (${binary}) with ${model}`;
  }

  async recognize(ink: Ink, n: number): Promise<Guess[]> {
    const input = zinniaInput(ink); // throws for anything but whole numbers in the box, before a process starts
    if (this.running >= this.maxRunning) throw new RecognizerError('The handwriting recogniser is busy.');
    this.running++;
    try {
      return parseZinniaOutput(await this.run(input, Math.max(1, Math.min(500, Math.floor(n)))), n);
    } finally {
      this.running--;
    }
  }

  private run(input: string, n: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, ['-m', this.model, '-n', String(n)], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: {},
        cwd: '/',
        shell: false,
        windowsHide: true,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      let problem: string | undefined;
      let stderr = '';
      const stop = (why: string) => {
        problem ??= why;
        child.kill('SIGKILL');
      };
      const timer = setTimeout(() => stop(`did not answer within ${this.timeoutMs} ms`), this.timeoutMs);
      child.stdout.on('data', (b: Buffer) => {
        size += b.length;
        if (size > ZINNIA_MAX_OUTPUT) return stop(`printed more than ${ZINNIA_MAX_OUTPUT} bytes`);
        chunks.push(b);
      });
      child.stderr.on('data', (b: Buffer) => {
        if (stderr.length < 2000) stderr += b.toString('utf8');
      });
      child.stdin.on('error', () => {}); // a recogniser that exits early closes its input: its exit says why
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new RecognizerError(`The handwriting recogniser could not start (${e.message}).`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (problem) return reject(new RecognizerError(`The handwriting recogniser ${problem} and was stopped.`));
        if (code !== 0) {
          const said = (stderr.trim() || Buffer.concat(chunks).toString('utf8').trim()).split('\n').pop()?.slice(0, 300);
          return reject(new RecognizerError(`The handwriting recogniser failed (${signal ?? `exit ${code}`}${said ? `: ${said}` : ''}).`));
        }
        resolve(Buffer.concat(chunks).toString('utf8'));
      });
      child.stdin.end(input);
    });
  }
}
