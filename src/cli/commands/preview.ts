/**
 * `kiosk preview SOURCE_DIR`: the real visitor UI over an unsigned content source folder, for the
 * people who edit it. The folder is built into a temporary content database (never into a data
 * folder, never installable), served on loopback, and rebuilt whenever a file in it changes; a
 * bad edit keeps the last good content on screen and the validation report says what is wrong
 * (here, and one tap from the PREVIEW mark on every screen).
 */
import { previewSource, type SourcePreview } from '../../app/preview.js';
import type { PreviewReport } from '../../shared/results.js';
import { ContentError } from '../../core/content/source.js';
import { uiDir } from '../../core/paths.js';
import { startHost, type RunningHost } from '../../host/server.js';
import { CommandError, UsageError, intOption, parse, type Command } from '../args.js';
import { LOOPBACK, onShutdown } from './serve.js';

export interface PreviewServing {
  preview: SourcePreview;
  host: RunningHost;
  close(): Promise<void>;
}

/** Build the folder, serve it and watch it; throws a CommandError listing every problem when the first build fails. */
export async function startPreview(dir: string, opts: { port?: number; host?: string; onReport?: (r: PreviewReport) => void } = {}): Promise<PreviewServing> {
  const bind = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(bind)) throw new CommandError(`--host ${bind} is not a loopback address; a preview is served only on this machine (127.0.0.1 or ::1).`, 2);
  let preview: SourcePreview;
  try {
    preview = previewSource(dir, { ...(opts.onReport ? { onReport: opts.onReport } : {}) });
  } catch (e) {
    if (e instanceof ContentError) {
      throw new CommandError(
        `${dir} cannot be previewed: ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}:\n${e.problems.map((p) => `  ${p}`).join('\n')}`,
      );
    }
    throw new CommandError((e as Error).message);
  }
  let host: RunningHost;
  try {
    host = await startHost({ api: preview.kiosk, uiDir: uiDir(), port: opts.port ?? 0, host: bind === 'localhost' ? '127.0.0.1' : bind });
  } catch (e) {
    preview.close();
    throw new CommandError((e as Error).message);
  }
  return {
    preview,
    host,
    async close() {
      await host.close();
      preview.close();
    },
  };
}

const time = (iso: string) => iso.slice(11, 19);

export function describeReport(r: PreviewReport): string {
  if (r.ok) return `${time(r.checkedAt)} The folder is valid; the preview shows it as it is now.`;
  return [
    `${time(r.checkedAt)} The folder has ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}; the preview still shows the content of ${r.shownAt ? time(r.shownAt) : 'its start'}:`,
    ...r.problems.map((p) => `  ${p}`),
  ].join('\n');
}

export const previewCommand: Command = {
  summary: 'serve the visitor screens over an unsigned content folder, marked PREVIEW and rebuilt on every change (never installable)',
  usage: 'kiosk preview SOURCE_DIR [--port N] [--host 127.0.0.1]',
  async run(argv) {
    const { values, positionals } = parse(argv, { port: { type: 'string' }, host: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError('give one content source folder to preview.');
    const dir = positionals[0]!;
    const serving = await startPreview(dir, {
      port: intOption('port', values.port, 0, 65535) ?? 8471,
      ...(values.host ? { host: values.host } : {}),
      onReport: (r) => console.log(describeReport(r)),
    });
    console.log(`Preview of ${dir} serving at ${serving.host.url}`);
    console.log('It is not installable and is marked PREVIEW on every screen; it is rebuilt whenever a file in the folder changes. Ctrl-C stops it.');
    onShutdown(() => serving.close());
    return new Promise<number>(() => {}); // runs until stopped
  },
};
