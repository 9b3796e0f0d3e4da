/**
 * The kiosk UI's Content-Security-Policy (src/core/security/csp.ts), read directive by directive:
 * the one frame it may hold is a loopback http page (the IT screen's preview of a pack), and only
 * the host serving that preview lets the kiosk's own origins frame its pages.
 */
import { describe, expect, it } from 'vitest';
import { APP_HOST, APP_SCHEME } from '../../../../electron/policy.js';
import {
  CONTENT_SECURITY_POLICY,
  KIOSK_FRAME_ANCESTORS,
  PREVIEW_CONTENT_SECURITY_POLICY,
  SVG_CONTENT_SECURITY_POLICY,
} from '../../../../src/core/security/csp.js';
import { securityHeaders } from '../../../../src/core/security/static-files.js';

/** A policy as directive name → its sources, each directive once. */
function directives(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(out.has(name), `${name} given twice`).toBe(false);
    out.set(name, sources);
  }
  return out;
}

describe('the kiosk UI policy', () => {
  const kiosk = directives(CONTENT_SECURITY_POLICY);

  it('may frame loopback http pages on any port, and nothing else', () => {
    expect(kiosk.get('frame-src')).toEqual(['http://127.0.0.1:*']);
    // No child-src to widen it, and the default stays the app's own origin.
    expect(kiosk.has('child-src')).toBe(false);
    expect(kiosk.get('default-src')).toEqual(["'self'"]);
  });

  it('may be framed by nobody, and keeps its other locks', () => {
    expect(kiosk.get('frame-ancestors')).toEqual(["'none'"]);
    expect(kiosk.get('script-src')).toEqual(["'self'"]);
    expect(kiosk.get('connect-src')).toEqual(["'self'"]);
    expect(kiosk.get('object-src')).toEqual(["'none'"]);
    expect(kiosk.get('form-action')).toEqual(["'none'"]);
    expect(kiosk.get('base-uri')).toEqual(["'none'"]);
  });
});

describe('the policy of the host serving the preview of a pack', () => {
  const preview = directives(PREVIEW_CONTENT_SECURITY_POLICY);

  it('may be framed by the kiosk on loopback and by the Electron shell, and by no other page', () => {
    expect(preview.get('frame-ancestors')).toEqual(['http://127.0.0.1:*', 'app://kiosk']);
    expect(KIOSK_FRAME_ANCESTORS).toContain(`${APP_SCHEME}://${APP_HOST}`);
    expect(preview.get('frame-ancestors')).not.toContain('*');
    expect(preview.get('frame-ancestors')).not.toContain('http:');
  });

  it('is otherwise the kiosk policy, directive for directive', () => {
    const kiosk = directives(CONTENT_SECURITY_POLICY);
    preview.delete('frame-ancestors');
    kiosk.delete('frame-ancestors');
    expect(preview).toEqual(kiosk);
  });

  it('is what securityHeaders sends only when asked for, and never for an SVG document', () => {
    expect(securityHeaders('/ui/index.html')['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(securityHeaders()['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(securityHeaders('/ui/index.html', 'kiosk')['Content-Security-Policy']).toBe(PREVIEW_CONTENT_SECURITY_POLICY);
    expect(securityHeaders(undefined, 'kiosk')['Content-Security-Policy']).toBe(PREVIEW_CONTENT_SECURITY_POLICY);
    expect(securityHeaders('/ui/plan.SVG', 'kiosk')['Content-Security-Policy']).toBe(SVG_CONTENT_SECURITY_POLICY);
    expect(directives(SVG_CONTENT_SECURITY_POLICY).get('frame-ancestors')).toEqual(["'none'"]);
  });
});
