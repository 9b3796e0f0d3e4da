/**
 * Packs, status and changes described in plain lines for people (the `kiosk` commands; the IT
 * screen can reuse them). Pure: no I/O.
 */
import type { LText } from '../../shared/content.js';
import { describeRefusal } from '../../shared/messages.js';
import type {
  ContentDiff,
  ContentHistory,
  DepartmentField,
  FieldChange,
  HistoryEntry,
  ListedPack,
  PackStatus,
  PackSummary,
  PackVerdict,
  Signer,
} from '../../shared/results.js';

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

const FIELD_NAMES: Record<DepartmentField, string> = {
  name: 'name',
  category: 'category',
  established: 'established',
  summary: 'summary',
  description: 'description',
  figures: 'key figures',
  staff: 'staff',
  services: 'services',
  subspecialties: 'subspecialties',
  equipment: 'equipment',
  honours: 'honours',
  research: 'research',
  partners: 'partners',
  teaching: 'teaching',
  location: 'location',
  hours: 'hours',
  phone: 'phone',
  website: 'website',
  photo: 'photo',
  keywords: 'search words',
};

const valueText = (v: LText | null) => (v === null ? 'not given' : v.en === v.zh ? `"${v.en}"` : `"${v.en}" / "${v.zh}"`);

/** One field's change in a few words: `phone: "0431-1" → "0431-2"`, `services +2 −1 (5 → 6)`. */
export function describeFieldChange(c: FieldChange): string {
  const f = FIELD_NAMES[c.field];
  if (c.kind === 'value') return `${f}: ${valueText(c.before)} → ${valueText(c.after)}`;
  if (c.kind === 'text') return `${f} changed`;
  const parts = [c.added ? `+${c.added}` : '', c.removed ? `−${c.removed}` : '', c.changed ? `${c.changed} changed` : ''].filter(Boolean);
  return parts.length ? `${f} ${parts.join(' ')} (${c.before} → ${c.after})` : `${f} reordered`;
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
  const out = [
    `Changes:      ${d.added.length} added${list(d.added)}; ${d.changed.length} changed${list(d.changed)}; ${d.removed.length} removed${list(d.removed)}; ${d.unchanged} unchanged${d.hospitalChanged ? '; hospital details changed' : ''}`,
  ];
  const SHOWN_CHANGED = 50;
  for (const c of d.changed.slice(0, SHOWN_CHANGED)) {
    out.push(`  ${c.id} (${name(c.name)}): ${c.fields.length ? c.fields.map(describeFieldChange).join('; ') : 'changed'}`);
  }
  if (d.changed.length > SHOWN_CHANGED) out.push(`  … and ${d.changed.length - SHOWN_CHANGED} more changed departments ("kiosk verify --json" lists them all)`);
  const p = d.places;
  if (p.added.length || p.removed.length || p.changed.length) {
    out.push(
      `Places:       ${p.added.length} added${list(p.added)}; ${p.changed.length} changed${list(p.changed)}; ${p.removed.length} removed${list(p.removed)}; ${p.unchanged} unchanged`,
    );
  }
  const doc = d.doctors;
  if (doc.added.length || doc.removed.length || doc.changed.length) {
    out.push(
      `Doctors:      ${doc.added.length} added${list(doc.added)}; ${doc.changed.length} changed${list(doc.changed)}; ${doc.removed.length} removed${list(doc.removed)}; ${doc.unchanged} unchanged`,
    );
  }
  return out;
}

export function describeHistory(h: ContentHistory): string[] {
  const row = (e: HistoryEntry) => {
    const s = e.status;
    if (!s) return `  ${e.rel}: cannot be opened (${e.error ?? 'unknown error'})`;
    const mark = e.live ? 'live   ' : e.direction === 'forward' ? 'forward' : e.direction === 'back' ? 'back   ' : 'same   ';
    return `  ${mark}  version ${String(s.version).padEnd(6)} ${(s.builtIn ? 'built-in' : s.packId).padEnd(20)} installed ${s.installedAt}  created ${s.createdAt}${e.manifestSha256 ? `  manifest ${e.manifestSha256.slice(0, 16)}…` : ''}`;
  };
  const out = [`Kept contents (${h.kept.length + (h.live ? 1 : 0)} of at most ${h.keep}; "kiosk rollback --to VERSION" makes one live):`];
  if (h.live) out.push(row(h.live));
  for (const e of h.kept) out.push(row(e));
  out.push(`Highest version accepted: ${h.highestVersionAccepted}; other packs must carry a higher version, except the very packs accepted before.`);
  if (h.stateError) out.push(`Warning: ${h.stateError}`);
  if (h.accepted.length) {
    out.push('Packs accepted (newest first):');
    for (const a of h.accepted.slice(0, 20))
      out.push(`  version ${String(a.version).padEnd(6)} ${a.packId.padEnd(20)} accepted ${a.acceptedAt}  manifest ${a.manifestSha256.slice(0, 16)}…`);
  }
  return out;
}

const VERDICT_TEXT: Record<PackVerdict, string> = {
  installable: 'installable',
  'older-or-equal': 'older or equal',
  'wrong-site': 'wrong site',
  untrusted: 'not signed by a trusted key',
  expired: 'expired',
  damaged: 'damaged',
  refused: 'refused',
  checking: 'checking',
};

/** The pack list as a table: verdict, version, pack id, signers, created, expires, site, file; then why each refused one is refused. */
export function describePackList(packs: readonly ListedPack[]): string[] {
  if (!packs.length) return ['No packs found.'];
  const rows = packs.map((p) => [
    VERDICT_TEXT[p.verdict] + (p.acceptedBefore && p.verdict === 'installable' ? ' (accepted before)' : ''),
    p.version === null ? '?' : String(p.version),
    p.packId ?? '?',
    p.signers.length ? p.signers.map((s) => s.name ?? s.keyId).join(', ') : '-',
    p.created?.slice(0, 10) ?? '?',
    p.expires ? p.expires.slice(0, 10) : p.packId ? 'never' : '?',
    p.site ?? (p.packId ? 'any' : '?'),
    p.name,
  ]);
  const head = ['verdict', 'version', 'pack', 'signed by', 'created', 'expires', 'site', 'file'];
  const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(head), ...rows.map(line)];
  for (const p of packs) if (p.check) out.push(`${p.name}: ${describeRefusal(p.check, p.params, 'en')}`);
  return out;
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
