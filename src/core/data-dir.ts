/**
 * Where the data folder is by default: the platform's application-data folder, unless
 * KIOSK_DATA_DIR says otherwise. Apart from ./datafolder.ts (which re-exports it) so that every
 * `kiosk` command can name its data folder without loading what reads and writes one.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_FOLDER_NAME = 'lobby-kiosk';

/** The platform's application-data folder for the kiosk, unless KIOSK_DATA_DIR says otherwise. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.KIOSK_DATA_DIR) return resolve(env.KIOSK_DATA_DIR);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER_NAME);
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), APP_FOLDER_NAME);
}
