/**
 * The renderer's KioskApi client. In Electron the preload exposes the API as `window.kiosk`
 * (named methods over IPC); in a browser the same methods are JSON over HTTP to the local host.
 * Either way a failure arrives as an ApiError carrying a sentence for people.
 */
import type { ApiArgs, ApiMethod, ApiResponse, ApiResults, KioskApi } from '../../core/api/contract';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

declare global {
  interface Window {
    kiosk?: KioskApi;
  }
}

async function overHttp<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResults[M]> {
  let res: Response;
  try {
    res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
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
  if (!body.ok) throw new ApiError(body.error.code, body.error.message);
  return body.value;
}

function httpApi(): KioskApi {
  return new Proxy({} as KioskApi, {
    get: (_t, method: string) => (args: unknown) => overHttp(method as ApiMethod, args as never),
  });
}

export const api: KioskApi = typeof window !== 'undefined' && window.kiosk ? window.kiosk : httpApi();
