/**
 * The sandboxed preload: exposes the KioskBridge to the renderer as `window.kiosk`, one named
 * method per API method, each an ipcRenderer.invoke on its own channel resolving to the
 * ApiResponse (the value, or an error code and its sentence: contextBridge would drop an Error's
 * code, so errors travel as data and src/ui/lib/api.ts unwraps them as it does for HTTP).
 * Never exposes ipcRenderer.
 * CommonJS and self-contained (a sandboxed preload may only require 'electron'), so the method
 * list is written out here; tests/unit/electron/preload.test.ts checks it equals API_METHODS.
 */
import electron = require('electron');
import type { ApiMethod, ApiResponse, KioskBridge } from '../src/shared/api.js' with { 'resolution-mode': 'import' };

const METHODS = [
  'getInfo',
  'listDepartments',
  'getDepartment',
  'getDepartmentDoctors',
  'getDirections',
  'getSymptomGuide',
  'getVisitorInfo',
  'listPlaces',
  'getPlace',
  'getPlaceDirections',
  'searchCandidates',
  'recognizeHandwriting',
  'search',
  'recordSymptomPath',
  'getPreviewReport',
  'unlock',
  'lock',
  'getDirectory',
  'getDirectoryDoctors',
  'itStatus',
  'itPackList',
  'itInspectPack',
  'itInstallPack',
  'itInstallJob',
  'itRollback',
  'itHistory',
  'itResetRollbackRecord',
  'itAuditLog',
  'itExportAuditLog',
  'itHealth',
  'itNoResultSearches',
  'itPreviewPack',
  'itStopPreview',
] as const satisfies readonly ApiMethod[];

/** Fails to compile when the contract gains a method that is not listed above. */
type Unlisted = Exclude<ApiMethod, (typeof METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

const NOT_ANSWERING = 'The kiosk service is not answering; please ask at the information desk.';

const NOT_ANSWERING_RESPONSE: ApiResponse = { ok: false, error: { code: 'unavailable', message: NOT_ANSWERING } };

async function call(method: ApiMethod, args: unknown): Promise<ApiResponse> {
  let res: ApiResponse;
  try {
    res = (await electron.ipcRenderer.invoke(`kiosk:${method}`, args ?? {})) as ApiResponse;
  } catch {
    return NOT_ANSWERING_RESPONSE;
  }
  if (res && res.ok === true) return { ok: true, value: res.value };
  if (res && res.ok === false && typeof res.error?.message === 'string') return { ok: false, error: { code: res.error.code, message: res.error.message } };
  return NOT_ANSWERING_RESPONSE;
}

const api = Object.fromEntries(METHODS.map((m) => [m, (args: unknown) => call(m, args)])) as unknown as KioskBridge;

electron.contextBridge.exposeInMainWorld('kiosk', Object.freeze(api));
