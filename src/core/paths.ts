/**
 * Where the application's own files are: the folder holding package.json, whether running from
 * the source tree (tsx, vitest), from dist/ or from a packaged Electron app.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function appRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'resources'))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('The kiosk cannot find its own files (package.json and resources/).');
    dir = up;
  }
}

export const resourcesDir = (): string => join(appRoot(), 'resources');
export const builtInContentDir = (): string => join(resourcesDir(), 'content');
export const uiDir = (): string => join(appRoot(), 'dist', 'ui');
/** The renderer of the kiosk's first picture, built for Node from src/ui/first-picture.ts. */
export const firstPictureRendererFile = (): string => join(appRoot(), 'dist', 'ui-render', 'first-picture.js');

export function appVersion(): string {
  return (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
