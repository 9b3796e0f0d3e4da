/**
 * The IT screen's preview of a pack before its install: one at a time, verified and built into
 * a temporary database (./preview.ts previewPack), served read-only by a host the entry point
 * provides (`kiosk serve` starts the local HTTP host on another loopback port), and stopped after
 * PACK_PREVIEW_MINUTES, when the next one starts, or when the kiosk closes.
 */
import type { PackPreview } from '../shared/results.js';
import type { ApiContext } from '../core/api/context.js';
import { previewPack, type PreviewKiosk } from './preview.js';

export const PACK_PREVIEW_MINUTES = 30;

/** Serves an API context's visitor UI; what `kiosk serve` hands the kiosk (src/host/server.ts startHost). */
export type PreviewHost = (api: ApiContext) => Promise<{ url: string; close(): Promise<void> }>;

export class PackPreviews {
  private current: { kiosk: PreviewKiosk; close(): Promise<void>; timer: NodeJS.Timeout } | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly host: PreviewHost,
    private readonly now: () => number = Date.now,
  ) {}

  async open(file: string): Promise<PackPreview> {
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
    const timer = setTimeout(() => void this.stop(), PACK_PREVIEW_MINUTES * 60_000);
    timer.unref();
    this.current = {
      kiosk,
      timer,
      close: async () => {
        await served.close();
        kiosk.close();
      },
    };
    return { summary, url: served.url, until: until.toISOString() };
  }

  /** Stop the preview being served, if any. */
  async stop(): Promise<void> {
    const c = this.current;
    this.current = undefined;
    if (!c) return;
    clearTimeout(c.timer);
    await c.close();
  }
}
