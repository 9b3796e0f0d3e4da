/**
 * The UI's page with the kiosk's first picture in it: the welcome screen drawn on the host from
 * the live content (src/ui/first-picture.ts), so a slow kiosk PC shows it as soon as the page and
 * its stylesheet are read instead of after its code has loaded, run and asked for the hospital.
 * The page's start is sent at once, so the browser loads the stylesheet and the code while the
 * kiosk opens its content; the picture follows when it is drawn.
 * The picture is inert and hidden from assistive technology: it is only pixels until the page's
 * own shell draws the same screen live and removes it (src/ui/App.svelte).
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { FIRST_PICTURE_ID } from '../shared/api.js';
import type { KioskInfo } from '../shared/results.js';

/** The renderer built from src/ui/first-picture.ts (dist/ui-render). */
export interface FirstPictureRenderer {
  renderFirstPicture(info: KioskInfo): { html: string; lang: string };
}

const APP_ROOT = '<div id="app"></div>';
const LANG_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * index.html cut where the picture goes, before the UI's root element: the part before is sent at
 * once (the browser fetches the stylesheet and the code while the kiosk opens and draws), the
 * picture and the rest follow. Undefined when the page is not the one expected (an older build:
 * it is served as it is).
 */
export function splitPage(page: string): { head: string; tail: string } | undefined {
  const at = page.indexOf(APP_ROOT);
  if (at < 0 || page.indexOf(APP_ROOT, at + 1) >= 0) return undefined;
  return { head: page.slice(0, at), tail: page.slice(at) };
}

/** The picture's element, in its own language (the page's <html lang> is set by its code). */
export function pictureElement(picture: { html: string; lang: string }): string | undefined {
  if (!LANG_TAG.test(picture.lang)) return undefined;
  return `<div id="${FIRST_PICTURE_ID}" lang="${picture.lang}" aria-hidden="true" inert>${picture.html}</div>`;
}

/**
 * Loads the renderer from its built file once, on first use; undefined (said once on the console)
 * when it is not built or is not the renderer, and the UI's page is then served as built.
 */
export function firstPictureLoader(file: string): () => Promise<FirstPictureRenderer | undefined> {
  let loading: Promise<FirstPictureRenderer | undefined> | undefined;
  const load = async (): Promise<FirstPictureRenderer | undefined> => {
    if (!existsSync(file)) return undefined; // not built (npm run build:ui builds it with the UI)
    try {
      const m = (await import(pathToFileURL(file).href)) as Partial<FirstPictureRenderer>;
      if (typeof m.renderFirstPicture === 'function') return m as FirstPictureRenderer;
      console.error(`kiosk: ${file} is not the first picture's renderer; the UI's page is served without it.`);
    } catch (e) {
      console.error(`kiosk: the first picture's renderer could not load (${(e as Error).message}); the UI's page is served without it.`);
    }
    return undefined;
  };
  return () => (loading ??= load());
}
