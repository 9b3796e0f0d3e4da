/**
 * The UI's page with the kiosk's first picture in it: the welcome screen drawn on the host from
 * the live content (src/ui/first-picture.ts), so a slow kiosk PC shows it as soon as the page and
 * its stylesheet are read instead of after its code has loaded, run and asked for the hospital.
 * The picture is inert and hidden from assistive technology: it is only pixels until the page's
 * own shell draws the same screen live and removes it (src/ui/App.svelte).
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { KioskInfo } from '../shared/results.js';

/** The renderer built from src/ui/first-picture.ts (dist/ui-render). */
export interface FirstPictureRenderer {
  renderFirstPicture(info: KioskInfo): { html: string; lang: string };
}

/** The element the picture is drawn in; the UI removes it by this id. */
export const FIRST_PICTURE_ID = 'first-picture';

const APP_ROOT = '<div id="app"></div>';
const HTML_LANG = /<html lang="[^"]*">/;
const LANG_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * index.html with the picture put before the UI's root element and <html lang> set to its
 * language; undefined when the page is not the one expected (an older build: it is served as it is).
 */
export function pageWithFirstPicture(page: string, picture: { html: string; lang: string }): string | undefined {
  if (!page.includes(APP_ROOT) || !HTML_LANG.test(page) || !LANG_TAG.test(picture.lang)) return undefined;
  // Replaced by functions: a "$&" in the content's text is text, not a replacement pattern.
  return page
    .replace(HTML_LANG, () => `<html lang="${picture.lang}">`)
    .replace(APP_ROOT, () => `<div id="${FIRST_PICTURE_ID}" aria-hidden="true" inert>${picture.html}</div>${APP_ROOT}`);
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
