/**
 * The live content as the kiosk serves it (src/app/served-content.ts): the search answers it
 * remembers are the database's own, each caller gets an answer of its own, and it remembers only
 * the latest few hundred.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentDb } from '../../../db/store.js';
import { DataFolder } from '../../../src/core/datafolder.js';
import { installBuiltIn } from '../../../src/app/store.js';
import { SEARCH_ANSWERS_KEPT, ServedContentDb } from '../../../src/app/served-content.js';
import { tempDir } from '../helpers.js';

function builtIn(): string {
  const folder = new DataFolder(tempDir());
  folder.ensure();
  return folder.path(installBuiltIn(folder));
}

afterEach(() => vi.restoreAllMocks());

describe('the served content', () => {
  it('answers every search as the database does, asked once or again, in either language', () => {
    const file = builtIn();
    const plain = new ContentDb(file);
    const served = new ServedContentDb(file);
    try {
      for (const q of ['超声', 'ultrasund', 'xgwk', '卫生间', '胸痛', 'nothing-like-this']) {
        for (const lang of ['zh', 'en'] as const) {
          expect(served.search(q, lang), `${q} ${lang}`).toEqual(plain.search(q, lang));
          expect(served.search(q, lang), `${q} ${lang} again`).toEqual(plain.search(q, lang));
        }
      }
      expect(served.search('超声', 'zh', 1)).toEqual(plain.search('超声', 'zh', 1));
    } finally {
      plain.close();
      served.close();
    }
  });

  it('hands every caller an answer of its own: what one caller adds is not in the next answer', () => {
    const served = new ServedContentDb(builtIn());
    try {
      const first = served.search('胸痛');
      expect(first.emergency).toBeTruthy();
      (first.emergency as unknown as Record<string, unknown>).place = { id: 'changed by a caller' };
      first.groups.departments.length = 0;
      const second = served.search('胸痛');
      expect(second).toEqual(new ServedContentDb(served.file).search('胸痛'));
    } finally {
      served.close();
    }
  });

  it('searches every time when told to remember no answer', () => {
    const served = new ServedContentDb(builtIn());
    const searched = vi.spyOn(ContentDb.prototype, 'search');
    ServedContentDb.answersKept = 0;
    try {
      served.search('超声');
      served.search('超声');
      expect(searched).toHaveBeenCalledTimes(2);
    } finally {
      ServedContentDb.answersKept = SEARCH_ANSWERS_KEPT;
      served.close();
    }
  });

  it(`searches the database again once an answer is not among the latest ${SEARCH_ANSWERS_KEPT} asked`, () => {
    const served = new ServedContentDb(builtIn());
    const searched = vi.spyOn(ContentDb.prototype, 'search');
    try {
      served.search('超声');
      served.search('超声');
      expect(searched).toHaveBeenCalledTimes(1);
      for (let i = 0; i < SEARCH_ANSWERS_KEPT; i++) served.search(`query ${i}`);
      searched.mockClear();
      served.search('超声');
      expect(searched).toHaveBeenCalledTimes(1);
    } finally {
      served.close();
    }
  });
});
