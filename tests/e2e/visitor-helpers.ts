/**
 * Steps shared by the visitor specs, taken as a visitor would: by role and accessible name, with
 * touch, on the on-screen keyboard.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export const SEARCH_HEADING = /搜索科室、检查或症状|Search departments, examinations or symptoms/;

/** From the home screen to the search screen, by its big search bar. */
export async function openSearch(page: Page): Promise<void> {
  await page.getByRole('button', { name: SEARCH_HEADING }).tap();
  await expect(page.getByRole('heading', { level: 1, name: SEARCH_HEADING })).toBeVisible();
}

export function keyboard(page: Page): Locator {
  return page.getByRole('group', { name: /屏幕键盘|On-screen keyboard/ });
}

/** Types lower-case letters, digits and spaces by tapping the on-screen keys. */
export async function typeOnScreen(page: Page, text: string): Promise<void> {
  const keys = keyboard(page);
  for (const ch of text) {
    const name = ch === ' ' ? /^(空格|Space)$/ : ch.toUpperCase();
    await keys.getByRole('button', { name, exact: true }).tap();
  }
}

/** A result group (departments; services and examinations; equipment) by its heading. */
export function resultGroup(page: Page, name: RegExp): Locator {
  return page.getByRole('region', { name });
}
