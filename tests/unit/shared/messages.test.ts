/**
 * Refusals and audit entries said in the screen's language: every check has a plain sentence in
 * Chinese and English with the check's name after it; audit entries are said from their code and
 * parameters, and entries written before codes existed still read as something.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_TEXT, PACK_CHECKS, PACK_CHECK_TEXT, describeAudit, describeAuditKind, describeRefusal, fillMessage } from '../../../src/shared/messages.js';

describe('refusals', () => {
  it('has a sentence in both languages for every check, naming the check second', () => {
    for (const c of PACK_CHECKS) {
      const zh = describeRefusal(c, {}, 'zh');
      const en = describeRefusal(c, {}, 'en');
      expect(zh.endsWith(`（检查项：${c}）`), c).toBe(true);
      expect(en.endsWith(` (check: ${c})`), c).toBe(true);
      expect(zh, c).toMatch(/[\u4e00-\u9fff]/);
      expect(en, c).not.toMatch(/[\u4e00-\u9fff]/);
      expect(PACK_CHECK_TEXT[c].zh).not.toBe(PACK_CHECK_TEXT[c].en);
    }
    // Only the ratio check calls anything a zip bomb.
    expect(PACK_CHECKS.filter((c) => /bomb/i.test(PACK_CHECK_TEXT[c].en) || /炸弹/.test(PACK_CHECK_TEXT[c].zh))).toEqual(['zip-ratio']);
  });

  it('fills parameters, and leaves out a bracket whose parameter is not given', () => {
    expect(describeRefusal('site', { site: 'east', kioskSite: 'main' }, 'en')).toBe(
      'This pack is for another site (east); this kiosk belongs to main. (check: site)',
    );
    expect(fillMessage('Not valid ({detail}); ask.', {})).toBe('Not valid; ask.');
    expect(fillMessage('Not valid ({detail}); ask.', { detail: 'x.json' })).toBe('Not valid (x.json); ask.');
    expect(describeRefusal('content', {}, 'zh')).toBe('此内容包的内容无效；请发布者改正后重新制作。（检查项：content）');
    expect(describeRefusal('no-such-check', {}, 'en')).toBe('This pack was refused. (check: no-such-check)');
  });
});

describe('audit entries', () => {
  it('says each code in both languages, with parameters that are words said in each', () => {
    const unlock = { time: 't', action: 'unlock', result: 'accepted', code: 'unlock.accepted', params: { screen: 'it', where: 'kiosk' } } as const;
    expect(describeAudit(unlock, 'zh')).toBe('IT 界面已解锁（在本机上）。');
    expect(describeAudit(unlock, 'en')).toBe('The IT screen was unlocked (at the kiosk).');
    const pin = { time: 't', action: 'set-pin', result: 'accepted', params: { role: 'it' } } as const;
    expect(describeAudit(pin, 'zh')).toBe('已设置IT 密码。');
    expect(describeAudit(pin, 'en')).toBe('The IT PIN was set.');
    const over = { time: 't', action: 'install', result: 'accepted', code: 'install.over', packId: 'north', version: 8, params: { previous: 7 } } as const;
    expect(describeAudit(over, 'zh')).toBe('已安装内容包 north 版本 8（替换版本 7）。');
  });

  it('says an entry written before codes existed by its kind, with its English sentence in English', () => {
    const old = { time: 't', action: 'install', result: 'refused', reason: 'Old sentence.', code: 'install.something-new' } as const;
    expect(describeAudit(old, 'en')).toBe('Install: refused. Old sentence.');
    expect(describeAudit(old, 'zh')).toBe('安装：被拒绝。');
    expect(describeAuditKind({ action: 'rollback', result: 'failed' }, 'zh')).toBe('回退：失败');
  });

  it('has both languages for every code', () => {
    for (const [code, t] of Object.entries(AUDIT_TEXT)) {
      expect(t.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(t.en, code).not.toMatch(/[\u4e00-\u9fff]/);
      expect(new Set(t.zh.match(/\{\w+\}/g) ?? []), code).toEqual(new Set(t.en.match(/\{\w+\}/g) ?? []));
    }
  });
});
