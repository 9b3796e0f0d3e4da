/**
 * The content store the kiosk runs on: SQLite (db/). The one place that chooses it; everything
 * in src/app that opens or builds content takes it from here.
 */
import { sqliteContentStore } from '../../db/store.js';
import { installBuiltIn as installBuiltInWith } from '../core/content/builtin.js';
import type { DataFolder } from '../core/datafolder.js';
import type { ContentStore } from '../core/ports.js';

export const contentStore: ContentStore = sqliteContentStore;

/** Build the built-in content into a new database of the data folder and make it live. */
export function installBuiltIn(folder: DataFolder, sourceDir?: string): string {
  return installBuiltInWith(contentStore, folder, sourceDir);
}
