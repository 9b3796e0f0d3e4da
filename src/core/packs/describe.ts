/**
 * Packs, status and changes described in plain lines for people (the `kiosk` commands; the IT
 * screen can reuse them). Pure: no I/O.
 */
import type { LText } from '../../shared/content.js';
import type { ContentDiff, PackStatus, PackSummary, Signer } from '../../shared/results.js';

export function signerText(s: Signer): string {
  return s.name ? `${s.keyId} (${s.name})` : s.keyId;
}

const name = (n: LText) => `${n.en} / ${n.zh}`;

export function bytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function describeSummary(s: PackSummary): string[] {
  return [
    `Pack:         ${s.packId}`,
    `Version:      ${s.version}`,
    `Hospital:     ${name(s.hospital)}`,
    `Signed by:    ${s.signers.map(signerText).join(', ')}`,
    `Created:      ${s.created}`,
    `Expires:      ${s.expires ?? 'never'}`,
    `Site:         ${s.site ?? 'any site'}`,
    `Needs app:    ${s.minAppVersion} or later`,
    `Files:        ${s.files} (${bytes(s.bytes)})`,
    `Departments:  ${s.departments.length}: ${s.departments.map((d) => d.id).join(', ')}`,
    ...(s.newKeys ? [`New keys:     ${s.newKeys.keyIds.join(', ')} (${s.newKeys.threshold} required); replaces this kiosk's key list when installed`] : []),
    `Manifest:     sha256 ${s.manifestSha256}`,
  ];
}

export function describeDiff(d: ContentDiff): string[] {
  const SHOWN = 12;
  const list = (xs: { id: string }[]) =>
    xs.length
      ? `: ${xs
          .slice(0, SHOWN)
          .map((x) => x.id)
          .join(', ')}${xs.length > SHOWN ? ` and ${xs.length - SHOWN} more` : ''}`
      : '';
  return [
    `Changes:      ${d.added.length} added${list(d.added)}; ${d.changed.length} changed${list(d.changed)}; ${d.removed.length} removed${list(d.removed)}; ${d.unchanged} unchanged${d.hospitalChanged ? '; hospital details changed' : ''}`,
  ];
}

export function describeStatus(st: PackStatus): string[] {
  const out = [`Data folder:  ${st.dataDir}`, `Site:         ${st.site}`];
  const i = st.installed;
  if (i) {
    out.push(
      `Installed:    ${i.builtIn ? 'built-in content' : `pack ${i.packId}`}, version ${i.version}`,
      `Signed by:    ${i.signers.length ? i.signers.join(', ') : 'nobody (built-in content ships with the app)'}`,
      `Installed at: ${i.installedAt}`,
      `Created:      ${i.createdAt}`,
      `Expires:      ${i.expires ? `${i.expires}${i.expired ? ' (EXPIRED: install a current pack)' : ''}` : 'never'}`,
    );
  } else {
    out.push(`Installed:    nothing${st.installedError ? ` (${st.installedError})` : ' yet; the kiosk installs the built-in content when it starts'}`);
  }
  if (st.kept.length) {
    out.push('Kept for rollback (newest first):');
    for (const k of st.kept) {
      out.push(
        k.status
          ? `  version ${k.status.version}  ${k.status.builtIn ? 'built-in' : k.status.packId}  installed ${k.status.installedAt}`
          : `  ${k.rel}: cannot be opened (${k.error})`,
      );
    }
  } else {
    out.push('Kept for rollback: nothing');
  }
  out.push(`Highest version accepted: ${st.highestVersionAccepted}; a pack must carry a higher version to be installed.`);
  if (st.stateError) out.push(`Warning: ${st.stateError}`);
  if (st.interrupted)
    out.push(`An install of ${st.interrupted.packId} version ${st.interrupted.version} was interrupted; the next install or rollback finishes or discards it.`);
  if ('error' in st.trust) out.push(`Trusted keys: ${st.trust.error}`);
  else {
    out.push(`Trusted keys: ${st.trust.keys.length}, ${st.trust.threshold} signature${st.trust.threshold === 1 ? '' : 's'} required`);
    for (const k of st.trust.keys) out.push(`  ${signerText(k)}  from ${k.source}`);
    if (st.trust.rotatedBy)
      out.push(`  (key list replaced by pack ${st.trust.rotatedBy.packId} version ${st.trust.rotatedBy.version} at ${st.trust.rotatedBy.at})`);
  }
  return out;
}
