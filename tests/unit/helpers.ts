/** Shared test helpers: throw-away data folders and a copy of the built-in content to edit. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

afterEach(() => {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
});

export function tempDir(prefix = 'kiosk-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** A writable copy of resources/content. */
export function contentCopy(): string {
  const d = tempDir('kiosk-content-');
  cpSync('resources/content', d, { recursive: true });
  return d;
}
