/** The IT screen's refusals and audit entries (src/ui/staff/lib/refusal.ts): plain words in the screen's language, the check apart. */
import { describe, expect, it } from 'vitest';
import { auditWords, refusalSentence } from '../../../../../src/ui/staff/lib/refusal';

describe('refusals and audit entries on the IT screen', () => {
  it('says a damaged pack in plain words in either language, without the check in the sentence', () => {
    expect(refusalSentence('zip-inflate', {}, 'zh')).toBe('此文件已损坏：可能没有完整复制。请从原文件重新复制到U盘后再试。');
    expect(refusalSentence('zip-inflate', {}, 'en')).not.toMatch(/zip|bomb/);
    expect(refusalSentence('no-such-check', {}, 'zh')).toBe('此内容包被拒绝。');
  });

  it('says a refused install by the pack file’s name, never the folder the stick is mounted in, the codes apart', () => {
    const w = auditWords(
      {
        time: '2026-12-02T01:00:00Z',
        action: 'install',
        result: 'refused',
        code: 'install.refused',
        file: '/media/it/USB STICK/broken.kpack',
        check: 'zip-inflate',
      },
      'zh',
    );
    expect(w.sentence).toBe('内容包 broken.kpack 被拒绝：此文件已损坏：可能没有完整复制。请从原文件重新复制到U盘后再试。');
    expect(w.codes).toEqual(['install.refused', 'zip-inflate']);
  });

  it('says entries written before codes existed by their action and result, and set-pin in words', () => {
    expect(auditWords({ time: 't', action: 'set-pin', result: 'accepted', params: { role: 'it' }, reason: 'The it PIN was set.' }, 'zh').sentence).toBe(
      '已设置IT 密码。',
    );
    expect(auditWords({ time: 't', action: 'set-pin', result: 'accepted', params: { role: 'it' } }, 'en').sentence).toBe('The IT PIN was set.');
  });
});
