/**
 * The sandboxed preload: exposes the KioskApi to the renderer as `window.kiosk`, one named
 * method per API method, each an ipcRenderer.invoke on its own channel that unwraps the
 * ApiResponse (the value, or an Error whose message is the sentence). Never exposes ipcRenderer.
 * CommonJS and self-contained (a sandboxed preload may only require 'electron'), so the method
 * list is written out here; tests/unit/electron-preload.test.ts checks it equals API_METHODS.
 */
import electron = require('electron');
import type { ApiMethod, ApiResponse, KioskApi } from '../src/core/api/contract.js' with { 'resolution-mode': 'import' };

const METHODS = [
  'getInfo',
  'listDepartments',
  'getDepartment',
  'getDirections',
  'getSymptomGuide',
  'getVisitorInfo',
  'search',
] as const satisfies readonly ApiMethod[];

/** Fails to compile when the contract gains a method that is not listed above. */
type Unlisted = Exclude<ApiMethod, (typeof METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

const NOT_ANSWERING = 'The kiosk service is not answering; please ask at the information desk.';

async function call(method: ApiMethod, args: unknown): Promise<unknown> {
  let res: ApiResponse;
  try {
    res = (await electron.ipcRenderer.invoke(`kiosk:${method}`, args ?? {})) as ApiResponse;
  } catch {
    throw new Error(NOT_ANSWERING);
  }
  if (res && res.ok === true) return res.value;
  throw new Error(res && res.ok === false && typeof res.error?.message === 'string' ? res.error.message : NOT_ANSWERING);
}

const api = Object.fromEntries(METHODS.map((m) => [m, (args: unknown) => call(m, args)])) as unknown as KioskApi;

electron.contextBridge.exposeInMainWorld('kiosk', Object.freeze(api));
