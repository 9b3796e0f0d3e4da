/**
 * The IT screen's preview of a pack, the parts that decide: which address the preview's frame
 * may load (a page of this machine's loopback over http, on a port: the kiosk serves the preview
 * there, and the kiosk's own policy lets it frame nothing else), and the sentence for a refusal
 * in the screen's language. Pure functions, no DOM.
 */
import { ApiError, type Lang } from '../../../shared';
import { iw, iwf } from './it-words';
import { refusalSentence } from './refusal';

/**
 * The address to load in the frame: `url` as the kiosk gave it when its origin is
 * http://127.0.0.1:PORT (no other host, scheme, credentials, or the default port), else undefined.
 */
export function previewFrameUrl(url: string): string | undefined {
  if (typeof url !== 'string' || url.length > 2048) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' || u.hostname !== '127.0.0.1' || !/^[1-9][0-9]{0,4}$/.test(u.port) || Number(u.port) > 65535) return undefined;
  if (u.username !== '' || u.password !== '') return undefined;
  return u.href;
}

/** Why a preview could not be opened, in one sentence in the screen's language. */
export function previewRefusal(e: unknown, lang: Lang): string {
  if (e instanceof ApiError) {
    if (e.refusal) return iwf(lang, 'previewRefused')(refusalSentence(e.refusal.check, e.refusal.params, lang));
    if (e.code === 'not_found') return iw(lang, 'previewGone');
    if (e.code === 'unavailable' && /cannot show a preview/.test(e.message)) return iw(lang, 'previewUnavailable');
    if (e.code === 'unavailable' && /cannot be previewed/.test(e.message)) return iwf(lang, 'previewRefused')(iw(lang, 'previewNoDetail'));
    if (e.code === 'forbidden') return iw(lang, 'previewSessionEnded');
  }
  if (e === 'bad-address') return iw(lang, 'previewBadAddress');
  return iw(lang, 'previewFailed');
}
