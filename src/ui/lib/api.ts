/**
 * The renderer's KioskApi client. In Electron the preload exposes the KioskBridge as
 * `window.kiosk` (named methods over IPC, each answering with the ApiResponse); in a browser the
 * same methods are JSON over HTTP to the local host. Both answers are unwrapped the same way, so
 * either way a failure arrives as an ApiError carrying a sentence for people.
 *
 * A volunteer's device on the hospital network (LAN mode) sends its volunteer session in the
 * `x-kiosk-session` header on every call: set it with setSession(token), clear it with null.
 */
import {
  API_PATH_PREFIX,
  ApiError,
  SESSION_HEADER,
  type ApiArgs,
  type ApiMethod,
  type ApiResponse,
  type ApiResults,
  type KioskApi,
  type KioskBridge,
} from '../../shared';

export { ApiError };

declare global {
  interface Window {
    kiosk?: KioskBridge;
  }
}

let session: string | null = null;

/** The volunteer session sent with every HTTP call (LAN devices); null stops sending it. */
export function setSession(token: string | null): void {
  session = token;
}

/** The value of an ApiResponse, or its error as an ApiError; anything else is a calm failure. */
function unwrap<T>(body: ApiResponse<T> | null | undefined): T {
  if (body && body.ok === true) return body.value;
  if (body && body.ok === false && typeof body.error?.message === 'string') {
    const { code, message, check, params } = body.error;
    throw new ApiError(code, message, typeof check === 'string' ? { check, params: params ?? {} } : undefined);
  }
  throw new ApiError('internal', 'The kiosk service sent an answer it could not read.');
}

async function overHttp<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResults[M]> {
  let res: Response;
  try {
    res = await fetch(`${API_PATH_PREFIX}${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(session ? { [SESSION_HEADER]: session } : {}) },
      body: JSON.stringify(args ?? {}),
    });
  } catch {
    throw new ApiError('unavailable', 'The kiosk service is not answering.');
  }
  let body: ApiResponse<ApiResults[M]>;
  try {
    body = (await res.json()) as ApiResponse<ApiResults[M]>;
  } catch {
    throw new ApiError('internal', 'The kiosk service sent an answer it could not read.');
  }
  return unwrap(body);
}

function httpApi(): KioskApi {
  return new Proxy({} as KioskApi, {
    get: (_t, method: string) => (args: unknown) => overHttp(method as ApiMethod, args as never),
  });
}

async function overBridge<M extends ApiMethod>(bridge: KioskBridge, method: M, args: ApiArgs<M>): Promise<ApiResults[M]> {
  let body: ApiResponse<ApiResults[M]>;
  try {
    body = await (bridge[method] as (a: ApiArgs<M>) => Promise<ApiResponse<ApiResults[M]>>)(args);
  } catch {
    throw new ApiError('unavailable', 'The kiosk service is not answering.');
  }
  return unwrap(body);
}

function bridgeApi(bridge: KioskBridge): KioskApi {
  return new Proxy({} as KioskApi, {
    get: (_t, method: string) => (args: unknown) => overBridge(bridge, method as ApiMethod, args as never),
  });
}

export const api: KioskApi = typeof window !== 'undefined' && window.kiosk ? bridgeApi(window.kiosk) : httpApi();
