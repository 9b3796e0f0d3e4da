/**
 * The content model: one zod schema that every piece of content passes through, whether it is
 * the built-in content under resources/content or a signed content pack. The TypeScript types
 * used by the store, the API and the UI are inferred from here, never written twice.
 *
 * Every visitor-facing text is bilingual (Simplified Chinese and English). Facts a kiosk needs
 * but the source material lacks (floor, room, hours, phone) are written as a Placeholder, which
 * the UI shows as "to be confirmed" rather than as an invented value.
 */
import { z } from 'zod';

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** A text in both languages. */
export const LText = z.strictObject({ zh: nonEmpty, en: nonEmpty });
export type LText = z.infer<typeof LText>;

/** A fact the source material does not give: shown as "to be confirmed", replaced by a pack. */
export const Placeholder = z.strictObject({
  placeholder: z.literal(true),
  note: LText.optional(),
});
export type Placeholder = z.infer<typeof Placeholder>;

export function isPlaceholder(v: unknown): v is Placeholder {
  return typeof v === 'object' && v !== null && (v as { placeholder?: unknown }).placeholder === true;
}

/** How a number in the source is qualified: "more than 1,200", "nearly 190,000". */
export const Qualifier = z.enum(['exact', 'over', 'nearly', 'about']);
export type Qualifier = z.infer<typeof Qualifier>;

export const Figure = z.strictObject({
  /** Stable key, e.g. "beds", "annual-outpatients". */
  key: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens'),
  value: z.number().nonnegative().finite(),
  qualifier: Qualifier.default('exact'),
  label: LText,
  /** Unit shown after the number, e.g. 万元 / yuan. */
  unit: LText.optional(),
});
export type Figure = z.infer<typeof Figure>;

/** A named thing in a list: a service, examination, subspecialty, equipment, partner. */
export const Item = z.strictObject({
  name: LText,
  detail: LText.optional(),
  count: z.number().int().positive().optional(),
  /** Extra search terms: lay words, abbreviations, synonyms ("DVT", "静脉曲张"). */
  keywords: z.array(nonEmpty).default([]),
});
export type Item = z.infer<typeof Item>;

export const Honour = z.strictObject({
  year: z.number().int().min(1900).max(2100).optional(),
  kind: z.enum(['first', 'honour', 'designation']),
  text: LText,
});
export type Honour = z.infer<typeof Honour>;

export const Partner = z.strictObject({
  name: LText,
  country: LText.optional(),
});

export const StaffGroup = z.strictObject({
  label: LText,
  value: z.number().int().nonnegative(),
  qualifier: Qualifier.default('exact'),
});

export const Staff = z.strictObject({
  total: z.strictObject({ value: z.number().int().nonnegative(), qualifier: Qualifier.default('exact') }).optional(),
  byRank: z.array(StaffGroup).default([]),
  byDegree: z.array(StaffGroup).default([]),
});

export const Research = z.strictObject({
  /** The period the figures cover, e.g. "in the past three years". */
  period: LText,
  figures: z.array(Figure).default([]),
  notes: z.array(LText).default([]),
});

const placeholderOr = <T extends z.ZodType>(t: T) => z.union([Placeholder, t]);

export const Location = z.strictObject({
  building: placeholderOr(LText),
  floor: placeholderOr(z.string().trim().min(1).max(16)),
  room: placeholderOr(LText),
  /** Where the kiosk's walking graph reaches this department (used by directions). */
  point: z.string().optional(),
});
export type Location = z.infer<typeof Location>;

export const OpeningHours = z.array(z.strictObject({ days: LText, time: nonEmpty }));

export const Department = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and hyphens'),
  name: LText,
  category: LText,
  established: z.strictObject({ year: z.number().int().min(1800).max(2100), note: LText.optional() }).optional(),
  /** One or two sentences for lists and cards. */
  summary: LText,
  /** Paragraphs for the department page. */
  description: z.array(LText).min(1),
  figures: z.array(Figure).default([]),
  staff: Staff.optional(),
  services: z.array(Item).default([]),
  subspecialties: z.array(Item).default([]),
  equipment: z.array(Item).default([]),
  honours: z.array(Honour).default([]),
  research: Research.optional(),
  partners: z.array(Partner).default([]),
  teaching: z.array(LText).default([]),
  location: Location,
  hours: placeholderOr(OpeningHours),
  phone: placeholderOr(z.string().regex(/^[0-9+()\- ]{3,32}$/, 'must be a phone number')),
  website: z.url({ protocol: /^https$/ }).optional(),
  keywords: z.strictObject({ zh: z.array(nonEmpty).default([]), en: z.array(nonEmpty).default([]) }).default({ zh: [], en: [] }),
});
export type Department = z.infer<typeof Department>;
export type DepartmentInput = z.input<typeof Department>;

export const Hospital = z.strictObject({
  name: LText,
  shortName: LText.optional(),
  city: LText,
  address: placeholderOr(LText),
  phone: placeholderOr(z.string().regex(/^[0-9+()\- ]{3,32}$/, 'must be a phone number')),
  website: z.url({ protocol: /^https$/ }).optional(),
  /** Where emergencies go: always shown on the kiosk. */
  emergency: LText,
  welcome: LText,
});
export type Hospital = z.infer<typeof Hospital>;

/** The whole of a content source, as loaded from a folder or a pack. */
export const Content = z
  .strictObject({
    hospital: Hospital,
    departments: z.array(Department).min(1, 'must list at least one department'),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.departments.forEach((d, i) => {
      if (seen.has(d.id)) {
        ctx.addIssue({ code: 'custom', path: ['departments', i, 'id'], message: `duplicates the id "${d.id}"` });
      }
      seen.add(d.id);
    });
  });
export type Content = z.infer<typeof Content>;
