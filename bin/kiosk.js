#!/usr/bin/env node
// The `kiosk` command. Runs the compiled CLI; says what to do when it has not been built.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/kiosk.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('kiosk: the kiosk has not been built yet; run "npm run build" first.');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
