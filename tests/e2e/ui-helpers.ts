/**
 * Small steps shared by the UI specs, written as a visitor would take them: by role and
 * accessible name, with touch.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export const START = /请触摸屏幕开始|Touch to start/;

/** From the welcome screen to the home screen. */
export async function start(page: Page): Promise<void> {
  await page.getByRole('button', { name: START }).tap();
  await expect(page.getByRole('heading', { level: 1, name: /您好|Hello/ })).toBeVisible();
}

/** From the home screen to a department's page, by its name in the current language. */
export async function openDepartment(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).tap();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();
}

/** The key figure with this label, as a list item of the "key figures" list. */
export function keyFigure(page: Page, listName: string, label: string): Locator {
  return page.getByRole('list', { name: listName }).getByRole('listitem').filter({ hasText: label });
}

export async function fontSizeOf(locator: Locator): Promise<number> {
  return locator.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}
