/**
 * The Content-Security-Policy of the kiosk UI, shared by the Electron shell and the local host.
 * Everything comes from the app's own origin; no remote code, no inline scripts, no plugins,
 * no framing. Inline style attributes are allowed because the UI sets CSS custom properties.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The policy of an SVG file served on its own (a drawing opened as a document rather than shown as
 * an image): it may run nothing and load nothing, inline style attributes aside, and is sandboxed
 * so it cannot script or navigate even if a filter missed something.
 */
export const SVG_CONTENT_SECURITY_POLICY = ["default-src 'none'", "style-src 'unsafe-inline'", "frame-ancestors 'none'", 'sandbox'].join('; ');
