/**
 * The kiosk's first picture, drawn on the kiosk host before the page's own code has run: the
 * shell and the welcome screen over the live content, as HTML, put into index.html by the host
 * (src/host/first-picture.ts). On a slow kiosk PC the page's code takes most of a second to
 * load, run and ask for the hospital; with this the welcome is on the screen as soon as the page
 * and its stylesheet are read. The page's code then draws the same screen live and removes the
 * picture (App.svelte). Built on its own for Node (`npm run build:ui`, dist/ui-render).
 */
import { render } from 'svelte/server';
import type { KioskInfo } from '../shared';
import App from './App.svelte';
import { langTag } from './kit/i18n';
import { kiosk } from './lib/kiosk.svelte';

export interface FirstPicture {
  /** The shell as HTML (text and attributes escaped by Svelte). */
  html: string;
  /** <html lang> for it: the kiosk's default language. */
  lang: string;
}

/** The welcome screen as the kiosk shows it before anyone has touched it, for this content. */
export function renderFirstPicture(info: KioskInfo): FirstPicture {
  // One screen at a time, drawn at once: the shared state is set for this drawing only.
  kiosk.info.value = info;
  kiosk.lang = info.settings.defaultLanguage;
  try {
    return { html: render(App).body, lang: langTag(kiosk.lang) };
  } finally {
    kiosk.info.value = undefined;
  }
}
