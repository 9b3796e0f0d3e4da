/**
 * Accessibility checks shared by the specs: axe's serious and critical findings, and touch
 * targets of at least 48 CSS px. Both look at a settled screen: a screen fades in from
 * transparent, and axe measuring contrast half-way through that fade reports faint text that no
 * visitor ever sees, so finite animations are let finish first (the welcome screen's endless
 * drift is not waited for).
 */
import { expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { createRequire } from 'node:module';

/** The axe-core the project pins (package.json overrides the wrapper's own copy with it). */
const AXE_VERSION: string = (createRequire(import.meta.url)('axe-core/package.json') as { version: string }).version;

export async function settle(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

export async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  await settle(page);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.testEngine.version, 'the axe-core that ran is the one the project pins').toBe(AXE_VERSION);
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `accessibility on the ${screen} screen`).toEqual([]);
}

export async function expectLargeTargets(page: Page, screen: string): Promise<void> {
  await settle(page);
  const small = await page.getByRole('button').evaluateAll((buttons) =>
    buttons
      .map((b) => ({ name: (b.textContent ?? '').trim().slice(0, 30), box: b.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 48 || box.height < 48))
      .map(({ name, box }) => `${name} ${Math.round(box.width)}x${Math.round(box.height)}`),
  );
  expect(small, `touch targets on the ${screen} screen`).toEqual([]);
}
