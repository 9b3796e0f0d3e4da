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
