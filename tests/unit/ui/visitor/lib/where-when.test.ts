/**
 * What a department page says first: a floor the content does not give comes from the map (and
 * says when the map is a sample), the facts not given yet are one sentence that sends the
 * visitor to the information desk, and the route is one line.
 */
import { describe, expect, it } from 'vitest';
import type { Department, Directions } from '../../../../../src/core/api/contract.js';
import { loadContentSource } from '../../../../../src/core/content/source.js';
import { directionsFor } from '../../../../../src/core/wayfinding/directions.js';
import { notYetKnown, routeSummary, whereWhen } from '../../../../../src/ui/visitor/lib/where-when.js';

const content = loadContentSource('resources/content');
const vascular = content.departments.find((d) => d.id === 'vascular-surgery')! as unknown as Department;
const ultrasound = content.departments.find((d) => d.id === 'general-ultrasound')! as unknown as Department;
const source = { document: () => content.wayfinding, drawing: () => '' };
const directions = (d: Department, stepFree = true) => directionsFor(source, d as never, { kioskPoint: null, stepFree, lang: 'zh' }) as Promise<Directions>;

describe('where and when', () => {
  it('takes the floor from the map point when the content has none, and says it is from the sample plan', async () => {
    const facts = whereWhen(vascular, 'zh', await directions(vascular));
    expect(facts.location).toEqual(['2楼']);
    expect(facts.floorFromMap).toBe(true);
    expect(facts.floorFromSample).toBe(true);
    expect(facts.unknown).toEqual(['building', 'room', 'hours', 'phone']);
    expect(whereWhen(vascular, 'en', await directions(vascular)).location).toEqual(['Floor 2']);
  });

  it('without directions, the floor is one of the facts not known yet', () => {
    const facts = whereWhen(vascular, 'zh');
    expect(facts.location).toEqual([]);
    expect(facts.unknown).toEqual(['building', 'floor', 'room', 'hours', 'phone']);
  });

  it("uses the content's own location and hours when it gives them, and the map only for what is missing", async () => {
    const given = {
      ...vascular,
      location: { ...vascular.location, building: { zh: '门诊楼', en: 'Outpatient Building' }, floor: '3' },
      hours: [{ days: { zh: '周一至周五', en: 'Mon–Fri' }, time: '08:00–17:00' }],
    } as Department;
    const facts = whereWhen(given, 'en', await directions(vascular));
    expect(facts.location).toEqual(['Outpatient Building', 'Floor 3']);
    expect(facts.floorFromMap).toBe(false);
    expect(facts.floorFromSample).toBe(false);
    expect(facts.unknown).toEqual(['room', 'phone']);
  });

  it('says every fact not given yet in one sentence, with where the desk is when known', () => {
    expect(notYetKnown(['building', 'room', 'hours', 'phone'], 'en')).toBe(
      'Building, room, opening hours and phone: not available yet — please ask at the information desk.',
    );
    expect(notYetKnown(['phone'], 'en', { floors: 'Floor 1', sample: false })).toBe(
      'Phone: not available yet — please ask at the information desk (on Floor 1).',
    );
    expect(notYetKnown(['phone', 'room'], 'en', { floors: 'Floor 1', sample: true })).toBe(
      'Phone and room: not available yet — please ask at the information desk (on Floor 1, from the sample plan).',
    );
    const zh = notYetKnown(['building', 'room', 'hours', 'phone'], 'zh');
    expect(zh).toMatch(/^.+、.+、.+、.+暂无信息，请到服务台咨询。$/);
    expect(notYetKnown(['room'], 'zh', { floors: '1楼', sample: true })).toMatch(/暂无信息，请到服务台咨询（服务台在1楼，按示意图）。$/);
  });

  it('says the route in one line: by lift to the floor, or on this floor, and how far', async () => {
    const up = await directions(vascular);
    expect(routeSummary(up, 'zh')).toMatch(/^乘电梯到2楼 · .*91.*米$/);
    expect(routeSummary(up, 'en')).toMatch(/^Take the lift to Floor 2 · about 91 m in all$/);
    const level = await directions(ultrasound);
    expect(routeSummary(level, 'en')).toMatch(/^On Floor 1 · about \d+ m in all$/);
    expect(routeSummary(await directions(vascular, false), 'en')).toMatch(/^Take the stairs to Floor 2 · /);
  });
});
