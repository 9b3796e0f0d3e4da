/**
 * The content model: one zod schema that every piece of content passes through, whether it is
 * the built-in content under resources/content or a signed content pack. The TypeScript types
 * the store, the API and the UI use are src/shared/content.ts (the renderer may not load zod);
 * the end of this file checks at compile time that each schema produces exactly its type.
 *
 * Every visitor-facing text is bilingual (Simplified Chinese and English). Facts a kiosk needs
 * but the source material lacks (floor, room, hours, phone) are written as a Placeholder, which
 * the UI shows as "to be confirmed" rather than as an invented value.
 */
import * as z from 'zod';
import type * as S from '../../shared/content.js';
import { CLINIC_KINDS, CLINIC_PERIODS, EDGE_KINDS, PLACE_KINDS, POINT_KINDS, SESSION_CHANGES, ISO_WEEKDAYS } from '../../shared/content.js';
import { HOURS_DATE, HOURS_TIME } from '../../shared/hours.js';
import { minutes } from '../../shared/schedule.js';

export {
  CLINIC_KINDS,
  CLINIC_PERIODS,
  EDGE_KINDS,
  LANGS,
  PLACE_KINDS,
  POINT_KINDS,
  ISO_WEEKDAYS,
  SESSION_CHANGES,
  edgeStepFree,
  isPlaceholder,
} from '../../shared/content.js';
export type { Lang } from '../../shared/content.js';

/*
 * Caps on what content may hold: generous for any real hospital (the bench's 10,000 departments
 * of 20 rows each fit with room to spare), small enough that one pack cannot fill the kiosk's
 * memory or slow every search (a signed pack with a 30 MB department summary once took 1.4 GB
 * to install, and a search 30 s). Every text and every list has one; each refusal names the file
 * and the field.
 */
/** Names, titles, labels, categories, buildings, rooms, opening times, alt texts. */
export const MAX_NAME_CHARS = 200;
/** Summaries, paragraphs, details, notes: one text. */
export const MAX_TEXT_CHARS = 4000;
/** One entry of a list of words: a keyword, a synonym, an emergency term. */
export const MAX_ITEM_CHARS = 500;
/** Entries of any list (services, keywords, paragraphs, figures, topics…) unless it says otherwise. */
export const MAX_LIST_ENTRIES = 500;
/** Departments in one content set. */
export const MAX_DEPARTMENTS = 20_000;
/** The walking graph reaches every department, so it may be larger than any other list. */
export const MAX_MAP_POINTS = 50_000;
export const MAX_MAP_EDGES = 100_000;
export const MAX_FLOORS = 300;
/** Ids and the references to them (map points, floors, departments, places). */
const MAX_ID_CHARS = 64;
/** Content paths (images/…, maps/…) and web addresses. */
const MAX_PATH_CHARS = 200;
const MAX_URL_CHARS = 2000;

const tooLong = (max: number) => `must be at most ${max} characters`;
/** A string of at most `max` characters. */
const chars = (max: number) => z.string().max(max, tooLong(max));
/** A text that is not blank, at most `max` characters once trimmed. */
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, tooLong(max));
const nonEmpty = text(MAX_ITEM_CHARS);
/** A list of at most `max` entries. */
const list = <T extends z.ZodType>(entry: T, max = MAX_LIST_ENTRIES) => z.array(entry).max(max, `must list at most ${max} entries`);
const bilingual = (max: number) => z.strictObject({ zh: text(max), en: text(max) });
const ref = chars(MAX_ID_CHARS);

/** A text in both languages: a sentence or a paragraph. */
export const LText = bilingual(MAX_TEXT_CHARS);
export type LText = S.LText;
/** A name in both languages: the same shape as LText, shorter. */
export const LName = bilingual(MAX_NAME_CHARS);

/** A fact the source material does not give: shown as "to be confirmed", replaced by a pack. */
export const Placeholder = z.strictObject({
  placeholder: z.literal(true),
  note: LText.optional(),
});
export type Placeholder = S.Placeholder;

/** How a number in the source is qualified: "more than 1,200", "nearly 190,000". */
export const Qualifier = z.enum(['exact', 'over', 'nearly', 'about']);
export type Qualifier = S.Qualifier;

export const Figure = z.strictObject({
  /** Stable key, e.g. "beds", "annual-outpatients". */
  key: chars(MAX_ID_CHARS).regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens'),
  value: z.number().nonnegative().finite(),
  qualifier: Qualifier.default('exact'),
  label: LName,
  /** Unit shown after the number, e.g. 万元 / yuan. */
  unit: LName.optional(),
});
export type Figure = S.Figure;

/** A named thing in a list: a service, examination, subspecialty, equipment, partner. */
export const Item = z.strictObject({
  name: LName,
  detail: LText.optional(),
  count: z.number().int().positive().optional(),
  /** Extra search terms: lay words, abbreviations, synonyms ("DVT", "静脉曲张"). */
  keywords: list(nonEmpty).default([]),
});
export type Item = S.Item;

export const Honour = z.strictObject({
  year: z.number().int().min(1900).max(2100).optional(),
  kind: z.enum(['first', 'honour', 'designation']),
  text: LText,
});
export type Honour = S.Honour;

export const Partner = z.strictObject({
  name: LName,
  country: LName.optional(),
});

export const StaffGroup = z.strictObject({
  label: LName,
  value: z.number().int().nonnegative(),
  qualifier: Qualifier.default('exact'),
});

export const Staff = z.strictObject({
  total: z.strictObject({ value: z.number().int().nonnegative(), qualifier: Qualifier.default('exact') }).optional(),
  byRank: list(StaffGroup).default([]),
  byDegree: list(StaffGroup).default([]),
});

export const Research = z.strictObject({
  /** The period the figures cover, e.g. "in the past three years". */
  period: LName,
  figures: list(Figure).default([]),
  notes: list(LText).default([]),
});

const placeholderOr = <T extends z.ZodType>(t: T) => z.union([Placeholder, t]);

export const Location = z.strictObject({
  building: placeholderOr(LName),
  floor: placeholderOr(z.string().trim().min(1).max(16)),
  room: placeholderOr(LName),
  /** Where the kiosk's walking graph reaches this department (used by directions). */
  point: ref.optional(),
});
export type Location = S.Location;

/** A weekly opening period, local time: ISO weekdays 1–7 (Monday first), "HH:MM" to a later "HH:MM" ("24:00" ends the day). */
export const WeeklyPeriod = z
  .strictObject({
    weekdays: z
      .array(
        z
          .number()
          .int('must be a whole number')
          .min(1, 'must be a weekday from 1 (Monday) to 7 (Sunday)')
          .max(7, 'must be a weekday from 1 (Monday) to 7 (Sunday)'),
      )
      .min(1, 'must name at least one weekday')
      .max(7, 'must name each weekday at most once')
      .refine((w) => new Set(w).size === w.length, 'must name each weekday at most once'),
    from: z.string().regex(HOURS_TIME, 'must be a time such as 08:00'),
    to: z.string().regex(HOURS_TIME, 'must be a time such as 17:30 (24:00 for midnight)'),
  })
  .refine((p) => !HOURS_TIME.test(p.from) || !HOURS_TIME.test(p.to) || minutes(p.from) < minutes(p.to), {
    message: 'must end after it starts (an opening past midnight is two periods: to 24:00, and from 00:00 the next day)',
    path: ['to'],
  });
export type WeeklyPeriod = S.WeeklyPeriod;

/** A real calendar date, "YYYY-MM-DD". */
const calendarDate = z
  .string()
  .regex(HOURS_DATE, 'must be a date such as 2026-10-01')
  .refine((d) => {
    if (!HOURS_DATE.test(d)) return true; // said by the pattern
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, m - 1, day));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
  }, 'is not a date in the calendar');

export const OpeningHours = list(
  z.strictObject({
    days: LName,
    time: text(MAX_NAME_CHARS),
    /** The same hours as periods the kiosk can read, for "open now / closed now". */
    weekly: list(WeeklyPeriod, 50).min(1, 'must list at least one period').optional(),
    /** Dates this line's hours do not apply (holidays, closures). */
    closedOn: list(calendarDate, 366).optional(),
  }),
);

export const Department = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and hyphens'),
  name: LName,
  category: LName,
  established: z.strictObject({ year: z.number().int().min(1800).max(2100), note: LText.optional() }).optional(),
  /** One or two sentences for lists and cards. */
  summary: LText,
  /** Paragraphs for the department page. */
  description: list(LText).min(1),
  figures: list(Figure).default([]),
  staff: Staff.optional(),
  services: list(Item).default([]),
  subspecialties: list(Item).default([]),
  equipment: list(Item).default([]),
  honours: list(Honour).default([]),
  research: Research.optional(),
  partners: list(Partner).default([]),
  teaching: list(LText).default([]),
  location: Location,
  hours: placeholderOr(OpeningHours),
  phone: placeholderOr(z.string().regex(/^[0-9+()\- ]{3,32}$/, 'must be a phone number')),
  website: z
    .url({ protocol: /^https$/ })
    .max(MAX_URL_CHARS, tooLong(MAX_URL_CHARS))
    .optional(),
  /** A photo of the department's entrance or reception, shipped in the content under images/. */
  photo: z
    .strictObject({
      path: chars(MAX_PATH_CHARS).regex(/^images\/[a-z0-9][a-z0-9-]*\.(png|jpg|webp)$/, 'must name a PNG, JPEG or WebP file under images/'),
      alt: LName,
    })
    .optional(),
  keywords: z.strictObject({ zh: list(nonEmpty).default([]), en: list(nonEmpty).default([]) }).default({ zh: [], en: [] }),
});
export type Department = S.Department;
export type DepartmentInput = z.input<typeof Department>;

export const Hospital = z.strictObject({
  name: LName,
  shortName: LName.optional(),
  city: LName,
  address: placeholderOr(LText),
  phone: placeholderOr(z.string().regex(/^[0-9+()\- ]{3,32}$/, 'must be a phone number')),
  website: z
    .url({ protocol: /^https$/ })
    .max(MAX_URL_CHARS, tooLong(MAX_URL_CHARS))
    .optional(),
  /** Where emergencies go: always shown on the kiosk. */
  emergency: LText,
  welcome: LText,
});
export type Hospital = S.Hospital;

// ---------------------------------------------------------------------------------------------
// Wayfinding: floor plans and a walking graph. Points sit on a floor at plan coordinates (SVG user
// units, y down); edges are walkable connections with a length in metres.

const pointId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and hyphens');

export const Floor = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9-]{1,16}$/, 'must be a short floor id such as 1F or B1'),
  name: LName,
  /** Storey number for ordering; 1 is the ground floor, negative below ground. */
  level: z.number().int().min(-10).max(200),
  /** The floor plan file in the content, e.g. maps/floor-1.svg. */
  plan: chars(MAX_PATH_CHARS).regex(/^maps\/[a-z0-9-]+\.svg$/, 'must name an SVG file under maps/'),
  width: z.number().positive(),
  height: z.number().positive(),
  /**
   * Room and area names the kiosk places on the plan (at x, y in plan units): they stay upright
   * when the plan is turned, grow with large text and are kept clear of the route and its marks.
   * Names drawn into the SVG itself can do none of that.
   */
  labels: list(z.strictObject({ text: LName, x: z.number().finite(), y: z.number().finite() }), 200).default([]),
});
export type Floor = S.Floor;

export const MapPoint = z.strictObject({
  id: pointId,
  floor: ref,
  x: z.number().finite(),
  y: z.number().finite(),
  kind: z.enum(POINT_KINDS),
  name: LName.optional(),
  /**
   * For a kiosk: the way a visitor faces when standing at its screen, in degrees clockwise from
   * the top of the plan (0 = up the plan, 90 = to its right). The kiosk turns its plans so that
   * this way is up.
   */
  heading: z.number().min(0).lt(360).optional(),
});
export type MapPoint = S.MapPoint;

export const MapEdge = z.strictObject({
  from: pointId,
  to: pointId,
  /** Walking length in metres (for lifts: an equivalent effort). */
  length: z.number().positive().max(10_000),
  kind: z.enum(EDGE_KINDS).default('walk'),
  /** Usable in a wheelchair; stairs and escalators never are. */
  stepFree: z.boolean().optional(),
  /**
   * The way the edge is walked, as plan points between its two ends (from "from" towards "to"),
   * so that a route is drawn along the corridors rather than straight across rooms.
   */
  via: list(z.strictObject({ x: z.number().finite(), y: z.number().finite() }), 64)
    .min(1)
    .optional(),
});
export type MapEdge = S.MapEdge;

export const Wayfinding = z
  .strictObject({
    /** True for a plan drawn to show how directions work, not the real building. */
    placeholder: z.boolean().default(false),
    note: LText.optional(),
    floors: list(Floor, MAX_FLOORS).min(1),
    points: list(MapPoint, MAX_MAP_POINTS).min(1),
    edges: list(MapEdge, MAX_MAP_EDGES).default([]),
    /** Where a kiosk stands unless its settings say otherwise. */
    defaultKioskPoint: pointId,
  })
  .superRefine((w, ctx) => {
    const floors = new Map(w.floors.map((f) => [f.id, f]));
    const outside = (f: Floor, q: { x: number; y: number }) => q.x < 0 || q.y < 0 || q.x > f.width || q.y > f.height;
    w.floors.forEach((f, i) =>
      f.labels.forEach((l, j) => {
        if (outside(f, l)) ctx.addIssue({ code: 'custom', path: ['floors', i, 'labels', j], message: `is outside the plan (${f.width} × ${f.height})` });
      }),
    );
    const points = new Map<string, MapPoint>();
    w.points.forEach((p, i) => {
      if (points.has(p.id)) ctx.addIssue({ code: 'custom', path: ['points', i, 'id'], message: `duplicates the point "${p.id}"` });
      if (!floors.has(p.floor)) ctx.addIssue({ code: 'custom', path: ['points', i, 'floor'], message: `names a floor "${p.floor}" that is not listed` });
      if (p.heading !== undefined && p.kind !== 'kiosk') ctx.addIssue({ code: 'custom', path: ['points', i, 'heading'], message: 'is for kiosk points only' });
      points.set(p.id, p);
    });
    w.edges.forEach((e, i) => {
      const a = points.get(e.from);
      const b = points.get(e.to);
      if (!a) ctx.addIssue({ code: 'custom', path: ['edges', i, 'from'], message: `names a point "${e.from}" that is not listed` });
      if (!b) ctx.addIssue({ code: 'custom', path: ['edges', i, 'to'], message: `names a point "${e.to}" that is not listed` });
      if (a && b) {
        const vertical = e.kind === 'lift' || e.kind === 'stairs' || e.kind === 'escalator';
        if (vertical && a.floor === b.floor) ctx.addIssue({ code: 'custom', path: ['edges', i, 'kind'], message: `a ${e.kind} must join two floors` });
        if (!vertical && a.floor !== b.floor)
          ctx.addIssue({ code: 'custom', path: ['edges', i, 'kind'], message: `a ${e.kind} edge must stay on one floor; use lift, stairs or escalator` });
      }
      if (e.via && a && b) {
        const f = floors.get(a.floor);
        if (a.floor !== b.floor || e.kind === 'lift' || e.kind === 'stairs' || e.kind === 'escalator') {
          ctx.addIssue({
            code: 'custom',
            path: ['edges', i, 'via'],
            message: `only a walk or ramp edge on one floor is drawn along the way; a ${e.kind} is not`,
          });
        } else if (f) {
          const off = e.via.findIndex((q) => outside(f, q));
          if (off >= 0) ctx.addIssue({ code: 'custom', path: ['edges', i, 'via', off], message: `is outside the plan of ${f.id} (${f.width} × ${f.height})` });
        }
      }
      if ((e.kind === 'stairs' || e.kind === 'escalator') && e.stepFree) {
        ctx.addIssue({ code: 'custom', path: ['edges', i, 'stepFree'], message: `${e.kind} cannot be step-free` });
      }
    });
    const kiosk = points.get(w.defaultKioskPoint);
    if (!kiosk) ctx.addIssue({ code: 'custom', path: ['defaultKioskPoint'], message: `names a point "${w.defaultKioskPoint}" that is not listed` });
  });
export type Wayfinding = S.Wayfinding;

// ---------------------------------------------------------------------------------------------
// Symptom guide: body areas and common complaints lead to departments. Content, not code.

export const SymptomComplaint = z
  .strictObject({
    name: LName,
    /** Departments that can help (ids of departments in the content). */
    departments: list(ref, 20).default([]),
    /** Places that can help, such as the Emergency Department (ids in places.json). */
    places: list(ref, 20).default([]),
    /** Something useful to know (a scan needs a doctor's form); never a warning. */
    note: LText.optional(),
    /**
     * Signs that make it an emergency ("if it came on suddenly…"): each is shown as an alert with
     * the way to the Emergency Department, never as a note.
     */
    redFlags: list(LText, 10).default([]),
  })
  .refine((c) => c.departments.length + c.places.length > 0, { message: 'must name at least one department or place', path: ['departments'] });
export type SymptomComplaint = S.SymptomComplaint;

export const SymptomArea = z.strictObject({
  id: pointId,
  name: LName,
  complaints: list(SymptomComplaint).min(1),
});
export const SymptomGuide = z.strictObject({
  /** Shown above the guide: it is a pointer, not a diagnosis. */
  intro: LText,
  areas: list(SymptomArea).min(1),
});
export type SymptomGuide = S.SymptomGuide;

// ---------------------------------------------------------------------------------------------
// Visitor information and FAQ: hours, parking, pharmacy, payment, visiting rules.

export const VisitorTopic = z.strictObject({
  id: pointId,
  title: LName,
  /** Paragraphs; a topic whose facts are not known yet is a placeholder. */
  body: z.union([Placeholder, list(LText).min(1)]),
  /** The place the topic is about (an id in places.json): the visitor can be shown the way. */
  place: pointId.optional(),
});
export const VisitorInfo = z.strictObject({ topics: list(VisitorTopic).min(1) });
export type VisitorInfo = S.VisitorInfo;

// ---------------------------------------------------------------------------------------------
// Places and facilities: where visitors go that is not a department (the Emergency Department,
// registration, the pharmacy, toilets, lifts...), each on one or more points of the walking graph,
// and the words that mean an emergency. Content, not code: a pack names its own.

export type PlaceKind = S.PlaceKind;

export const Place = z.strictObject({
  id: pointId,
  kind: z.enum(PLACE_KINDS),
  name: LName,
  /** Other names visitors use, in either language (厕所, 卫生间, WC, restroom); pinyin is derived. */
  synonyms: list(nonEmpty, 50).default([]),
  /** Where it is on the walking graph; with several, directions lead to the nearest one. */
  points: list(pointId, 100).default([]),
  hours: placeholderOr(OpeningHours).optional(),
  /** One or two sentences for visitors (who may use it, what to bring). */
  note: LText.optional(),
  /** Shown in the home screen's row of common places, in content order. */
  home: z.boolean().default(false),
});
export type Place = S.Place;

export const Places = z
  .strictObject({
    /**
     * Words that mean an emergency, in either language and in lay words (胸痛, 呼吸困难, chest
     * pain, stroke); their pinyin is derived. Any search that touches one shows the way to the
     * Emergency Department first.
     */
    emergencyTerms: list(nonEmpty, 500).default([]),
    places: list(Place, 1000).min(1),
  })
  .superRefine((p, ctx) => {
    const ids = new Set<string>();
    p.places.forEach((pl, i) => {
      if (ids.has(pl.id)) ctx.addIssue({ code: 'custom', path: ['places', i, 'id'], message: `duplicates the place "${pl.id}"` });
      ids.add(pl.id);
    });
  });
export type Places = S.Places;

// ---------------------------------------------------------------------------------------------
// Doctors and their clinic sessions (出诊信息), doctors.json: weekly sessions and date exceptions.

/** Doctors in one content set (a large hospital has a few thousand). */
export const MAX_DOCTORS = 20_000;
/** Weekly sessions and exceptions, each: a few per doctor. */
export const MAX_SESSIONS = 100_000;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-10-01')
  .refine((d) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return true; // said by the pattern
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, m - 1, day));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
  }, 'is not a date in the calendar');

export const Doctor = z.strictObject({
  id: pointId,
  /** The department (an id in departments/) the doctor sees patients in. */
  department: pointId,
  /** In characters and in English (or pinyin): 王伟 / Wang Wei. */
  name: LName,
  /** 主任医师 / Chief Physician. */
  title: placeholderOr(LName),
  specialties: list(LName, 50).default([]),
  /** A portrait shipped in the content under images/. */
  photo: z
    .strictObject({
      path: chars(MAX_PATH_CHARS).regex(/^images\/[a-z0-9][a-z0-9-]*\.(png|jpg|webp)$/, 'must name a PNG, JPEG or WebP file under images/'),
      alt: LName,
    })
    .optional(),
  /** Extra search terms (a former name, a lay word for a specialty). */
  keywords: list(nonEmpty, 50).default([]),
});
export type Doctor = S.Doctor;

const weekday = z.union(
  ISO_WEEKDAYS.map((d) => z.literal(d)) as [
    z.ZodLiteral<1>,
    z.ZodLiteral<2>,
    z.ZodLiteral<3>,
    z.ZodLiteral<4>,
    z.ZodLiteral<5>,
    z.ZodLiteral<6>,
    z.ZodLiteral<7>,
  ],
  { error: 'must be a weekday from 1 (Monday) to 7 (Sunday)' },
);
const period = z.enum(CLINIC_PERIODS, { error: 'must be morning, afternoon or evening' });
const clinicKind = z.enum(CLINIC_KINDS, { error: `must be one of ${CLINIC_KINDS.join(', ')}` });

/** A session held every week on one weekday. */
export const ClinicSession = z.strictObject({
  doctor: pointId,
  weekday,
  period,
  kind: clinicKind.default('general'),
  /** Where the clinic is held (诊室). */
  room: placeholderOr(LName),
});
export type ClinicSession = S.ClinicSession;

/** One date's change to a doctor's sessions. */
export const SessionException = z
  .strictObject({
    doctor: pointId,
    /** The date, YYYY-MM-DD, in the kiosk's local calendar. */
    date: isoDate,
    /** The period affected; a cancellation without one cancels the whole day. An extra session needs one. */
    period: period.optional(),
    change: z.enum(SESSION_CHANGES, { error: 'must be cancelled or extra' }),
    /** For an extra session: its kind and room (the kind defaults to general). */
    kind: clinicKind.optional(),
    room: placeholderOr(LName).optional(),
    /** Said to visitors: 外出会诊 / away at a consultation. */
    note: LText.optional(),
  })
  .superRefine((x, ctx) => {
    if (x.change === 'extra' && x.period === undefined) ctx.addIssue({ code: 'custom', path: ['period'], message: 'must be given for an extra session' });
    if (x.change === 'extra' && x.room === undefined) ctx.addIssue({ code: 'custom', path: ['room'], message: 'must be given for an extra session' });
    if (x.change === 'cancelled' && (x.kind !== undefined || x.room !== undefined))
      ctx.addIssue({ code: 'custom', path: [x.kind !== undefined ? 'kind' : 'room'], message: 'is for an extra session only; a cancellation has none' });
  });
export type SessionException = S.SessionException;

export const Doctors = z
  .strictObject({
    doctors: list(Doctor, MAX_DOCTORS),
    sessions: list(ClinicSession, MAX_SESSIONS).default([]),
    exceptions: list(SessionException, MAX_SESSIONS).default([]),
  })
  .superRefine((d, ctx) => {
    const ids = new Set<string>();
    d.doctors.forEach((doc, i) => {
      if (ids.has(doc.id)) ctx.addIssue({ code: 'custom', path: ['doctors', i, 'id'], message: `duplicates the doctor "${doc.id}"` });
      ids.add(doc.id);
    });
    const weekly = new Set<string>();
    d.sessions.forEach((s, i) => {
      if (!ids.has(s.doctor))
        ctx.addIssue({ code: 'custom', path: ['sessions', i, 'doctor'], message: `names a doctor "${s.doctor}" that doctors does not list` });
      const key = `${s.doctor} ${s.weekday} ${s.period}`;
      if (weekly.has(key))
        ctx.addIssue({ code: 'custom', path: ['sessions', i, 'period'], message: `repeats the ${s.period} session of "${s.doctor}" on weekday ${s.weekday}` });
      weekly.add(key);
    });
    d.exceptions.forEach((x, i) => {
      if (!ids.has(x.doctor))
        ctx.addIssue({ code: 'custom', path: ['exceptions', i, 'doctor'], message: `names a doctor "${x.doctor}" that doctors does not list` });
    });
  });
export type Doctors = S.Doctors;

/** The whole of a content source, as loaded from a folder or a pack. */
/** A problem between the parts of the content (ids, map points, drawings), by its path in Content. */
export interface ContentIssue {
  path: (string | number)[];
  message: string;
}

/**
 * The checks across files, for content whose every file is valid on its own: unique department
 * ids, map points and drawings that exist, symptom-guide departments and places that exist,
 * places on points the map has.
 */
export function contentReferenceIssues(c: {
  departments: readonly { id: string; location: { point?: string | undefined } }[];
  wayfinding?: Wayfinding | undefined;
  symptoms?: SymptomGuide | undefined;
  visitorInfo?: VisitorInfo | undefined;
  places?: Places | undefined;
  doctors?: Doctors | undefined;
  maps: Record<string, string>;
}): ContentIssue[] {
  const issues: ContentIssue[] = [];
  if (c.departments.length === 0) issues.push({ path: ['departments'], message: 'must list at least one department' });
  const seen = new Set<string>();
  c.departments.forEach((d, i) => {
    if (seen.has(d.id)) issues.push({ path: ['departments', i, 'id'], message: `duplicates the id "${d.id}"` });
    seen.add(d.id);
  });
  const points = new Set(c.wayfinding?.points.map((p) => p.id) ?? []);
  c.departments.forEach((d, i) => {
    const p = d.location.point;
    if (p !== undefined && !points.has(p)) {
      issues.push({ path: ['departments', i, 'location', 'point'], message: `names a map point "${p}" that wayfinding.json does not list` });
    }
  });
  c.wayfinding?.floors.forEach((f, i) => {
    if (!(f.plan in c.maps)) issues.push({ path: ['wayfinding', 'floors', i, 'plan'], message: `names ${f.plan}, which is not in the content` });
  });
  c.symptoms?.areas.forEach((a, i) =>
    a.complaints.forEach((cp, j) =>
      cp.departments.forEach((id, k) => {
        if (!seen.has(id))
          issues.push({ path: ['symptoms', 'areas', i, 'complaints', j, 'departments', k], message: `names a department "${id}" that is not in the content` });
      }),
    ),
  );
  const places = new Set(c.places?.places.map((p) => p.id) ?? []);
  c.symptoms?.areas.forEach((a, i) =>
    a.complaints.forEach((cp, j) =>
      cp.places.forEach((id, k) => {
        if (!places.has(id))
          issues.push({ path: ['symptoms', 'areas', i, 'complaints', j, 'places', k], message: `names a place "${id}" that places.json does not list` });
      }),
    ),
  );
  c.visitorInfo?.topics.forEach((t, i) => {
    if (t.place !== undefined && !places.has(t.place))
      issues.push({ path: ['visitorInfo', 'topics', i, 'place'], message: `names a place "${t.place}" that places.json does not list` });
  });
  c.places?.places.forEach((pl, i) =>
    pl.points.forEach((p, k) => {
      if (!points.has(p)) issues.push({ path: ['places', 'places', i, 'points', k], message: `names a map point "${p}" that wayfinding.json does not list` });
    }),
  );
  c.doctors?.doctors.forEach((d, i) => {
    if (!seen.has(d.department))
      issues.push({ path: ['doctors', 'doctors', i, 'department'], message: `names a department "${d.department}" that is not in the content` });
  });
  return issues;
}

export const Content = z
  .strictObject({
    hospital: Hospital,
    departments: list(Department, MAX_DEPARTMENTS),
    wayfinding: Wayfinding.optional(),
    symptoms: SymptomGuide.optional(),
    visitorInfo: VisitorInfo.optional(),
    places: Places.optional(),
    /** Doctors and their clinic sessions (doctors.json). */
    doctors: Doctors.optional(),
    /** Floor plans and other drawings, by content path (maps/floor-1.svg). */
    maps: z.record(z.string(), z.string()).default({}),
  })
  .superRefine((c, ctx) => {
    for (const issue of contentReferenceIssues(c)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type Content = z.infer<typeof Content>;

// ---------------------------------------------------------------------------------------------
// Compile-time check: each schema produces exactly the shared type of the same name.

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
interface SchemaTypes {
  LText: Same<z.infer<typeof LText>, S.LText>;
  Placeholder: Same<z.infer<typeof Placeholder>, S.Placeholder>;
  Qualifier: Same<z.infer<typeof Qualifier>, S.Qualifier>;
  Figure: Same<z.infer<typeof Figure>, S.Figure>;
  Item: Same<z.infer<typeof Item>, S.Item>;
  Honour: Same<z.infer<typeof Honour>, S.Honour>;
  Location: Same<z.infer<typeof Location>, S.Location>;
  Department: Same<z.infer<typeof Department>, S.Department>;
  Hospital: Same<z.infer<typeof Hospital>, S.Hospital>;
  Floor: Same<z.infer<typeof Floor>, S.Floor>;
  MapPoint: Same<z.infer<typeof MapPoint>, S.MapPoint>;
  MapEdge: Same<z.infer<typeof MapEdge>, S.MapEdge>;
  Wayfinding: Same<z.infer<typeof Wayfinding>, S.Wayfinding>;
  SymptomGuide: Same<z.infer<typeof SymptomGuide>, S.SymptomGuide>;
  VisitorInfo: Same<z.infer<typeof VisitorInfo>, S.VisitorInfo>;
  OpeningHours: Same<z.infer<typeof OpeningHours>, S.OpeningHours>;
  WeeklyPeriod: Same<z.infer<typeof WeeklyPeriod>, S.WeeklyPeriod>;
  Partner: Same<z.infer<typeof Partner>, S.Partner>;
  StaffGroup: Same<z.infer<typeof StaffGroup>, S.StaffGroup>;
  Staff: Same<z.infer<typeof Staff>, S.Staff>;
  Research: Same<z.infer<typeof Research>, S.Research>;
  SymptomArea: Same<z.infer<typeof SymptomArea>, S.SymptomArea>;
  VisitorTopic: Same<z.infer<typeof VisitorTopic>, S.VisitorTopic>;
  SymptomComplaint: Same<z.infer<typeof SymptomComplaint>, S.SymptomComplaint>;
  Place: Same<z.infer<typeof Place>, S.Place>;
  Places: Same<z.infer<typeof Places>, S.Places>;
  Doctor: Same<z.infer<typeof Doctor>, S.Doctor>;
  ClinicSession: Same<z.infer<typeof ClinicSession>, S.ClinicSession>;
  SessionException: Same<z.infer<typeof SessionException>, S.SessionException>;
  Doctors: Same<z.infer<typeof Doctors>, S.Doctors>;
}
type Mismatched = { [K in keyof SchemaTypes]: SchemaTypes[K] extends true ? never : K }[keyof SchemaTypes];
const everySchemaMatches: [Mismatched] extends [never] ? true : Mismatched = true;
void everySchemaMatches;
