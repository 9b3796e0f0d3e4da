/**
 * The packaging configuration (electron-builder.yml) as electron-builder reads it: the Electron
 * fuses that close the packaged app to code from outside it, checked against electron-builder's
 * own schema so that a misspelt option cannot pass unnoticed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;
const schema = JSON.parse(readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8')) as {
  properties: Record<string, unknown>;
  definitions: { FuseOptionsV1: { properties: Record<string, { type: string }> } };
};

const FUSES = {
  runAsNode: false, // ELECTRON_RUN_AS_NODE would make the app a plain Node that runs any script
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false, // NODE_OPTIONS=--require …
  enableNodeCliInspectArguments: false, // --inspect and SIGUSR1 open a debugger into the main process
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true, // no resources/app folder beside the archive is loaded instead
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false, // the UI is served from app://, never file://
};

describe('electron-builder.yml', () => {
  it('sets every fuse that closes the packaged app to outside code', () => {
    const fuses = config.electronFuses as Record<string, unknown>;
    expect(fuses).toBeTypeOf('object');
    for (const [name, value] of Object.entries(FUSES)) expect(fuses[name], name).toBe(value);
  });

  it('names only fuses electron-builder knows, with the values it accepts', () => {
    expect(Object.keys(schema.properties)).toContain('electronFuses');
    const known = schema.definitions.FuseOptionsV1.properties;
    for (const [name, value] of Object.entries(config.electronFuses as Record<string, unknown>)) {
      expect(Object.hasOwn(known, name), `${name} is not an electron-builder fuse option`).toBe(true);
      expect(typeof value).toBe(known[name]!.type);
    }
  });

  it('packs the app into an asar archive, which the asar fuses rely on, and only better-sqlite3 beside it', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/node_modules/better-sqlite3/**']);
  });

  it("makes the .deb depend on the handwriting recogniser, keeping electron-builder's own dependencies", () => {
    const FpmTarget = (
      createRequire(import.meta.url)('app-builder-lib/out/targets/FpmTarget.js') as { default: { prototype: { getDefaultDepends(t: string): string[] } } }
    ).default;
    const defaults = FpmTarget.prototype.getDefaultDepends.call(null, 'deb');
    expect(defaults.length).toBeGreaterThan(3);
    const depends = (config.deb as { depends?: string[] }).depends;
    expect(depends).toEqual(expect.arrayContaining([...defaults, 'zinnia-utils', 'tegaki-zinnia-simplified-chinese']));
  });
});
