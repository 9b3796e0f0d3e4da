/**
 * Refusals and audit entries as the IT screen shows them: the plain sentence in the screen's
 * language first (src/shared/messages.ts), the check's name apart, to be set second in small type.
 */
import { auditCode, describeAudit, fillMessage, isPackCheck, PACK_CHECK_TEXT, type AuditEntry, type Lang, type MessageParams } from '../../../shared';

/** A refused pack's plain sentence, without the check's name. */
export function refusalSentence(check: string, params: MessageParams | undefined, lang: Lang): string {
  if (isPackCheck(check)) return fillMessage(PACK_CHECK_TEXT[check][lang], params);
  return lang === 'zh' ? '此内容包被拒绝。' : 'This pack was refused.';
}

/** The "(check: x)" / "（检查项：x）" describeRefusal puts after a sentence. */
const CHECK_NOTE = / ?[（(](?:检查项|check)[:：] ?[^()（）]*[)）]/g;

/** An audit entry in plain words (its check, if any, left for the small type), and the names to set small. */
export function auditWords(e: AuditEntry, lang: Lang): { sentence: string; codes: string[] } {
  // A pack is named by its file's name, not the folder the stick is mounted in.
  const shown = e.file === undefined ? e : { ...e, file: e.file.split(/[\\/]/).pop() ?? e.file };
  const sentence = describeAudit(shown, lang).replace(CHECK_NOTE, '');
  const codes = [auditCode(e), ...(e.check ? [e.check] : [])];
  return { sentence, codes };
}
