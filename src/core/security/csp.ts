/**
 * The Content-Security-Policy of the kiosk UI, shared by the Electron shell and the local host.
 * Everything comes from the app's own origin; no remote code, no inline scripts, no plugins.
 * The one frame it may hold is a page of this machine's loopback over http: the IT screen's
 * preview of a pack, served by the local host on a port of its own (the UI checks the origin
 * again before it sets a frame's address). It may itself be framed by nobody.
 * Inline style attributes are allowed because the UI sets CSS custom properties.
 */
export const CONTENT_SECURITY_POLICY_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  'frame-src http://127.0.0.1:*',
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
] as const;

export const CONTENT_SECURITY_POLICY = [...CONTENT_SECURITY_POLICY_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/**
 * The kiosk UI's own origins, the only pages that may frame a preview of a pack: the local host
 * on loopback (browser-kiosk mode, any port) and the Electron shell's app://kiosk
 * (electron/policy.ts APP_URL).
 */
export const KIOSK_FRAME_ANCESTORS = ['http://127.0.0.1:*', 'app://kiosk'] as const;

/**
 * The policy of the kiosk UI when served as the preview of a pack (src/app/pack-preview.ts): the
 * same, but it may be framed by the kiosk's own origins, and only by them.
 */
export const PREVIEW_CONTENT_SECURITY_POLICY = [...CONTENT_SECURITY_POLICY_DIRECTIVES, `frame-ancestors ${KIOSK_FRAME_ANCESTORS.join(' ')}`].join('; ');

/**
 * The policy of an SVG file served on its own (a drawing opened as a document rather than shown as
 * an image): it may run nothing and load nothing, inline style attributes aside, and is sandboxed
 * so it cannot script or navigate even if a filter missed something.
 */
export const SVG_CONTENT_SECURITY_POLICY = ["default-src 'none'", "style-src 'unsafe-inline'", "frame-ancestors 'none'", 'sandbox'].join('; ');
