/**
 * The one static-file and header policy of both transports (Electron's app:// protocol in
 * electron/main.ts, the local HTTP host in src/host/server.ts): which file a request path names
 * inside the built UI folder, its type, and the headers every response carries. Pure functions;
 * tests/unit/core/security/static-files.test.ts runs the hostile list against them.
 */
import { extname, join, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY, PREVIEW_CONTENT_SECURITY_POLICY, SVG_CONTENT_SECURITY_POLICY } from './csp.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
};

export const contentType = (file: string): string => TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

/**
 * The file inside uiDir that a request's URL path names (as the URL parser gives it: still
 * percent-encoded, dot segments resolved), or undefined when the request must be refused:
 * traversal plain or encoded, backslashes, NUL or control characters, empty segments, a path that
 * does not decode. Extension-less paths are the single-page UI: index.html.
 */
export function resolveUiPath(uiDir: string, urlPath: string): string | undefined {
  if (urlPath.includes('\\')) return undefined;
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(rel) || rel.includes('//')) return undefined;
  if (rel.split('/').some((s) => s === '..' || s === '.')) return undefined;
  if (rel === '/' || rel === '' || !extname(rel)) rel = '/index.html';
  const root = resolve(uiDir);
  const file = resolve(join(root, rel));
  return file.startsWith(root + sep) ? file : undefined;
}

/** The single page itself: what a missing file means the UI has not been built. */
export const isUiEntry = (uiDir: string, file: string): boolean => file === resolve(uiDir, 'index.html');

/** How the UI's pages may be framed: by nobody (the kiosk), or by the kiosk's own origins (the host serving the preview of a pack). */
export type Framing = 'none' | 'kiosk';

/**
 * Headers on every response of the UI's origin; `file` is the file served, if any. An SVG file
 * gets a policy under which, opened as a document, it can run and load nothing, and which no page
 * may frame whatever `framing` says.
 */
export function securityHeaders(file?: string, framing: Framing = 'none'): Record<string, string> {
  const svg = file !== undefined && extname(file).toLowerCase() === '.svg';
  return {
    'Content-Security-Policy': svg ? SVG_CONTENT_SECURITY_POLICY : framing === 'kiosk' ? PREVIEW_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** Built files under /assets/ carry a content hash in their name and never change; nothing else is cached. */
export function cacheControl(urlPath: string): string {
  return urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store';
}

/** Headers of a content photo (/content/…): an image, never a document that could run anything. */
export function contentAssetHeaders(mime: string): Record<string, string> {
  return {
    'Content-Type': mime,
    'Content-Security-Policy': "default-src 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

/** The content path of a photo a /content/… URL path names, or undefined when it does not decode. */
export function contentAssetPath(urlPath: string, prefix: string): string | undefined {
  try {
    return decodeURIComponent(urlPath.slice(prefix.length));
  } catch {
    return undefined;
  }
}
