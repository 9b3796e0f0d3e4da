/**
 * The photos a content set carries: which paths it refers to, and what type an image is from its
 * first bytes (PNG, JPEG or WebP; anything else is refused). Pure byte checks, no I/O.
 */
import type { Content } from './schema.js';

/** The image paths the content refers to (department photos, doctors' portraits). */
export function referencedAssets(content: Pick<Content, 'departments'> & Partial<Pick<Content, 'doctors'>>): string[] {
  return [
    ...content.departments.flatMap((d) => (d.photo ? [d.photo.path] : [])),
    ...(content.doctors?.doctors ?? []).flatMap((d) => (d.photo ? [d.photo.path] : [])),
  ];
}

/** The MIME type of an image from its magic bytes, or undefined for anything else. */
export function imageType(data: Buffer): string | undefined {
  if (data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length > 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}
