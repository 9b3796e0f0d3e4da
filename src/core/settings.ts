/**
 * Kiosk settings, from the data folder's kiosk.json. Each setting is validated on its own: a bad
 * one gets a sentence naming it and falls back to its safe default, so a typo in one line never
 * stops the kiosk from starting.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { DATE, TIME, WEEKDAYS, minutes, type DisplaySchedule } from '../shared/schedule.js';
import { LANGS, type Lang } from '../shared/content.js';

export interface Settings {
  /** The site this kiosk belongs to; packs made for another site are refused. */
  site: string;
  defaultLanguage: Lang;
  /** Seconds without a touch before the idle warning. */
  idleSeconds: number;
  /** Folders searched for content packs (USB sticks are mounted under these). */
  packFolders: string[];
  /** The point of the content's walking graph where this kiosk stands; null: the content's default. */
  kioskPoint: string | null;
  /** Install newer valid packs found in packFolders on their own while the kiosk is idle (packs/watch.ts). */
  autoInstall: boolean;
  /** A fleet repository to pull packs from: http(s), or a folder holding a copy (fleet/updater.ts); null: off. */
  updateUrl: string | null;
  updateEverySeconds: number;
  /** This kiosk's rollout ring: "canary" kiosks are offered a pack first. */
  ring: string;
  /** This kiosk's id for percentage rollouts and /metrics; null: one made once in the data folder. */
  kioskId: string | null;
  /** Also serve /metrics to the network on this port, behind the bearer token in the data folder; null: loopback only. */
  metricsPort: number | null;
  /** When the screen is lit (opening hours per weekday, with holidays); null: always. */
  displaySchedule: DisplaySchedule | null;
  /**
   * How many installed contents the data folder keeps, the live one included: staff can roll
   * back to any of them and forward again; older ones are deleted when a pack is installed.
   */
  keepContents: number;
}

export function defaultPackFolders(platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'win32') return ['D:\\', 'E:\\', 'F:\\', 'G:\\'];
  if (platform === 'darwin') return ['/Volumes'];
  return ['/media', '/run/media', '/mnt'];
}

export const DEFAULT_SETTINGS: Settings = {
  site: 'default',
  defaultLanguage: 'zh',
  idleSeconds: 90,
  packFolders: defaultPackFolders(),
  kioskPoint: null,
  autoInstall: false,
  updateUrl: null,
  updateEverySeconds: 300,
  ring: 'stable',
  kioskId: null,
  metricsPort: null,
  displaySchedule: null,
  keepContents: 3,
};

/** The most installed contents a data folder keeps (each is a whole content database on disk). */
export const MAX_KEEP_CONTENTS = 10;

const period = z
  .tuple([z.string().regex(TIME, 'must give times as "HH:MM"'), z.string().regex(TIME, 'must give times as "HH:MM"')], {
    error: 'must give each period as ["HH:MM", "HH:MM"]',
  })
  .refine(([from, to]) => minutes(from) < minutes(to), 'must give each period a start before its end');
const periods = z.array(period, { error: 'must give each day a list of periods' }).max(8, 'must give at most 8 periods a day');
const displaySchedule = z.strictObject(
  {
    days: z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, periods.optional()])) as Record<(typeof WEEKDAYS)[number], z.ZodOptional<typeof periods>>, {
      error: 'must name weekdays as sun, mon, tue, wed, thu, fri, sat',
    }),
    holidays: z
      .record(z.string(), periods, { error: 'must list holidays as an object of dates' })
      .refine((h) => Object.keys(h).every((d) => DATE.test(d)), 'must name holidays by date, "YYYY-MM-DD"')
      .refine((h) => Object.keys(h).length <= 1000, 'must list at most 1000 holidays')
      .default({}),
  },
  { error: 'must be an object with "days" and "holidays"' },
);

const fields = {
  site: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a short name of letters, digits, dots, dashes or underscores'),
  defaultLanguage: z.enum(LANGS, { error: 'must be "zh" or "en"' }),
  idleSeconds: z
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(30, 'must be at least 30 seconds')
    .max(3600, 'must be at most 3600 seconds'),
  packFolders: z.array(z.string().min(1), { error: 'must be a list of folder paths' }).max(32),
  kioskPoint: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be the id of a point on the map')
    .nullable(),
  autoInstall: z.boolean({ error: 'must be true or false' }),
  updateUrl: z
    .string()
    .max(2048)
    .refine(
      (u) => /^https?:\/\/[^\s]+$/i.test(u) || /^file:\/\/\/[^\s]*$/i.test(u) || /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(u),
      'must be an http or https address, or the full path of a folder',
    )
    .nullable(),
  updateEverySeconds: z
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(10, 'must be at least 10 seconds')
    .max(86400, 'must be at most 86400 seconds (a day)'),
  ring: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a short name such as "canary" or "stable"'),
  kioskId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a short name of letters, digits, dots, dashes or underscores')
    .nullable(),
  metricsPort: z
    .number({ error: 'must be a port number' })
    .int()
    .min(1024, 'must be a port from 1024 to 65535')
    .max(65535, 'must be a port from 1024 to 65535')
    .nullable(),
  displaySchedule: displaySchedule.nullable(),
  keepContents: z
    .number({ error: 'must be a number of contents' })
    .int('must be a whole number of contents')
    .min(2, 'must be at least 2 (the live content and one to roll back to)')
    .max(MAX_KEEP_CONTENTS, `must be at most ${MAX_KEEP_CONTENTS} (each is a whole content database on disk)`),
} satisfies { [K in keyof Settings]: z.ZodType<Settings[K], unknown> };

export interface LoadedSettings {
  settings: Settings;
  /** One sentence per problem found; empty when kiosk.json is fine or absent. */
  warnings: string[];
}

export function parseSettings(raw: unknown, source = 'kiosk.json'): LoadedSettings {
  const settings: Settings = { ...DEFAULT_SETTINGS, packFolders: [...DEFAULT_SETTINGS.packFolders] };
  const warnings: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { settings, warnings: [`${source} must hold a JSON object; using the default settings.`] };
  }
  for (const [key, value] of Object.entries(raw)) {
    // Own properties only: `key in fields` is also true of constructor, toString, __proto__ and
    // every other name an object inherits, which are not settings.
    if (!Object.hasOwn(fields, key)) {
      warnings.push(`${source}: "${key}" is not a kiosk setting and was ignored.`);
      continue;
    }
    const k = key as keyof Settings;
    const r = fields[k].safeParse(value);
    if (r.success) (settings as unknown as Record<string, unknown>)[k] = r.data;
    else warnings.push(`${source}: "${k}" ${r.error.issues[0]?.message ?? 'is not valid'}; using the default (${JSON.stringify(DEFAULT_SETTINGS[k])}).`);
  }
  return { settings, warnings };
}

export function loadSettings(file: string): LoadedSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return parseSettings({});
    return { ...parseSettings({}), warnings: [`kiosk.json cannot be read (${(e as NodeJS.ErrnoException).code}); using the default settings.`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ...parseSettings({}), warnings: ['kiosk.json is not valid JSON; using the default settings. Fix the file and restart the kiosk.'] };
  }
  return parseSettings(raw);
}
