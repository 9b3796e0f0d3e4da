/**
 * The sandboxed preload (electron/preload.cts): compiled as TypeScript compiles it, then run the
 * way Electron's sandbox runs a preload (a function given only a restricted `require`), with a
 * fake `electron` module. Checks the bridge exposes exactly API_METHODS and unwraps responses.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { API_METHODS, ipcChannel } from '../../../src/core/api/contract.js';

const source = readFileSync(fileURLToPath(new URL('../../../electron/preload.cts', import.meta.url)), 'utf8');
const compiled = ts.transpileModule(source, {
  fileName: 'preload.cts',
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
}).outputText;

type Exposed = Record<string, (args?: unknown) => Promise<unknown>>;

function loadPreload(invoke: (channel: string, args: unknown) => Promise<unknown>) {
  const exposeInMainWorld = vi.fn<(key: string, api: unknown) => void>();
  const ipcRenderer = { invoke: vi.fn(invoke), send: vi.fn(), on: vi.fn() };
  const required: string[] = [];
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return { contextBridge: { exposeInMainWorld }, ipcRenderer };
    throw new Error(`module not found: ${name}`);
  };
  const exports = {};
  new Function('require', 'exports', 'module', compiled)(sandboxRequire, exports, { exports });
  expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = exposeInMainWorld.mock.calls[0]!;
  return { key, api: api as Exposed, ipcRenderer, required };
}

describe('preload bridge', () => {
  it('requires nothing but electron', () => {
    expect(loadPreload(async () => ({ ok: true, value: 1 })).required).toEqual(['electron']);
  });

  it('exposes window.kiosk with exactly the API methods, all functions, frozen', () => {
    const { key, api } = loadPreload(async () => ({ ok: true, value: 1 }));
    expect(key).toBe('kiosk');
    expect(Object.keys(api)).toEqual(API_METHODS);
    for (const v of Object.values(api)) expect(typeof v).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('never exposes ipcRenderer or a generic channel', () => {
    const { api, ipcRenderer } = loadPreload(async () => ({ ok: true, value: 1 }));
    for (const v of Object.values(api)) expect(v).not.toBe(ipcRenderer.invoke);
    for (const name of ['ipcRenderer', 'invoke', 'send', 'on', 'call']) expect(api).not.toHaveProperty(name);
  });

  it('calls each method on its own channel and answers with the response', async () => {
    const { api, ipcRenderer } = loadPreload(async (channel, args) => ({ ok: true, value: { channel, args } }));
    for (const m of API_METHODS) {
      await expect(api[m]!({ id: 'cardiology' })).resolves.toEqual({ ok: true, value: { channel: ipcChannel(m), args: { id: 'cardiology' } } });
    }
    await api.getInfo!();
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('kiosk:getInfo', {});
  });

  it('keeps the code and the sentence of a failed response', async () => {
    const message = 'There is no department "nope" in the current content.';
    const { api } = loadPreload(async () => ({ ok: false, error: { code: 'not_found', message, stack: 'x' } }));
    await expect(api.getDepartment!({ id: 'nope' })).resolves.toEqual({ ok: false, error: { code: 'not_found', message } });
  });

  it('turns a broken channel or a malformed answer into a sentence', async () => {
    const broken = loadPreload(async () => {
      throw new Error("Error invoking remote method 'kiosk:getInfo': reply was never sent");
    });
    await expect(broken.api.getInfo!({})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/not answering/) },
    });
    const odd = loadPreload(async () => undefined);
    await expect(odd.api.getInfo!({})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
