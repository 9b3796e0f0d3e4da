/**
 * Which compiled better-sqlite3 addon to load. Under Electron started from the source tree
 * (`npm start`), node_modules holds the addon built for the system Node, whose ABI differs from
 * Electron's; `kiosk start` then builds one for Electron and names it in KIOSK_SQLITE_BINDING.
 * Undefined means better-sqlite3's own default addon (Node, tests, the packaged app).
 *
 * The rule: KIOSK_SQLITE_BINDING is a development switch. It is honoured under plain Node (tests,
 * the command line from a checkout) and under Electron run on a source folder (`electron <dir>`,
 * which is how `kiosk start` runs it: process.defaultApp is true), and never in a packaged app
 * (Electron without defaultApp), where it would let whoever sets the kiosk's environment load any
 * native code into the main process. The shell also drops it when app.isPackaged
 * (electron/policy.ts developmentSwitches).
 */
export interface SqliteRuntime {
  /** Running inside Electron (process.versions.electron is set). */
  electron: boolean;
  /** Electron's default app is running a folder given on its command line (process.defaultApp). */
  defaultApp: boolean;
}

export function currentRuntime(p: NodeJS.Process = process): SqliteRuntime {
  return { electron: typeof p.versions.electron === 'string', defaultApp: (p as { defaultApp?: boolean }).defaultApp === true };
}

export function sqliteNativeBinding(env: NodeJS.ProcessEnv = process.env, runtime: SqliteRuntime = currentRuntime()): string | undefined {
  const v = env.KIOSK_SQLITE_BINDING;
  if (!v) return undefined;
  return runtime.electron && !runtime.defaultApp ? undefined : v;
}
