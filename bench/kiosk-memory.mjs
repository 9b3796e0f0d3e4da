// Loaded into the kiosk by the bench's lan section (node --expose-gc --import this file): once a
// second, and at once after a full garbage collection when sent SIGUSR2, a line on stderr with the
// process's memory split into V8's heap (its young and old generations), the memory V8 knows is
// held outside it (Buffers, SQLite's rows handed to JS) and the rest of the RSS (native code,
// SQLite's own page cache, malloc's arenas). It does nothing else, so the kiosk runs as it would.
import { getHeapSpaceStatistics } from 'node:v8';

function report(afterGc) {
  const m = process.memoryUsage();
  const space = (name) => getHeapSpaceStatistics().find((s) => s.space_name === name);
  const line = {
    afterGc,
    rss: m.rss,
    heapTotal: m.heapTotal,
    heapUsed: m.heapUsed,
    newSpace: space('new_space')?.space_size ?? 0,
    oldSpaceUsed: space('old_space')?.space_used_size ?? 0,
    external: m.external,
  };
  process.stderr.write(`KIOSK-MEMORY ${JSON.stringify(line)}\n`);
}

setInterval(() => report(false), 1000).unref();
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  report(true);
});
