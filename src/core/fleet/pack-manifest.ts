/**
 * The claims a pack's manifest makes (id, version, site), read without trusting them: for the
 * publisher, to list a pack in a repository, and for a kiosk, to check that a downloaded pack is
 * the one the repository's signed targets describe before it is verified and installed.
 */
import { PackArchive } from '../packs/archive.js';
import { PackError } from '../packs/errors.js';
import { DEFAULT_LIMITS, MANIFEST_NAME, Manifest, SIGNATURES_NAME } from '../packs/format.js';

export interface PackClaims {
  packId: string;
  version: number;
  site: string | null;
  created: string;
  expires: string | null;
}

/** Throws a PackError with one sentence when the file is not a readable, signed pack. */
export async function readPackClaims(file: string): Promise<PackClaims> {
  const archive = await PackArchive.open(file, { ...DEFAULT_LIMITS });
  try {
    if (!archive.entries.has(MANIFEST_NAME)) throw new PackError('manifest-missing', `${file} has no ${MANIFEST_NAME}; it is not a content pack.`);
    if (!archive.entries.has(SIGNATURES_NAME)) throw new PackError('signature-missing', `${file} has no ${SIGNATURES_NAME}; it is not signed.`);
    const bytes = await archive.readAll(MANIFEST_NAME);
    let parsed;
    try {
      parsed = Manifest.safeParse(JSON.parse(bytes.toString('utf8')));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) throw new PackError('manifest-malformed', `The manifest of ${file} is not valid.`);
    const m = parsed.data;
    return { packId: m.packId, version: m.version, site: m.site ?? null, created: m.created, expires: m.expires ?? null };
  } finally {
    archive.close();
  }
}
