/**
 * Small helpers shared by the kiosk commands: argument parsing with sentences for mistakes, and
 * the data folder option every command understands.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultDataDir } from '../core/data-dir.js';

/** A mistake by the person at the command line: printed as one sentence, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A refusal or failure to report in one sentence, with the given exit code. */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export const DATA_DIR_OPTION = { 'data-dir': { type: 'string' } } as const;

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, '.'));
  }
}

export function dataDirFrom(value: string | undefined): string {
  return value ?? defaultDataDir();
}

export function intOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}.`);
  return n;
}

export interface Command {
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}
