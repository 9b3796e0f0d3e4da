/**
 * The IT screen's preview of a pack before its install: one at a time, verified and built into
 * a temporary database (./preview.ts previewPack), served read-only by a host the entry point
 * provides (the local HTTP host on another loopback port, for `kiosk serve` and the Electron
 * shell alike), and stopped after PACK_PREVIEW_MINUTES, when the IT session that opened it ends
 * (locked, or lapsed), when the next one starts, or when the kiosk closes.
 */
import type { PackPreview } from '../shared/results.js';
import type { ApiContext } from '../core/api/context.js';
import { previewPack, type PreviewKiosk } from './preview.js';

export const PACK_PREVIEW_MINUTES = 30;
/** How often a preview checks that the IT session that opened it is still open. */
export const PACK_PREVIEW_SESSION_CHECK_MS = 5000;

/** Serves an API context's visitor UI; what the entry point hands the kiosk (src/host/server.ts startHost). */
export type PreviewHost = (api: ApiContext) => Promise<{ url: string; close(): Promise<void> }>;

export class PackPreviews {
  private current: { kiosk: PreviewKiosk; origin: string; close(): Promise<void>; timers: NodeJS.Timeout[] } | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly host: PreviewHost,
    private readonly now: () => number = Date.now,
    private readonly sessionCheckMs: number = PACK_PREVIEW_SESSION_CHECK_MS,
  ) {}

  /** The origin (http://127.0.0.1:PORT) of the preview being served, if any: the only one the kiosk's frame may show. */
  get origin(): string | undefined {
    return this.current?.origin;
  }

  /** Serves the pack's preview; `open`, when given, is asked every few seconds whether the session it is for is still open. */
  async open(file: string, open?: () => boolean): Promise<PackPreview> {
    await this.stop();
    const { kiosk, summary } = await previewPack(file, this.dataDir);
    let served;
    try {
      served = await this.host(kiosk);
    } catch (e) {
      kiosk.close();
      throw e;
    }
    const until = new Date(this.now() + PACK_PREVIEW_MINUTES * 60_000);
    const timers = [setTimeout(() => void this.stop(), PACK_PREVIEW_MINUTES * 60_000)];
    const current = {
      kiosk,
      origin: new URL(served.url).origin,
      timers,
      close: async () => {
        await served.close();
        kiosk.close();
      },
    };
    if (open) timers.push(setInterval(() => !open() && this.current === current && void this.stop(), this.sessionCheckMs));
    for (const t of timers) t.unref();
    this.current = current;
    return { summary, url: served.url, until: until.toISOString() };
  }

  /** Stop the preview being served, if any. */
  async stop(): Promise<void> {
    const c = this.current;
    this.current = undefined;
    if (!c) return;
    for (const t of c.timers) clearTimeout(t);
    await c.close();
  }
}
