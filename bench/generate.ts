/**
 * Deterministic synthetic content for benchmarks and reliability tests: N departments with
 * services, equipment and keywords in both languages, photos of a chosen size, and doctors with
 * weekly clinic sessions and date exceptions. The same seed always gives the same content, so
 * figures from different runs compare like with like.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DepartmentInput, LText } from '../src/core/content/schema.js';
import type { ClinicSession, Doctor, Doctors, SessionException } from '../src/shared/content.js';

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AREAS: [string, string][] = [
  ['心脏', 'Cardiac'],
  ['神经', 'Neuro'],
  ['消化', 'Digestive'],
  ['呼吸', 'Respiratory'],
  ['肾脏', 'Renal'],
  ['内分泌', 'Endocrine'],
  ['血液', 'Haematology'],
  ['风湿免疫', 'Rheumatology'],
  ['骨科', 'Orthopaedic'],
  ['眼科', 'Eye'],
  ['耳鼻喉', 'ENT'],
  ['口腔', 'Dental'],
  ['皮肤', 'Skin'],
  ['乳腺', 'Breast'],
  ['甲状腺', 'Thyroid'],
  ['肝胆', 'Liver'],
  ['胃肠', 'Gastro'],
  ['泌尿', 'Urology'],
  ['妇产', 'Obstetric'],
  ['儿童', "Children's"],
  ['肿瘤', 'Oncology'],
  ['康复', 'Rehabilitation'],
  ['疼痛', 'Pain'],
  ['睡眠', 'Sleep'],
  ['营养', 'Nutrition'],
  ['老年', 'Geriatric'],
  ['血管', 'Vascular'],
  ['超声', 'Ultrasound'],
  ['影像', 'Imaging'],
  ['检验', 'Laboratory'],
];
const KINDS: [string, string][] = [
  ['内科', 'Medicine'],
  ['外科', 'Surgery'],
  ['门诊', 'Clinic'],
  ['中心', 'Centre'],
  ['病区', 'Ward'],
];
const SERVICES: [string, string][] = [
  ['超声检查', 'ultrasound scan'],
  ['血管造影', 'angiography'],
  ['介入治疗', 'interventional treatment'],
  ['微创手术', 'minimally invasive surgery'],
  ['激光治疗', 'laser treatment'],
  ['内镜检查', 'endoscopy'],
  ['康复训练', 'rehabilitation training'],
  ['健康体检', 'health check'],
  ['静脉曲张', 'varicose veins'],
  ['血栓筛查', 'thrombosis screening'],
  ['动脉硬化', 'arterial hardening'],
  ['骨折复位', 'fracture reduction'],
  ['结石治疗', 'stone treatment'],
  ['肿瘤切除', 'tumour removal'],
  ['睡眠监测', 'sleep monitoring'],
  ['营养评估', 'nutrition assessment'],
  ['心电图', 'electrocardiogram'],
  ['肺功能', 'lung function test'],
  ['骨密度', 'bone density scan'],
  ['造影增强', 'contrast enhancement'],
];
const EQUIPMENT: [string, string][] = [
  ['彩色多普勒超声仪', 'colour Doppler ultrasound'],
  ['数字减影血管造影机', 'DSA angiography unit'],
  ['磁共振', 'MRI scanner'],
  ['CT扫描仪', 'CT scanner'],
  ['激光治疗仪', 'laser device'],
  ['监护仪', 'patient monitor'],
  ['呼吸机', 'ventilator'],
  ['内镜', 'endoscope'],
];
const KEYWORDS: [string, string][] = [
  ['腿肿', 'leg swelling'],
  ['胸闷', 'chest tightness'],
  ['头晕', 'dizziness'],
  ['咳嗽', 'cough'],
  ['腹痛', 'stomach ache'],
  ['关节痛', 'joint pain'],
  ['视力模糊', 'blurred vision'],
  ['皮疹', 'rash'],
  ['失眠', 'insomnia'],
  ['乏力', 'fatigue'],
];

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const lt = (zh: string, en: string): LText => ({ zh, en });

export interface SyntheticOptions {
  seed?: number;
  departments: number;
  /** Services + equipment + keyword rows per department. */
  rowsPerDepartment: number;
  /** Photos: how many, and bytes each (incompressible, like real JPEG data). */
  photos?: number;
  photoBytes?: number;
  /** Doctors spread over the departments, with their sessions and exceptions (doctors.json); none when absent. */
  doctors?: number;
}

export function syntheticDepartment(r: () => number, i: number, rows: number, photo?: string): DepartmentInput {
  const [azh, aen] = pick(r, AREAS);
  const [kzh, ken] = pick(r, KINDS);
  const n = i + 1;
  const services = Math.max(1, Math.floor(rows * 0.6));
  const equipment = Math.max(1, Math.floor(rows * 0.2));
  const keywords = Math.max(1, rows - services - equipment);
  return {
    id: `dept-${String(n).padStart(5, '0')}`,
    name: lt(`${azh}${kzh}${n}`, `${aen} ${ken} ${n}`),
    category: lt(kzh, ken),
    summary: lt(`${azh}${kzh}${n}提供诊疗服务。`, `${aen} ${ken} ${n} offers care and tests.`),
    description: [lt(`这是用于性能测试的合成科室${n}。`, `A synthetic department (${n}) for benchmarks.`)],
    figures: [{ key: 'beds', value: Math.floor(r() * 80), label: lt('床位', 'Beds') }],
    services: Array.from({ length: services }, (_, j) => {
      const [szh, sen] = pick(r, SERVICES);
      return { name: lt(`${szh}${j + 1}`, `${sen} ${j + 1}`) };
    }),
    equipment: Array.from({ length: equipment }, (_, j) => {
      const [ezh, een] = pick(r, EQUIPMENT);
      return { name: lt(`${ezh}${j + 1}`, `${een} ${j + 1}`), count: 1 + Math.floor(r() * 5) };
    }),
    location: {
      building: lt(`${1 + (i % 9)}号楼`, `Building ${1 + (i % 9)}`),
      floor: `${1 + (i % 20)}F`,
      room: lt(`${100 + (i % 900)}室`, `Room ${100 + (i % 900)}`),
    },
    hours: [{ days: lt('周一至周五', 'Monday to Friday'), time: '08:00-17:00' }],
    phone: `0431-${String(8000000 + i).slice(0, 7)}`,
    keywords: {
      zh: Array.from({ length: Math.ceil(keywords / 2) }, () => pick(r, KEYWORDS)[0]),
      en: Array.from({ length: Math.floor(keywords / 2) }, () => pick(r, KEYWORDS)[1]),
    },
    ...(photo ? { photo: { path: photo, alt: lt('科室入口', 'Department entrance') } } : {}),
  };
}

/** A PNG-signed blob of incompressible bytes: what a photo costs to hash, copy and store. */
export function syntheticPhoto(r: () => number, bytes: number): Buffer {
  const b = Buffer.allocUnsafe(Math.max(bytes, 16));
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  for (let i = 8; i < b.length; i += 4) b.writeUInt32LE((r() * 4294967296) >>> 0, Math.min(i, b.length - 4));
  return b;
}

/** Write a content source folder (as `kiosk pack` reads it). Returns the folder. */
export function writeSyntheticSource(dir: string, opts: SyntheticOptions): string {
  const r = rng(opts.seed ?? 1);
  mkdirSync(join(dir, 'departments'), { recursive: true });
  const photos = opts.photos ?? 0;
  if (photos) mkdirSync(join(dir, 'images'), { recursive: true });
  writeFileSync(
    join(dir, 'hospital.json'),
    JSON.stringify({
      name: lt('合成测试医院', 'Synthetic Test Hospital'),
      city: lt('长春', 'Changchun'),
      address: { placeholder: true },
      phone: { placeholder: true },
      emergency: lt('急诊请直接前往急诊科。', 'For emergencies go straight to the Emergency Department.'),
      welcome: lt('欢迎', 'Welcome'),
    }),
  );
  for (let i = 0; i < opts.departments; i++) {
    const photo = i < photos ? `images/photo-${String(i + 1).padStart(5, '0')}.png` : undefined;
    const d = syntheticDepartment(r, i, opts.rowsPerDepartment, photo);
    writeFileSync(join(dir, 'departments', `${d.id}.json`), JSON.stringify(d));
    if (photo) writeFileSync(join(dir, photo), syntheticPhoto(r, opts.photoBytes ?? 100_000));
  }
  if (opts.doctors) {
    const ids = Array.from({ length: opts.departments }, (_, i) => `dept-${String(i + 1).padStart(5, '0')}`);
    writeFileSync(join(dir, 'doctors.json'), JSON.stringify(syntheticDoctors(rng((opts.seed ?? 1) + 7), ids, opts.doctors)));
  }
  return dir;
}

const SURNAMES: [string, string][] = [
  ['王', 'Wang'],
  ['李', 'Li'],
  ['张', 'Zhang'],
  ['刘', 'Liu'],
  ['陈', 'Chen'],
  ['杨', 'Yang'],
  ['赵', 'Zhao'],
  ['黄', 'Huang'],
  ['周', 'Zhou'],
  ['吴', 'Wu'],
  ['徐', 'Xu'],
  ['孙', 'Sun'],
  ['马', 'Ma'],
  ['朱', 'Zhu'],
  ['胡', 'Hu'],
  ['郭', 'Guo'],
  ['何', 'He'],
  ['林', 'Lin'],
  ['罗', 'Luo'],
  ['高', 'Gao'],
];
const GIVEN: [string, string][] = [
  ['伟', 'Wei'],
  ['芳', 'Fang'],
  ['娜', 'Na'],
  ['敏', 'Min'],
  ['静', 'Jing'],
  ['磊', 'Lei'],
  ['强', 'Qiang'],
  ['洋', 'Yang'],
  ['艳', 'Yan'],
  ['勇', 'Yong'],
  ['军', 'Jun'],
  ['杰', 'Jie'],
  ['涛', 'Tao'],
  ['明', 'Ming'],
  ['超', 'Chao'],
  ['秀英', 'Xiuying'],
  ['建华', 'Jianhua'],
  ['志强', 'Zhiqiang'],
  ['海燕', 'Haiyan'],
  ['晓东', 'Xiaodong'],
];
const TITLES: [string, string][] = [
  ['主任医师', 'Chief Physician'],
  ['副主任医师', 'Associate Chief Physician'],
  ['主治医师', 'Attending Physician'],
  ['住院医师', 'Resident Physician'],
];
const CLINIC_KIND_OF_TITLE = ['expert', 'expert', 'general', 'general'] as const;
const PERIODS = ['morning', 'afternoon', 'evening'] as const;

/**
 * `count` doctors over the departments `departmentIds` (round robin, so every department of a
 * small set has some), each with one to three weekly sessions at different times, and about one
 * doctor in ten with a cancelled date and one in twenty with an extra session, in 2026.
 */
export function syntheticDoctors(r: () => number, departmentIds: readonly string[], count: number): Doctors {
  const doctors: Doctor[] = [];
  const sessions: ClinicSession[] = [];
  const exceptions: SessionException[] = [];
  for (let i = 0; i < count; i++) {
    const [szh, sen] = pick(r, SURNAMES);
    const [gzh, gen] = pick(r, GIVEN);
    const t = Math.floor(r() * TITLES.length);
    const [tzh, ten] = TITLES[t]!;
    const [azh, aen] = pick(r, AREAS);
    const id = `doc-${String(i + 1).padStart(5, '0')}`;
    doctors.push({
      id,
      department: departmentIds[i % departmentIds.length]!,
      name: lt(`${szh}${gzh}`, `${sen} ${gen}`),
      title: lt(tzh, ten),
      specialties: [lt(`${azh}疾病`, `${aen} conditions`)],
      keywords: [],
    });
    const used = new Set<string>();
    const n = 1 + Math.floor(r() * 3);
    for (let k = 0; k < n; k++) {
      const weekday = (1 + Math.floor(r() * 7)) as ClinicSession['weekday'];
      const period = pick(r, PERIODS);
      if (used.has(`${weekday}${period}`)) continue;
      used.add(`${weekday}${period}`);
      const room = 100 + Math.floor(r() * 400);
      sessions.push({ doctor: id, weekday, period, kind: CLINIC_KIND_OF_TITLE[t]!, room: lt(`门诊楼${room}诊室`, `Outpatient Building, Room ${room}`) });
    }
    const day = () => `2026-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    if (r() < 0.1) exceptions.push({ doctor: id, date: day(), change: 'cancelled', note: lt('外出会诊', 'Away at a consultation') });
    if (r() < 0.05) exceptions.push({ doctor: id, date: day(), period: 'evening', change: 'extra', kind: 'general', room: lt('夜间门诊', 'Evening clinic') });
  }
  return { doctors, sessions, exceptions };
}

/** The content shipped with the kiosk (resources/content): real departments, places, maps. */
export const BUILT_IN_CONTENT = join(import.meta.dirname, '..', 'resources', 'content');

/**
 * The built-in content (its hospital, two real departments, places, maps and guides) with
 * `departments` synthetic departments after its own, no photos: what the search benchmarks and
 * the labelled query set (bench/queries) run over. The synthetic departments are the first ones
 * of `writeSyntheticSource` with the same seed and rows and no photos, so a small set's
 * departments are also the first of a large one.
 */
export function writeMixedSource(dir: string, opts: { seed?: number; departments: number; rowsPerDepartment: number }): string {
  cpSync(BUILT_IN_CONTENT, dir, { recursive: true });
  const r = rng(opts.seed ?? 1);
  for (let i = 0; i < opts.departments; i++) {
    const d = syntheticDepartment(r, i, opts.rowsPerDepartment);
    writeFileSync(join(dir, 'departments', `${d.id}.json`), JSON.stringify(d));
  }
  return dir;
}
