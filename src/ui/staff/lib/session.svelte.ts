/**
 * The staff session of this screen: which role is unlocked (IT or volunteer) and its token.
 * Unlocking calls the API with the PIN; ending calls lock and forgets the token at once, so a
 * reset (idle timeout, Exit) never leaves a staff screen open. A volunteer's session also goes
 * out as the x-kiosk-session header (api.ts), which LAN devices need on every call.
 *
 * Imports only the API client: the Kiosk state calls end() from its reset().
 */
import type { UnlockResult } from '../../../shared';
import { api, ApiError, setSession } from '../../lib/api';

export type StaffRole = 'it' | 'volunteer';

export class StaffSession {
  role = $state<StaffRole | null>(null);
  /** Set when the service said the session had ended (it lapses after minutes unused). */
  endedMessage = $state<string | undefined>();
  /** When the service last answered a call of this session (ms): it lapses STAFF_SESSION_IDLE_SECONDS after. */
  lastUsed = 0;
  #token: string | null = null;

  /** Checks the PIN; on success this screen holds the role's session. */
  async unlock(role: StaffRole, pin: string): Promise<UnlockResult> {
    const r = await api.unlock({ role, pin });
    if (r.ok) {
      this.end();
      this.#token = r.token;
      this.role = role;
      this.endedMessage = undefined;
      this.lastUsed = Date.now();
      if (role === 'volunteer') setSession(r.token);
    }
    return r;
  }

  /** The token for a staff call; an ApiError like the service's own when the role is not unlocked. */
  token(role: StaffRole): string {
    if (this.role === role && this.#token) return this.#token;
    throw new ApiError(
      'forbidden',
      `The ${role === 'it' ? 'IT' : 'volunteer'} session has ended; enter the ${role === 'it' ? 'PIN' : 'volunteer code'} again.`,
    );
  }

  /** Is this role unlocked here? */
  has(role: StaffRole): boolean {
    return this.role === role && this.#token !== null;
  }

  /** Ends the session: lock on the service (best effort, not awaited) and forget the token now. */
  end(): void {
    const token = this.#token;
    this.#token = null;
    this.role = null;
    if (token) void api.lock({ token }).catch(() => {});
    setSession(null);
  }

  /** The session has lapsed here as it has on the service (nothing called it for the idle time): it ends, saying so. */
  lapse(message: string): void {
    this.endedMessage = message;
    this.end();
  }

  /**
   * Wraps a staff call: a "forbidden" answer means the service no longer knows the session, so
   * the session ends here too and the screen can offer the PIN pad again.
   */
  guard<T>(fetch: () => Promise<T>): () => Promise<T> {
    return async () => {
      try {
        const value = await fetch();
        this.lastUsed = Date.now();
        return value;
      } catch (e) {
        if (e instanceof ApiError && e.code === 'forbidden') {
          this.endedMessage = e.message;
          this.end();
        }
        throw e;
      }
    };
  }
}

export const staff = new StaffSession();
