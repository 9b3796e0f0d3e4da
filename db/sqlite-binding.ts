/**
 * Which compiled better-sqlite3 addon to load. Under Electron started from the source tree
 * (`npm start`), node_modules holds the addon built for the system Node, whose ABI differs from
 * Electron's; `kiosk start` then builds one for Electron and names it in KIOSK_SQLITE_BINDING.
 * Undefined means better-sqlite3's own default addon (Node, tests, the packaged app).
 */
export function sqliteNativeBinding(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env.KIOSK_SQLITE_BINDING;
  return v ? v : undefined;
}
