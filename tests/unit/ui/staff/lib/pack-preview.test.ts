/**
 * The IT screen's preview of a pack (src/ui/staff/lib/pack-preview.ts): the frame loads only an
 * address of this machine's loopback over http, and every refusal is one sentence in the
 * screen's language, the pack check's own sentence when the kiosk names the check.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, PACK_CHECK_TEXT } from '../../../../../src/shared/index.js';
import { previewFrameUrl, previewRefusal } from '../../../../../src/ui/staff/lib/pack-preview.js';

describe('previewFrameUrl', () => {
  it('takes the address the kiosk serves the preview on', () => {
    expect(previewFrameUrl('http://127.0.0.1:41873/')).toBe('http://127.0.0.1:41873/');
    expect(previewFrameUrl('http://127.0.0.1:8470')).toBe('http://127.0.0.1:8470/');
  });

  it('refuses any other origin: scheme, host, default or bad port, credentials', () => {
    for (const u of [
      'https://127.0.0.1:41873/',
      'http://127.0.0.1/',
      'http://127.0.0.1:80/',
      'http://127.0.0.1:0/',
      'http://127.0.0.1:99999/',
      'http://localhost:41873/',
      'http://[::1]:41873/',
      'http://127.0.0.2:41873/',
      'http://10.0.0.5:41873/',
      'http://evil.example:41873/',
      'http://user:pw@127.0.0.1:41873/',
      'http://127.0.0.1:41873@evil.example/',
      'app://kiosk/',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      '//127.0.0.1:41873/',
      '/',
      '',
      `http://127.0.0.1:41873/${'a'.repeat(3000)}`,
      42 as unknown as string,
    ]) {
      expect(previewFrameUrl(u), String(u).slice(0, 60)).toBeUndefined();
    }
  });
});

describe('previewRefusal', () => {
  const damaged = new ApiError('unavailable', 'This pack cannot be previewed: departments/x.json does not match its hash (check: file-hash)', {
    check: 'file-hash',
    params: {},
  });

  it('says the pack check that refused it in the screen’s language', () => {
    expect(previewRefusal(damaged, 'zh')).toBe(`此内容包不能预览：${PACK_CHECK_TEXT['file-hash'].zh}`);
    expect(previewRefusal(damaged, 'zh')).toContain('此文件已损坏');
    expect(previewRefusal(damaged, 'en')).toBe(`This pack cannot be previewed: ${PACK_CHECK_TEXT['file-hash'].en}`);
    const older = new ApiError('unavailable', 'This pack cannot be previewed: …', { check: 'version-older', params: { version: 1, installed: 3 } });
    expect(previewRefusal(older, 'zh')).toMatch(/^此内容包不能预览：/);
    expect(previewRefusal(older, 'zh')).not.toMatch(/[{}]/);
  });

  it('maps the known refusals without a check, and says something calm for anything else', () => {
    const cases: [unknown, string, string][] = [
      [
        new ApiError('unavailable', 'This kiosk cannot show a preview of a pack; install it from a kiosk served by the kiosk command.'),
        '本机不能预览内容包',
        'This kiosk cannot show a preview',
      ],
      [new ApiError('not_found', 'That pack is not on a USB stick or in a pack folder.'), '已找不到这个内容包', 'no longer there'],
      [new ApiError('unavailable', 'This pack cannot be previewed: the disk is full.'), '此内容包不能预览', 'This pack cannot be previewed'],
      [new ApiError('forbidden', 'The IT session has ended; enter the PIN again.'), 'IT 会话已结束', 'The IT session has ended'],
      ['bad-address', '不在本机上', 'not on this machine'],
      [new ApiError('internal', 'Something went wrong inside the kiosk; the error has been logged.'), '预览未能打开', 'could not be opened'],
      [new TypeError('x is undefined'), '预览未能打开', 'could not be opened'],
    ];
    for (const [e, zh, en] of cases) {
      expect(previewRefusal(e, 'zh')).toContain(zh);
      expect(previewRefusal(e, 'en')).toContain(en);
      // One sentence in the screen's language: no English under 中文 (the kiosk command by its name aside).
      expect(previewRefusal(e, 'zh').replace('kiosk', '')).not.toMatch(/[A-Za-z]{4,}/);
    }
  });
});
