/**
 * The built-in content (resources/content): version 0, what a kiosk shows before any pack and
 * what an install puts in place first on an empty data folder, so there is something to roll
 * back to.
 */
import type { DataFolder } from '../datafolder.js';
import { builtInContentDir } from '../paths.js';
import { buildWhole, type ContentMeta, type ContentStore } from '../ports.js';
import { loadContentSource, sourceAssets } from './source.js';

export const BUILT_IN_PACK_ID = 'built-in';

export function builtInMeta(): ContentMeta {
  return { version: 0, packId: BUILT_IN_PACK_ID, builtIn: true, createdAt: new Date().toISOString(), expires: null, signers: [] };
}

/** Build the built-in content into a new database of the data folder and make it live. */
export function installBuiltIn(store: ContentStore, folder: DataFolder, sourceDir = builtInContentDir()): string {
  const content = loadContentSource(sourceDir);
  const rel = folder.newDatabaseName(0);
  buildWhole(store.builder(folder.path(rel), content, builtInMeta()), content, sourceAssets(sourceDir));
  folder.activate(rel);
  return rel;
}
