/**
 * A worker thread running one of src/app's worker modules (pack-worker, content-check-worker): the
 * compiled .js beside the caller in a build (dist/src/app, or the command line's bundle, which
 * builds each worker as an entry of its own beside its chunks); under the test runner and tsx,
 * the .ts source, loaded through tsx's loader registered in the thread.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** `name` is the module's name without extension, beside `callerUrl` (the caller's import.meta.url). */
export function startAppWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), { workerData });
  const source = new URL(`./${name}.ts`, callerUrl).href;
  // tsx's ESM entry resolved from here, not from the working folder the thread's code would resolve it from.
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
